"""The server-rendered complaint form of a ComplaintFormPage (the members' site renders the
same fields from the API's description).

The Django form here only renders and carries the submitted values: the rules are the
service's (service.services.forms), which answers every error at once; they are shown
beside their fields. A submission is filed as a Complaint, never stored as a Wagtail
FormSubmission.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from club.selectors import member_for_user
from core.errors import DomainError
from service.attachments import MAX_ATTACHMENTS, MAX_REQUEST_BYTES
from service.selectors.forms import FormFieldDescription, complaint_form_fields

STANDARD_TEXT = ("project_slug", "building", "unit", "category", "title", "description")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def _django_field(description: FormFieldDescription) -> forms.Field:
    options: dict[str, Any] = {
        "label": description.label,
        "required": description.required,
        "help_text": description.help_text,
        "initial": description.default_value or None,
    }
    kind = description.field_type
    if kind == "multiline":
        return forms.CharField(widget=forms.Textarea, **options)
    if kind in ("dropdown", "radio"):
        widget = forms.RadioSelect if kind == "radio" else forms.Select
        choices = [("", "—"), *description.choices] if kind == "dropdown" else description.choices
        return forms.ChoiceField(choices=choices, widget=widget, **options)
    if kind in ("checkboxes", "multiselect"):
        widget = forms.CheckboxSelectMultiple if kind == "checkboxes" else forms.SelectMultiple
        return forms.MultipleChoiceField(choices=description.choices, widget=widget, **options)
    if kind == "checkbox":
        return forms.BooleanField(**options)
    if kind == "number":
        return forms.CharField(widget=forms.NumberInput, **options)
    if kind == "file":
        return forms.FileField(
            widget=MultipleFileInput(attrs={"accept": "image/*,.pdf"}), **options
        )
    if kind == "date":
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == "hidden":
        return forms.CharField(widget=forms.HiddenInput, **options)
    return forms.CharField(max_length=description.max_length, **options)


class ComplaintHtmlForm(forms.Form):
    """Renders the fields and keeps what was typed; validation is the service's."""

    def full_clean(self) -> None:
        self._errors = ErrorDict()
        self.cleaned_data = {}


def complaint_form_class(*, page, viewer: Any = None, member: Any = None) -> type[forms.Form]:
    fields = {
        d.name: _django_field(d)
        for d in complaint_form_fields(page=page, viewer=viewer, member=member)
    }
    return type("ComplaintPageForm", (ComplaintHtmlForm,), fields)


def _submitted(page, request, member) -> dict[str, Any]:
    post = request.POST
    descriptions = complaint_form_fields(page=page, viewer=request.user, member=member)
    extra = {
        d.name: post.getlist(d.name)
        if d.field_type in ("checkboxes", "multiselect")
        else post.get(d.name)
        for d in descriptions
        if not d.standard and d.name in post
    }
    people = (post.get("people_count") or "1").strip()
    return {
        **{name: post.get(name, "") for name in STANDARD_TEXT},
        "people_count": int(people) if people.isdigit() else -1,
        "legal_action": post.get("legal_action") == "on",
        "media_exposure": post.get("media_exposure") == "on",
        "extra_values": extra,
        "uploads": request.FILES.getlist("attachments"),
        "guest_name": post.get("guest_name", ""),
        "guest_phone": post.get("guest_phone", ""),
        "sms_code": post.get("sms_code", ""),
    }


def _show_errors(form: forms.Form, exc: Exception) -> None:
    error = exc.as_validation_error() if isinstance(exc, DomainError) else exc
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for name, errors in by_field.items():
        target = name if name in form.fields else None
        for item in errors:
            form.add_error(target, ValidationError(item.messages))


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES
    except ValueError:
        return True


def _too_large_message() -> str:
    return _("一次最多上传 %(count)d 个文件，每个不超过 10 MB。") % {"count": MAX_ATTACHMENTS}


def _rate_limited(request):
    """Filing is an anonymous door (guests): counted per address and per guest phone
    before anything is read or checked (core.ratelimit, door `guest_complaint`)."""
    from core.ratelimit import RateLimited, rate_limit_request

    # The body is read for the phone only when it is within bounds (_too_large: never read).
    phone = "" if _too_large(request) else request.POST.get("guest_phone", "")[:32]
    try:
        rate_limit_request(request, door="guest_complaint", targets=[phone])
    except RateLimited as refused:
        return refused
    return None


def complaint_form_serve(*, page, request) -> TemplateResponse:
    """GET: the form. POST: file through the service; the thank-you page with the
    reference, or the form again with every error beside its field."""
    from service.services import complaint_file_from_form

    member = member_for_user(user=request.user)
    form_class = complaint_form_class(page=page, viewer=request.user, member=member)
    context = page.get_context(request)
    refused = _rate_limited(request) if request.method == "POST" else None
    if refused is not None:
        form = form_class()
        form.add_error(None, refused.message)
        context["form"] = form
        response = TemplateResponse(request, page.template, context, status=429)
        response["Retry-After"] = str(refused.retry_after)
        return response
    if request.method == "POST" and _too_large(request):
        # Refused from the Content-Length, before a byte of the body is read.
        form = form_class()
        form.add_error(None, str(_too_large_message()))
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES)
        form.is_valid()
        try:
            values = _submitted(page, request, member)
            complaint = complaint_file_from_form(
                page=page, viewer=request.user, member=member, **values
            )
        except (DomainError, ValidationError) as exc:
            _show_errors(form, exc)
        else:
            context["complaint"] = complaint
            return TemplateResponse(request, page.landing_page_template, context)
    else:
        form = form_class()
    context["form"] = form
    return TemplateResponse(request, page.template, context)
