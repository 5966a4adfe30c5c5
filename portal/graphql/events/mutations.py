"""Registering for an event and cancelling, by the signed-in member (browser session)."""

from __future__ import annotations

import graphene
from django.utils.translation import gettext as _

from content import selectors as content_selectors
from core.errors import NotFoundError
from events import selectors
from payments import selectors as payment_selectors
from payments import services as payment_services
from portal.graphql.events.types import EventRegistration
from portal.graphql.identity import session_member_required
from portal.graphql.members.mutations.base import SessionMutation


class EventRegistrationInput(graphene.InputObjectType):
    event_slug = graphene.String(required=True)
    party_size = graphene.Int(description="People in the party, the member included; default 1.")


class CancelEventRegistrationInput(graphene.InputObjectType):
    registration_id = graphene.ID(required=True)


class RegisterForEvent(SessionMutation):
    """Register for an event: confirmed when the party fits, otherwise on the waiting list.
    For a paid event the seat is held while the member pays with `clientSecret`."""

    permission = "member"
    # A paid event's PaymentIntent is created between two transactions of the service.
    atomic = False

    class Arguments:
        input = EventRegistrationInput(required=True)

    class Meta:
        name = "EventRegistrationPayload"

    registration = graphene.Field(EventRegistration)
    client_secret = graphene.String(
        description="The PaymentIntent's client secret when the seat must be paid for."
    )

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        event = content_selectors.event_for(user=info.context.user, slug=input["event_slug"])
        if event is None:
            raise NotFoundError("event_slug", _("活动不存在或已下线。"), code="EVENT_NOT_FOUND")
        party_size = input.get("party_size")
        registration, payment = payment_services.ticket_register(
            member=member, event=event, party_size=1 if party_size is None else party_size
        )
        return {
            "registration": registration,
            "client_secret": payment_selectors.payment_client_secret(payment=payment),
        }


class CancelEventRegistration(SessionMutation):
    """Cancel the member's own registration (until the registration deadline)."""

    permission = "member"

    class Arguments:
        input = CancelEventRegistrationInput(required=True)

    class Meta:
        name = "CancelEventRegistrationPayload"

    registration = graphene.Field(EventRegistration)

    @classmethod
    def perform(cls, info, input):
        member = session_member_required(info.context)
        not_found = NotFoundError(
            "registration_id", _("报名记录不存在。"), code="REGISTRATION_NOT_FOUND"
        )
        try:
            registration_id = int(input["registration_id"])
        except (TypeError, ValueError):
            raise not_found from None
        registration = selectors.registration_for_member(
            member=member, registration_id=registration_id
        )
        if registration is None:
            raise not_found
        return {
            "registration": payment_services.ticket_cancel(member=member, registration=registration)
        }


class EventsMutation:
    register_for_event = RegisterForEvent.Field(required=True)
    cancel_event_registration = CancelEventRegistration.Field(required=True)
