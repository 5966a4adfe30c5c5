"""GraphQL types of complaints: the complainant's view (`Complaint`, public timeline only),
the staff queue's row (`StaffComplaint`, contacts masked by the selector), and the
description of an editor-built form (`ComplaintForm`)."""

from __future__ import annotations

from typing import Any

import graphene
from django.urls import reverse

from portal.graphql.identity import request_user, session_member
from portal.graphql.pagination import CountedConnection
from service import choices, selectors
from service.attachments import ALLOWED_CONTENT_TYPES, MAX_ATTACHMENTS, MAX_BYTES


def _enum(name: str, options: Any, text: str) -> type[graphene.Enum]:
    labels = "；".join(f"{value} {label}" for value, label in options.choices)
    return graphene.Enum(
        name, [(value, value) for value in options.values], description=f"{text}（{labels}）"
    )


ComplaintCategory = _enum("ComplaintCategory", choices.Category, "By profession (按专业)")
ComplaintSeverity = _enum("ComplaintSeverity", choices.Severity, "By nature (按性质)")
ComplaintStatus = _enum("ComplaintStatus", choices.Status, "投诉状态")
ComplaintChannel = _enum("ComplaintChannel", choices.Channel, "受理渠道")
ComplaintKind = _enum("ComplaintKind", choices.RequestKind, "申请类型")


class ComplaintEvent(graphene.ObjectType):
    """One public timeline entry: a status change or a note written for the complainant."""

    at = graphene.DateTime(required=True)
    kind = graphene.String(required=True)
    note = graphene.String()

    @staticmethod
    def resolve_note(entry, info) -> str | None:
        return entry.note or None


class StoredCodes:
    """Enum fields answer the stored code: a freshly created row holds the TextChoices
    member itself, which graphene's enum does not accept."""

    @staticmethod
    def resolve_category(complaint, info) -> str:
        return str(complaint.category)

    @staticmethod
    def resolve_severity(complaint, info) -> str:
        return str(complaint.severity)

    @staticmethod
    def resolve_status(complaint, info) -> str:
        return str(complaint.status)

    @staticmethod
    def resolve_kind(complaint, info) -> str:
        return str(complaint.kind)

    @staticmethod
    def resolve_channel(complaint, info) -> str:
        return str(complaint.channel)


class Complaint(StoredCodes, graphene.ObjectType):
    """A complaint as its complainant sees it: never an internal note or a staff name."""

    reference = graphene.String(required=True)
    title = graphene.String(required=True)
    category = graphene.Field(ComplaintCategory, required=True)
    severity = graphene.Field(ComplaintSeverity, required=True)
    status = graphene.Field(ComplaintStatus, required=True)
    kind = graphene.Field(ComplaintKind, required=True)
    created_at = graphene.DateTime(required=True)
    first_response_due_at = graphene.DateTime()
    timeline = graphene.List(graphene.NonNull(ComplaintEvent), required=True)

    @staticmethod
    def resolve_timeline(complaint, info):
        return selectors.complaint_public_timeline(complaint=complaint)


class ComplaintConnection(CountedConnection):
    class Meta:
        node = Complaint


class StaffComplaint(StoredCodes, graphene.ObjectType):
    """A row of the staff queue; the complainant's contact is masked unless the reader
    holds the PII permission (every fetch is audited)."""

    reference = graphene.String(required=True)
    title = graphene.String(required=True)
    category = graphene.Field(ComplaintCategory, required=True)
    severity = graphene.Field(ComplaintSeverity, required=True)
    status = graphene.Field(ComplaintStatus, required=True)
    kind = graphene.Field(ComplaintKind, required=True)
    channel = graphene.Field(ComplaintChannel, required=True)
    people_count = graphene.Int(required=True)
    created_at = graphene.DateTime(required=True)
    first_response_due_at = graphene.DateTime()
    handling_due_at = graphene.DateTime()
    response_overdue = graphene.Boolean(required=True)
    handling_overdue = graphene.Boolean(required=True)
    overdue = graphene.Boolean(required=True)
    complainant_name = graphene.String()
    complainant_phone = graphene.String()
    project_name = graphene.String()
    department_name = graphene.String()
    handler_name = graphene.String()

    @staticmethod
    def resolve_complainant_name(complaint, info) -> str | None:
        return complaint.contact["name"]

    @staticmethod
    def resolve_complainant_phone(complaint, info) -> str | None:
        return complaint.contact["phone"]

    @staticmethod
    def resolve_project_name(complaint, info) -> str | None:
        return complaint.project.title if complaint.project_id else None

    @staticmethod
    def resolve_department_name(complaint, info) -> str | None:
        return complaint.department.name if complaint.department_id else None

    @staticmethod
    def resolve_handler_name(complaint, info) -> str | None:
        if not complaint.handler_id:
            return None
        return complaint.handler.get_full_name() or complaint.handler.get_username()


