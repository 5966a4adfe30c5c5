"""Reading complaint forms (for the API's form description and filing) and attachments
(for the staff download)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from content.selectors import page_in_preferred_locale, projects_visible_to
from core.audit import audit_record
from core.errors import NotFoundError
from service.attachments import MAX_ATTACHMENTS
from service.choices import Category
from service.models import ComplaintAttachment, ComplaintFormPage
from service.permissions import VIEW

AUDIT_ATTACHMENT = "service.attachment.download"


def complaint_form_by_slug(
    *, slug: str, language_code: str | None = None
) -> ComplaintFormPage | None:
    """The live, public form with this slug, in the asked language if translated (else
    the request's language, else zh-Hans); None when there is none."""
    pages = ComplaintFormPage.objects.live().public().filter(slug=slug)
    page = page_in_preferred_locale(pages, language_code=language_code)
    if page is None:
        return None
    return ComplaintFormPage.objects.prefetch_related("form_fields").get(pk=page.pk)


def attachment_for_staff(*, actor: Any, attachment_id: int) -> ComplaintAttachment:
    """An attached file for staff holding `service.view_complaint`; the download is
    audited. Pending uploads (not yet part of a complaint) are nobody's to read."""
    not_found = NotFoundError("attachment", _("未找到该附件。"))
    if actor is None or not getattr(actor, "is_active", False) or not actor.has_perm(VIEW):
        raise not_found
    attachment = (
        ComplaintAttachment.objects.select_related("complaint")
        .filter(pk=attachment_id, complaint__isnull=False)
        .first()
    )
    if attachment is None:
        raise not_found
    audit_record(
        actor=actor,
        operation=AUDIT_ATTACHMENT,
        target=f"complaint:{attachment.complaint.reference}",
        filters={"attachment": attachment.pk},
        row_count=1,
    )
    return attachment


@dataclass(frozen=True)
class FormFieldDescription:
    """One field of a complaint form as a client renders it.

    `field_type` is Wagtail's form-builder vocabulary (singleline, multiline, number,
    checkbox, checkboxes, dropdown, multiselect, radio, date, datetime, email, url,
    hidden) plus three of ours: `file` (attachments, uploaded ahead, see
    docs/architecture.md), `phone` and `sms_code`. `standard` fields are sent as the
    input's own fields; the others (the editor's) as `fields: [{name, value}]`.
    """

    name: str
    label: str
    field_type: str
    required: bool
    standard: bool
    help_text: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default_value: str = ""
    max_length: int | None = None


def _editor_choices(field: Any) -> tuple[tuple[str, str], ...]:
    if field.field_type not in ("dropdown", "radio", "checkboxes", "multiselect"):
        return ()
    from wagtail.contrib.forms.forms import FormBuilder

    return tuple(FormBuilder([]).get_formatted_field_choices(field))


def complaint_form_fields(
    *, page: ComplaintFormPage, viewer: Any, member: Any
) -> list[FormFieldDescription]:
    """Every field of the form in the order it is shown: the standard fields, the
    editor's, the attachments, and — for guests — name, mobile and SMS code."""
    projects = tuple(
        (project.slug, project.title)
        for project in projects_visible_to(user=viewer).only("slug", "title")
    )
    standard = [
        FormFieldDescription("project_slug", _("楼盘"), "dropdown", False, True, choices=projects),
        FormFieldDescription("building", _("楼栋"), "singleline", False, True, max_length=50),
        FormFieldDescription("unit", _("房号"), "singleline", False, True, max_length=50),
    ]
    if page.category_choosable:
        standard.append(
            FormFieldDescription(
                "category",
                _("类别"),
                "dropdown",
                True,
                True,
                choices=tuple((value, str(label)) for value, label in Category.choices),
                default_value=page.default_category,
            )
        )
    standard += [
        FormFieldDescription("title", _("标题"), "singleline", True, True, max_length=200),
        FormFieldDescription("description", _("内容"), "multiline", True, True),
        FormFieldDescription(
            "people_count",
            _("投诉人数"),
            "number",
            False,
            True,
            help_text=_("多人共同投诉时请填写人数。"),
            default_value="1",
        ),
        FormFieldDescription("legal_action", _("已提起法律诉讼"), "checkbox", False, True),
        FormFieldDescription("media_exposure", _("已被媒体报道"), "checkbox", False, True),
    ]
    editor = [
        FormFieldDescription(
            field.clean_name,
            field.label,
            field.field_type,
            field.required,
            False,
            help_text=field.help_text,
            choices=_editor_choices(field),
            default_value=field.default_value,
        )
        for field in page.form_fields.all()
    ]
    closing = [
        FormFieldDescription(
            "attachments",
            _("附件"),
            "file",
            False,
            True,
            help_text=_("最多 %(count)d 个图片或 PDF 文件，每个不超过 10 MB。")
            % {"count": MAX_ATTACHMENTS},
        )
    ]
    if member is None:
        closing += [
            FormFieldDescription("guest_name", _("姓名"), "singleline", True, True, max_length=100),
            FormFieldDescription("guest_phone", _("手机号"), "phone", True, True),
            FormFieldDescription(
                "sms_code",
                _("短信验证码"),
                "sms_code",
                True,
                True,
                help_text=_("验证码将发送到您填写的手机号。"),
            ),
        ]
    return standard + editor + closing


def complaint_attachments_for_staff(*, actor: Any, complaint: Any) -> list[ComplaintAttachment]:
    """The files attached to a complaint, listed to staff holding `service.view_complaint`
    (each download is audited separately by `attachment_for_staff`)."""
    if actor is None or not getattr(actor, "is_active", False) or not actor.has_perm(VIEW):
        return []
    return list(complaint.attachments.order_by("created_at", "pk"))
