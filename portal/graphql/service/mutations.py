"""Filing, rating and reopening complaints (browser sessions; bearer tokens are refused).

`fileComplaint` runs outside the mutation transaction (`atomic = False`): a guest's wrong
SMS code counts as an attempt and must not be rolled back with the refusal. The service
makes its own writes atomic.
"""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from core.errors import NotFoundError
from portal.graphql.identity import request_user, session_member, session_member_required
from portal.graphql.inputs import input_values
from portal.graphql.members.mutations.base import SessionMutation
from portal.graphql.ratelimit import public_door
from portal.graphql.service.types import Complaint, ComplaintCategory
from service import selectors, services


class ComplaintFieldValue(graphene.InputObjectType):
    """The value of one editor-built field (`ComplaintForm.fields` where standard is false)."""

    name = graphene.String(required=True)
    value = graphene.String()
    values = graphene.List(graphene.NonNull(graphene.String), description="For checkboxes.")


class ComplaintInput(graphene.InputObjectType):
    form_slug = graphene.String(description="The editor-built form filed through, if any.")
    project_slug = graphene.String()
    building = graphene.String()
    unit = graphene.String()
    category = ComplaintCategory(required=True)
    title = graphene.String(required=True)
    description = graphene.String(required=True)
    people_count = graphene.Int(description="> 1 for a collective complaint")
    legal_action = graphene.Boolean(description="Legal action started")
    media_exposure = graphene.Boolean(description="Exposed by media")
    fields = graphene.List(graphene.NonNull(ComplaintFieldValue))
    attachment_tokens = graphene.List(
        graphene.NonNull(graphene.String),
        description="Tokens from POST /service/attachments/ (5 files at most).",
    )
    guest_name = graphene.String(description="Guests only: the complainant's name.")
    guest_phone = graphene.String(description="Guests only: a mainland mobile number.")
    sms_code = graphene.String(
        description="Guests only: the code requestSmsCode(purpose: GUEST_COMPLAINT) texted."
    )


@public_door("guest_complaint", targets=("guest_phone",))
class FileComplaint(SessionMutation):
    """File a complaint, repair request or suggestion; answered with its reference at
    once (and by e-mail or SMS). Every field error is reported together."""

    atomic = False

    class Arguments:
        input = ComplaintInput(required=True)

    class Meta:
        name = "ComplaintPayload"

    complaint = graphene.Field(Complaint)

    @classmethod
    def perform(cls, info, input):
        # The editor's fields are read before input_values, whose enum unwrapping would
        # take an item's `value` attribute for the item itself.
        extra = {
            item["name"]: item["values"] if item.get("values") is not None else item.get("value")
            for item in input.get("fields") or []
        }
        values = input_values(input)
        values.pop("fields", None)
        page = None
        form_slug = values.pop("form_slug", None)
        if form_slug:
            page = selectors.complaint_form_by_slug(slug=form_slug)
            if page is None:
                raise NotFoundError("form_slug", _("表单不存在或已下线。"), code="FORM_NOT_FOUND")
        values = {key: value for key, value in values.items() if value is not None}
        complaint = services.complaint_file_from_form(
            page=page,
            viewer=request_user(info.context),
            member=session_member(info.context),
            extra_values=extra,
            **values,
        )
        return {"complaint": complaint}


class RateComplaintInput(graphene.InputObjectType):
    reference = graphene.String(required=True)
    rating = graphene.Int(required=True, description="Satisfaction 1 (lowest) to 5.")
    comment = graphene.String()


class RateComplaint(SessionMutation):
    """The complainant rates the handling of their resolved complaint (the follow-up)."""

    permission = "member"

    class Arguments:
        input = RateComplaintInput(required=True)

    class Meta:
        name = "RateComplaintPayload"

    complaint = graphene.Field(Complaint)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        complaint = selectors.complaint_for_member(member=member, reference=input["reference"])
        complaint = services.complaint_rate(
            member=member,
            complaint=complaint,
            rating=input["rating"],
            comment=input.get("comment") or "",
        )
        return {"complaint": complaint}


class ReopenComplaintInput(graphene.InputObjectType):
    reference = graphene.String(required=True)
    reason = graphene.String(required=True, description="What is still wrong (shown to staff).")


class ReopenComplaint(SessionMutation):
    """The complainant raises a resolved complaint again (二次投诉): back to handling."""

    permission = "member"

    class Arguments:
        input = ReopenComplaintInput(required=True)

    class Meta:
        name = "ReopenComplaintPayload"

    complaint = graphene.Field(Complaint)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        complaint = selectors.complaint_for_member(member=member, reference=input["reference"])
        complaint = services.complaint_reopen(
            actor=member.user, complaint=complaint, reason=input["reason"]
        )
        return {"complaint": complaint}


class ServiceMutation:
    file_complaint = FileComplaint.Field(required=True)
    rate_complaint = RateComplaint.Field(required=True)
    reopen_complaint = ReopenComplaint.Field(required=True)