class StaffComplaintConnection(CountedConnection):
    class Meta:
        node = StaffComplaint


class ComplaintFormChoice(graphene.ObjectType):
    value = graphene.String(required=True)
    label = graphene.String(required=True)


class ComplaintFormField(graphene.ObjectType):
    """One field to render. `standard` fields go into ComplaintInput's own fields (by
    `name`, in camelCase there); the editor's into `fields: [{name, value}]`."""

    name = graphene.String(required=True)
    label = graphene.String(required=True)
    field_type = graphene.String(
        required=True,
        description=(
            "singleline, multiline, number, checkbox, checkboxes, dropdown, multiselect, radio, "
            "date, datetime, email, url, hidden; file (upload to attachmentUploadUrl, send the "
            "tokens as attachmentTokens), phone, sms_code (requestSmsCode with purpose "
            "GUEST_COMPLAINT)."
        ),
    )
    required = graphene.Boolean(required=True)
    standard = graphene.Boolean(required=True)
    help_text = graphene.String()
    choices = graphene.List(graphene.NonNull(ComplaintFormChoice), required=True)
    default_value = graphene.String()
    max_length = graphene.Int()

    @staticmethod
    def resolve_choices(field, info):
        return [ComplaintFormChoice(value=value, label=label) for value, label in field.choices]

    @staticmethod
    def resolve_help_text(field, info) -> str | None:
        return str(field.help_text) or None

    @staticmethod
    def resolve_default_value(field, info) -> str | None:
        return field.default_value or None


class ComplaintForm(graphene.ObjectType):
    """An editor-built complaint form, described so that any client can render it."""

    slug = graphene.String(required=True)
    title = graphene.String(required=True)
    locale = graphene.String(required=True)
    intro = graphene.String()
    thank_you_text = graphene.String()
    kind = graphene.Field(ComplaintKind, required=True)
    default_category = graphene.Field(ComplaintCategory, required=True)
    category_choosable = graphene.Boolean(required=True)
    fields = graphene.List(graphene.NonNull(ComplaintFormField), required=True)
    attachment_upload_url = graphene.String(required=True)
    max_attachments = graphene.Int(required=True)
    max_attachment_bytes = graphene.Int(required=True)
    attachment_content_types = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_locale(page, info) -> str:
        return page.locale.language_code

    @staticmethod
    def resolve_kind(page, info) -> str:
        return str(page.request_kind)

    @staticmethod
    def resolve_default_category(page, info) -> str:
        return str(page.default_category)

    @staticmethod
    def resolve_fields(page, info):
        return selectors.complaint_form_fields(
            page=page, viewer=request_user(info.context), member=session_member(info.context)
        )

    @staticmethod
    def resolve_attachment_upload_url(page, info) -> str:
        return reverse("service:attachment-upload")

    @staticmethod
    def resolve_max_attachments(page, info) -> int:
        return MAX_ATTACHMENTS

    @staticmethod
    def resolve_max_attachment_bytes(page, info) -> int:
        return MAX_BYTES

    @staticmethod
    def resolve_attachment_content_types(page, info) -> list[str]:
        return list(ALLOWED_CONTENT_TYPES)
