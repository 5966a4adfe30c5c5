"""Filing through an editor-built form (ComplaintFormPage): the page's HTML form and the
API's `fileComplaint` both end here, so the form's submission is always a Complaint.

One request, one answer: the standard fields (service.services.filing), the editor's extra
fields, the attachments and the guest's code are checked together and every error is
reported at once. Only when they are all valid is the guest's SMS code verified (a wrong
code counts as an attempt, so callers must not roll back a refusal) and the complaint
filed, its files stored and the code spent, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import transaction
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import FormBuilder

from club.choices import SmsPurpose
from club.services import sms_code_spend, sms_code_verify
from content import selectors as content_selectors
from core.errors import DomainError, DomainErrors
from service.attachments import attachments_clean
from service.choices import RequestKind
from service.models import Complaint, ComplaintFormPage
from service.services.attachments import attachment_tokens_check, attachments_attach
from service.services.common import FieldErrors
from service.services.filing import complaint_fields_check, complaint_file

MAX_EXTRA_VALUE = 2000
MULTIPLE_CHOICE_TYPES = ("checkboxes", "multiselect")


def _extra_error(name: str, code: str) -> DomainError:
    messages = {
        "FIELD_REQUIRED": _("请填写此项。"),
        "FIELD_CHOICE_INVALID": _("请选择有效的选项。"),
        "FIELD_INVALID": _("此项格式不正确。"),
        "FIELD_UNKNOWN": _("表单中没有此项。"),
    }
    return DomainError(name, code, messages[code])


def _plain(value: Any) -> Any:
    """A cleaned form value as JSON keeps it."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def form_extra_fields_check(
    *, errors: FieldErrors, page: ComplaintFormPage, values: dict[str, Any]
) -> list[dict[str, Any]]:
    """Check the values of the editor's fields with the same Django form fields the page
    renders (Wagtail's FormBuilder), into `errors`; our own codes and messages, never the
    library's. Returns the values to keep with the complaint: name, label, value."""
    fields = list(page.get_form_fields())
    known = {field.clean_name: field for field in fields}
    for name in values:
        if name not in known:
            errors.add(_extra_error(name, "FIELD_UNKNOWN"))
    data = MultiValueDict()
    for name, value in values.items():
        if name not in known or value is None:
            continue
        items = value if isinstance(value, list | tuple) else [value]
        data.setlist(name, [str(item)[:MAX_EXTRA_VALUE] for item in items])
    form = FormBuilder(fields).get_form_class()(data=data)
    form.is_valid()
    for name, field_errors in form.errors.as_data().items():
        code = field_errors[0].code
        if code == "required":
            errors.add(_extra_error(name, "FIELD_REQUIRED"))
        elif code == "invalid_choice":
            errors.add(_extra_error(name, "FIELD_CHOICE_INVALID"))
        else:
            errors.add(_extra_error(name, "FIELD_INVALID"))
    cleaned = getattr(form, "cleaned_data", {})
    return [
        {"name": field.clean_name, "label": field.label, "value": _plain(cleaned[field.clean_name])}
        for field in fields
        if field.clean_name in cleaned and cleaned[field.clean_name] not in (None, "", [])
    ]


def _raise_if_any(errors: FieldErrors) -> None:
    """Raise the collected errors as core's DomainErrors (one DomainError for one)."""
    found = [
        DomainError(None if field == "__all__" else field, error.code, error.messages[0])
        for field, field_errors in errors.errors.items()
        for error in field_errors
    ]
    if len(found) == 1:
        raise found[0]
    if found:
        raise DomainErrors(found)


def complaint_file_from_form(
    *,
    page: ComplaintFormPage | None,
    viewer: Any,
    member: Any,
    category: str,
    title: str,
    description: str,
    project_slug: str | None = None,
    building: str = "",
    unit: str = "",
    people_count: int | None = 1,
    legal_action: bool = False,
    media_exposure: bool = False,
    extra_values: dict[str, Any] | None = None,
    uploads: list[Any] | None = None,
    attachment_tokens: list[str] | None = None,
    guest_name: str = "",
    guest_phone: str = "",
    sms_code: str = "",
) -> Complaint:
    """File a complaint from a web form (`page`, or the API's plain filing when None).

    `viewer` is the request's user (which projects they may name); `member` the signed-in
    member, else the complainant is a guest proven by an SMS code (purpose
    GUEST_COMPLAINT) texted to `guest_phone`. `uploads` are files sent with the form,
    `attachment_tokens` files uploaded ahead (service.views); five at most in all.
    """
    errors = FieldErrors()
    if page is not None and not page.category_choosable or page is not None and not category:
        category = page.default_category
    people_count = 1 if people_count is None else people_count
    fields = complaint_fields_check(
        errors=errors,
        category=category,
        title=title,
        description=description,
        member=member,
        guest_name=guest_name,
        guest_phone=guest_phone,
        building=building,
        unit=unit,
        people_count=people_count,
    )
    project = None
    if project_slug:
        project = content_selectors.project_for(user=viewer, slug=project_slug)
        errors.check("project_slug", project is not None, "PROJECT_NOT_FOUND", _("未找到该楼盘。"))
    extras: list[dict[str, Any]] = []
    if page is not None:
        extras = form_extra_fields_check(errors=errors, page=page, values=extra_values or {})
    elif extra_values:
        errors.add(DomainError("fields", "FORM_REQUIRED", _("附加字段须通过表单提交。")))
    cleaned_files = []
    if uploads:
        try:
            cleaned_files = attachments_clean(uploads=uploads)
        except DomainErrors as exc:
            for error in exc.errors:
                errors.add(error)
        except DomainError as exc:
            errors.add(exc)
    for error in attachment_tokens_check(
        tokens=attachment_tokens or [], with_files=len(uploads or [])
    ):
        errors.add(error)
    if member is None:
        errors.check(
            "sms_code",
            bool((sms_code or "").strip()),
            "SMS_CODE_REQUIRED",
            _("请填写短信验证码。"),
        )
    _raise_if_any(errors)

    sms = None
    if member is None:
        # Outside the filing transaction: a wrong code's attempt must be counted.
        sms = sms_code_verify(
            phone=fields["guest_phone"],
            code=sms_code,
            purpose=SmsPurpose.GUEST_COMPLAINT,
            field="sms_code",
        )
    extra: dict[str, Any] = {}
    if page is not None:
        extra = {"form": {"page": page.pk, "title": page.title}, "fields": extras}
    with transaction.atomic():
        complaint = complaint_file(
            **{k: v for k, v in fields.items() if k not in ("filed_by", "channel")},
            project=project,
            legal_action=bool(legal_action),
            media_exposure=bool(media_exposure),
            extra=extra,
            kind=page.request_kind if page is not None else RequestKind.COMPLAINT,
        )
        attachments_attach(
            complaint=complaint,
            cleaned=cleaned_files,
            tokens=attachment_tokens or [],
            uploader=getattr(member, "user", None),
        )
        if sms is not None:
            sms_code_spend(sms=sms)
    return complaint
