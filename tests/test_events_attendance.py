"""Walk-ins, the attendance report, event records, data rights and seatsLeft in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from club.services import member_account_delete, member_data_export
from core.errors import DomainError, PermissionDeniedError
from core.models import AuditEntry
from events.choices import RecordKind, RegistrationStatus
from events.models import EventRecord, Registration
from events.selectors import event_attendance
from events.services import (
    event_record_attach,
    event_register,
    registration_check_in,
    ticket_code,
    walk_in_record,
)
from tests.factories import UserFactory, event_create, member_create, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(site_tree):
    return event_create(site_tree, capacity=10, max_party_size=3)


# --- walk-ins -----------------------------------------------------------------------------


def test_a_walk_in_is_recorded_with_who_recorded_it(event):
    staff = staff_with("events.add_walkin")
    walk_in = walk_in_record(
        actor=staff, event=event, name="李四", phone="13912345678", party_size=2
    )
    assert (walk_in.name, walk_in.phone, walk_in.party_size) == ("李四", "+8613912345678", 2)
    assert walk_in.recorded_by == staff


def test_a_walk_in_form_is_answered_whole(event):
    staff = staff_with("events.add_walkin")
    with pytest.raises(ValidationError) as refused:
        walk_in_record(actor=staff, event=event, name=" ", phone="12345", party_size=0)
    assert set(refused.value.error_dict) == {"name", "phone", "party_size"}


def test_recording_a_walk_in_needs_the_permission(event):
    with pytest.raises(PermissionDeniedError):
        walk_in_record(actor=UserFactory(), event=event, name="李四")


# --- the attendance report ----------------------------------------------------------------


def test_the_attendance_report_lists_registrations_and_walk_ins_masked_and_audited(event):
    member = member_create(name="王小明", phone="+8613812345678")
    registration = event_register(member=member, event=event, party_size=2)
    registration_check_in(
        actor=staff_with("events.change_registration"), code=ticket_code(registration=registration)
    )
    walk_in_record(
        actor=staff_with("events.add_walkin"), event=event, name="李四", phone="13912345678"
    )
    reader = staff_with("events.view_registration")

    rows = event_attendance(actor=reader, event=event)

    assert [(r.kind, r.name, r.phone, r.party_size) for r in rows] == [
        ("REGISTRATION", "王**", "138****5678", 2),
        ("WALK_IN", "李*", "139****5678", 1),
    ]
    assert rows[0].checked_in_at is not None
    entry = AuditEntry.objects.get(operation="events.attendance")
    assert (entry.actor, entry.row_count, entry.pii_unmasked) == (reader, 2, False)


def test_a_reader_with_the_pii_permission_sees_names_and_phones_and_it_is_recorded(event):
    event_register(member=member_create(name="王小明", phone="+8613812345678"), event=event)
    reader = staff_with("events.view_registration", "club.view_member_pii")

    (row,) = event_attendance(actor=reader, event=event)

    assert (row.name, row.phone) == ("王小明", "+8613812345678")
    assert AuditEntry.objects.get(operation="events.attendance").pii_unmasked is True


def test_the_attendance_report_needs_the_permission(event):
    with pytest.raises(PermissionDeniedError):
        event_attendance(actor=UserFactory(), event=event)


# --- records after the event --------------------------------------------------------------


def test_staff_attach_the_sign_in_sheet_photos_and_minutes(event):
    staff = staff_with("events.add_eventrecord")
    sheet = Document.objects.create(title="签到表", file=ContentFile(b"%PDF-1.4", name="sheet.pdf"))
    photo = Image.objects.create(title="合影", file=get_test_image_file())

    event_record_attach(actor=staff, event=event, kind=RecordKind.SIGN_IN_SHEET, document=sheet)
    event_record_attach(actor=staff, event=event, kind=RecordKind.PHOTO, image=photo)
    event_record_attach(actor=staff, event=event, kind=RecordKind.MINUTES, document=sheet)

    assert sorted(event.records.values_list("kind", flat=True)) == [
        "MINUTES",
        "PHOTO",
        "SIGN_IN_SHEET",
    ]


def test_a_photo_must_be_an_image_and_minutes_a_document(event):
    staff = staff_with("events.add_eventrecord")
    sheet = Document.objects.create(title="纪要", file=ContentFile(b"%PDF-1.4", name="m.pdf"))
    photo = Image.objects.create(title="合影", file=get_test_image_file())

    with pytest.raises(DomainError) as not_image:
        event_record_attach(actor=staff, event=event, kind=RecordKind.PHOTO, document=sheet)
    with pytest.raises(DomainError) as not_document:
        event_record_attach(actor=staff, event=event, kind=RecordKind.MINUTES, image=photo)
    with pytest.raises(DomainError) as nothing:
        event_record_attach(actor=staff, event=event, kind=RecordKind.SIGN_IN_SHEET)

    assert not_image.value.code == "PHOTO_MUST_BE_IMAGE"
    assert not_document.value.code == "MINUTES_MUST_BE_DOCUMENT"
    assert nothing.value.code == "RECORD_FILE_REQUIRED"
    assert not EventRecord.objects.exists()


# --- data rights --------------------------------------------------------------------------


def test_a_members_registrations_are_in_their_data_export(event):
    member = member_create()
    event_register(member=member, event=event, party_size=2)

    exported = member_data_export(member=member)["event_registrations"]

    assert exported == [
        {
            "event": {"slug": event.slug, "title": event.title},
            "starts_at": event.starts_at.isoformat(),
            "party_size": 2,
            "status": "REGISTERED",
            "registered_at": exported[0]["registered_at"],
            "promoted_at": None,
            "cancelled_at": None,
            "checked_in_at": None,
        }
    ]


def test_deleting_the_account_gives_up_upcoming_seats_to_the_waiting_list(site_tree):
    event = event_create(site_tree, capacity=1)
    leaving = event_register(member=member_create(), event=event)
    waiting = event_register(member=member_create(), event=event)

    member_account_delete(member=leaving.member)

    assert Registration.objects.get(pk=leaving.pk).status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == RegistrationStatus.REGISTERED


# --- Event.seatsLeft in the API -----------------------------------------------------------


def _gql(client, query):
    return client.post("/graphql/", {"query": query}, content_type="application/json").json()


def test_seats_left_in_the_api_subtracts_confirmed_seats(client, site_tree):
    event = event_create(site_tree, slug="mid-autumn", capacity=5, max_party_size=3)
    event_register(member=member_create(), event=event, party_size=3)
    event_register(member=member_create(), event=event, party_size=3)  # waits

    single = _gql(client, '{ event(slug: "mid-autumn") { seatsLeft } }')
    listed = _gql(client, "{ events(first: 5) { edges { node { slug seatsLeft } } } }")

    assert single["data"]["event"] == {"seatsLeft": 2}
    assert listed["data"]["events"]["edges"] == [{"node": {"slug": "mid-autumn", "seatsLeft": 2}}]


def test_the_event_list_with_seats_left_costs_the_same_queries_for_5_and_30(client, site_tree):
    for n in range(30):
        event = event_create(site_tree, starts_in=dt.timedelta(days=10 + n), capacity=20)
        event_register(member=member_create(), event=event, party_size=2)
    query = "{ events(first: %d) { edges { node { slug seatsLeft } } } }"

    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as captured:
            body = _gql(client, query % size)
        counts.append(len(captured))
        assert {e["node"]["seatsLeft"] for e in body["data"]["events"]["edges"]} == {18}

    assert counts[0] == counts[1]


def test_seats_left_stays_true_when_capacity_is_cut_and_ignores_check_ins_and_walk_ins(
    client, site_tree
):
    event = event_create(site_tree, slug="cut-capacity", capacity=4, max_party_size=3)
    registration = event_register(member=member_create(), event=event, party_size=3)
    registration_check_in(
        actor=staff_with("events.change_registration"), code=ticket_code(registration=registration)
    )
    walk_in_record(actor=staff_with("events.add_walkin"), event=event, name="李四", party_size=2)
    query = '{ event(slug: "cut-capacity") { seatsLeft } }'
    assert _gql(client, query)["data"]["event"] == {"seatsLeft": 1}

    # an editor cuts the capacity below the seats already confirmed: none left, never -1
    event.capacity = 2
    event.save_revision().publish()

    assert _gql(client, query)["data"]["event"] == {"seatsLeft": 0}
