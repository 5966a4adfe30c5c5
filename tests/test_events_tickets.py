"""The signed ticket, its QR image and calendar file, and check-in at the door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from core.errors import DomainError, PermissionDeniedError
from events.choices import RegistrationStatus
from events.errors import AlreadyCheckedInError
from events.models import Registration
from events.services import (
    event_register,
    registration_check_in,
    ticket_code,
    ticket_ics,
    ticket_registration,
)
from tests.factories import UserFactory, event_create, member_create, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def door_staff(db):
    return staff_with("events.change_registration")


@pytest.fixture
def registration(site_tree):
    event = event_create(site_tree, title="业主恳谈会", city="深圳", venue="会所二楼")
    return event_register(member=member_create(), event=event, party_size=2)


# --- the signed code ----------------------------------------------------------------------


def test_a_ticket_code_leads_back_to_its_registration(registration):
    code = ticket_code(registration=registration)
    assert ticket_registration(code=code).pk == registration.pk


@pytest.mark.parametrize(
    "forge",
    [
        lambda code: code.split(":")[0],  # the token without its signature
        lambda code: code[:-1] + ("A" if code[-1] != "A" else "B"),  # a signature altered
        lambda code: "0123456789ABCDEF:" + code.split(":", 1)[1],  # another token
        lambda code: "",
    ],
)
def test_a_forged_ticket_code_is_refused(registration, door_staff, forge):
    forged = forge(ticket_code(registration=registration))
    with pytest.raises(DomainError) as refused:
        registration_check_in(actor=door_staff, code=forged)
    assert refused.value.code == "TICKET_INVALID"
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


# --- check-in -----------------------------------------------------------------------------


def test_a_second_scan_says_already_checked_in_with_the_time(registration, door_staff):
    code = ticket_code(registration=registration)
    first_scan = timezone.now().replace(microsecond=0)
    registration_check_in(actor=door_staff, code=code, now=first_scan)

    with pytest.raises(AlreadyCheckedInError) as again:
        registration_check_in(actor=door_staff, code=code, now=first_scan + dt.timedelta(minutes=5))

    assert again.value.code == "ALREADY_CHECKED_IN"
    assert again.value.checked_in_at == first_scan
    assert f"{timezone.localtime(first_scan):%H:%M}" in again.value.message
    stored = Registration.objects.get(pk=registration.pk)
    assert stored.checked_in_at == first_scan and stored.checked_in_by == door_staff


def test_a_code_for_another_event_is_refused_at_this_events_door(
    site_tree, registration, door_staff
):
    other = event_create(site_tree)
    with pytest.raises(DomainError) as refused:
        registration_check_in(
            actor=door_staff, code=ticket_code(registration=registration), event=other
        )
    assert refused.value.code == "TICKET_OTHER_EVENT"


def test_a_waiting_list_ticket_cannot_check_in(site_tree, door_staff):
    event = event_create(site_tree, capacity=1)
    event_register(member=member_create(), event=event)
    waiting = event_register(member=member_create(), event=event)
    assert waiting.status == RegistrationStatus.WAITLISTED

    with pytest.raises(DomainError) as refused:
        registration_check_in(actor=door_staff, code=ticket_code(registration=waiting))
    assert refused.value.code == "TICKET_NOT_CONFIRMED"


def test_checking_in_needs_the_permission(registration):
    with pytest.raises(PermissionDeniedError):
        registration_check_in(actor=UserFactory(), code=ticket_code(registration=registration))


# --- the calendar file and the QR image ---------------------------------------------------


def test_the_ics_parses_as_one_event_at_the_events_time_and_place(registration):
    parsed = Calendar.from_ical(ticket_ics(registration=registration))
    (entry,) = parsed.walk("VEVENT")
    event = registration.event

    assert str(entry["SUMMARY"]) == "业主恳谈会"
    # RFC 5545 times have whole seconds
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert entry.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(entry["LOCATION"]) == "深圳 会所二楼"
    assert ticket_code(registration=registration) in str(entry["DESCRIPTION"])
    assert str(entry["UID"]).startswith(f"registration-{registration.pk}@")


def test_the_member_downloads_their_ticket_qr_and_calendar(client, registration):
    client.force_login(registration.member.user)

    svg = client.get(f"/events/registrations/{registration.pk}/ticket.svg")
    png = client.get(f"/events/registrations/{registration.pk}/ticket.png")
    ics = client.get(f"/events/registrations/{registration.pk}/event.ics")

    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(ics.content).walk("VEVENT")


@pytest.mark.parametrize("who", ["anonymous", "another member", "staff"])
def test_nobody_else_gets_a_members_ticket(client, registration, who):
    if who == "another member":
        client.force_login(member_create().user)
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))

    for path in ("ticket.svg", "ticket.png", "event.ics"):
        assert client.get(f"/events/registrations/{registration.pk}/{path}").status_code == 404


def test_a_waiting_list_place_has_no_qr_ticket_yet(client, site_tree):
    event = event_create(site_tree, capacity=1)
    event_register(member=member_create(), event=event)
    waiting = event_register(member=member_create(), event=event)
    client.force_login(waiting.member.user)

    assert client.get(f"/events/registrations/{waiting.pk}/ticket.svg").status_code == 404
