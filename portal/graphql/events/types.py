"""GraphQL types of a member's event registration."""

from __future__ import annotations

import graphene
from django.urls import reverse

from events import selectors
from events.choices import RegistrationStatus as Status
from events.services import ticket_code
from payments import selectors as payment_selectors
from portal.graphql.content.types import Event
from portal.graphql.pagination import CountedConnection

RegistrationStatus = graphene.Enum.from_enum(Status, name="RegistrationStatus")


class EventRegistration(graphene.ObjectType):
    """The member's registration for an event (活动报名)."""

    id = graphene.ID(required=True)
    event = graphene.Field(Event, required=True)
    party_size = graphene.Int(
        required=True, description="People in the party, the member included."
    )
    status = graphene.Field(RegistrationStatus, required=True)
    waiting_list_position = graphene.Int(description="1 = next in line; null unless waiting.")
    registered_at = graphene.DateTime(required=True)
    cancelled_at = graphene.DateTime()
    checked_in_at = graphene.DateTime()
    ticket_code = graphene.String(
        description="Signed code shown at the door; null unless confirmed."
    )
    ticket_qr_url = graphene.String(
        description="QR image (SVG) of the ticket code; null unless confirmed."
    )
    calendar_url = graphene.String(description="An .ics file to add the event to a calendar.")
    payment = graphene.Field(
        "portal.graphql.payments.types.Payment",
        description="A paid event's payment (client secret while the seat is held).",
    )

    @staticmethod
    def resolve_id(registration, info) -> str:
        return str(registration.pk)

    @staticmethod
    def resolve_event(registration, info):
        return selectors.registration_event(registration=registration)

    @staticmethod
    def resolve_status(registration, info) -> str:
        return registration.status

    @staticmethod
    def resolve_waiting_list_position(registration, info) -> int | None:
        return selectors.waiting_list_position(registration=registration)

    @staticmethod
    def resolve_registered_at(registration, info):
        return registration.created_at

    @staticmethod
    def resolve_ticket_code(registration, info) -> str | None:
        if registration.status != Status.REGISTERED:
            return None
        return ticket_code(registration=registration)

    @staticmethod
    def resolve_ticket_qr_url(registration, info) -> str | None:
        if registration.status != Status.REGISTERED:
            return None
        return reverse("events:ticket-qr", args=[registration.pk, "svg"])

    @staticmethod
    def resolve_payment(registration, info):
        return payment_selectors.registration_payment(registration=registration)

    @staticmethod
    def resolve_calendar_url(registration, info) -> str | None:
        if registration.status == Status.CANCELLED:
            return None
        return reverse("events:ticket-ics", args=[registration.pk])


class EventRegistrationConnection(CountedConnection):
    class Meta:
        node = EventRegistration
