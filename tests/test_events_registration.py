"""Registration rules: party size, capacity, waiting list order, deadline, audience."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from club import sms
from club.models import Member
from core.errors import DomainError
from events.choices import RegistrationStatus
from events.models import Registration
from events.selectors import event_seats_left, member_registrations, waiting_list_position
from events.services import event_register, event_registration_cancel, waiting_list_promote
from tests.factories import event_create, member_create, owner_of, project_create

pytestmark = pytest.mark.django_db

REGISTERED = RegistrationStatus.REGISTERED
WAITLISTED = RegistrationStatus.WAITLISTED


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _codes(exc: Exception) -> set[str]:
    if isinstance(exc, DomainError):
        return {exc.code}
    return {e.code for errors in exc.error_dict.values() for e in errors}


def _statuses(event) -> list[tuple[str, str, int]]:
    return [
        (r.member.name, r.status, r.party_size)
        for r in Registration.objects.filter(event=event).select_related("member")
    ]


# --- party size ---------------------------------------------------------------------------


def test_a_party_up_to_the_events_maximum_is_accepted_and_one_more_is_refused(site_tree):
    event = event_create(site_tree, max_party_size=3)
    accepted = event_register(member=member_create(), event=event, party_size=3)
    assert accepted.status == REGISTERED

    with pytest.raises(DomainError) as refused:
        event_register(member=member_create(), event=event, party_size=4)
    assert refused.value.code == "PARTY_TOO_LARGE" and refused.value.field == "party_size"


def test_a_party_of_zero_is_refused(site_tree):
    with pytest.raises(DomainError) as refused:
        event_register(member=member_create(), event=event_create(site_tree), party_size=0)
    assert refused.value.code == "PARTY_SIZE_INVALID"


def test_every_reason_to_refuse_is_returned_at_once(site_tree):
    project = project_create(site_tree)
    event = event_create(
        site_tree,
        max_party_size=2,
        audience="PROJECT_OWNERS",
        audience_project=project,
        registration_deadline=timezone.now() + dt.timedelta(days=1),
    )
    later = timezone.now() + dt.timedelta(days=2)

    with pytest.raises(ValidationError) as refused:
        event_register(member=member_create(), event=event, party_size=5, now=later)

    assert _codes(refused.value) == {
        "PARTY_TOO_LARGE",
        "REGISTRATION_CLOSED",
        "AUDIENCE_OWNERS_ONLY",
    }
    assert not Registration.objects.exists()


def test_a_member_holds_one_active_registration_per_event(site_tree):
    event = event_create(site_tree)
    member = member_create()
    first = event_register(member=member, event=event)

    with pytest.raises(DomainError) as again:
        event_register(member=member, event=event)
    assert again.value.code == "ALREADY_REGISTERED"

    # after cancelling, registering again is a new registration
    event_registration_cancel(member=member, registration=first)
    assert event_register(member=member, event=event).status == REGISTERED


def test_a_draft_event_cannot_be_registered_for(site_tree):
    with pytest.raises(DomainError) as refused:
        event_register(member=member_create(), event=event_create(site_tree, publish=False))
    assert refused.value.code == "EVENT_NOT_FOUND"


# --- capacity and the waiting list --------------------------------------------------------


def test_capacity_is_never_exceeded_and_the_overflow_waits_in_order(site_tree):
    event = event_create(site_tree, capacity=5, max_party_size=2)
    parties = [("甲", 2), ("乙", 2), ("丙", 2), ("丁", 1), ("戊", 1)]
    for name, size in parties:
        event_register(member=member_create(name=name), event=event, party_size=size)

    # 甲 2 + 乙 2 = 4; 丙's 2 do not fit the 1 seat left; 丁 takes it; 戊 waits
    assert _statuses(event) == [
        ("甲", REGISTERED, 2),
        ("乙", REGISTERED, 2),
        ("丙", WAITLISTED, 2),
        ("丁", REGISTERED, 1),
        ("戊", WAITLISTED, 1),
    ]
    assert event_seats_left(event=event) == 0
    waiting = Registration.objects.filter(status=WAITLISTED).order_by("created_at", "pk")
    assert [waiting_list_position(registration=r) for r in waiting] == [1, 2]


def test_with_the_waiting_list_off_a_full_event_refuses(site_tree):
    event = event_create(site_tree, capacity=1, waiting_list_enabled=False)
    event_register(member=member_create(), event=event)

    with pytest.raises(DomainError) as refused:
        event_register(member=member_create(), event=event)
    assert refused.value.code == "EVENT_FULL"


def test_an_event_without_capacity_confirms_everyone(site_tree):
    event = event_create(site_tree, capacity=None)
    for _ in range(3):
        assert event_register(member=member_create(), event=event).status == REGISTERED
    assert event_seats_left(event=event) is None


def test_a_cancellation_promotes_the_waiting_list_in_order_and_tells_them(
    site_tree, django_capture_on_commit_callbacks
):
    event = event_create(site_tree, capacity=2, max_party_size=2)
    first = event_register(member=member_create(name="甲"), event=event, party_size=2)
    event_register(member=member_create(name="乙"), event=event)
    event_register(member=member_create(name="丙"), event=event)
    event_register(member=member_create(name="丁"), event=event)

    with django_capture_on_commit_callbacks(execute=True):
        event_registration_cancel(member=first.member, registration=first)

    assert _statuses(event)[1:] == [
        ("乙", REGISTERED, 1),
        ("丙", REGISTERED, 1),
        ("丁", WAITLISTED, 1),
    ]
    assert event_seats_left(event=event) == 0
    promoted_phones = [m.phone for m in sms.outbox]
    assert promoted_phones == [
        str(Member.objects.get(name=name).user.phone) for name in ("乙", "丙")
    ]
    assert "已有名额" in sms.outbox[0].text


def test_a_waiting_party_too_large_keeps_its_place_while_a_smaller_one_behind_it_fits(site_tree):
    # the rule: seats go to the earliest waiting party that fits
    event = event_create(site_tree, capacity=3, max_party_size=3)
    big = event_register(member=member_create(name="甲"), event=event, party_size=3)
    event_register(member=member_create(name="乙"), event=event, party_size=3)
    event_register(member=member_create(name="丙"), event=event, party_size=1)
    small = Registration.objects.get(member__name="丙")
    assert small.status == WAITLISTED

    # one seat frees: 乙 (3) does not fit, 丙 (1) behind it does
    event_registration_cancel(member=big.member, registration=big)
    assert _statuses(event)[1:] == [("乙", REGISTERED, 3), ("丙", WAITLISTED, 1)]

    # 乙's 3 seats go back: 丙 fits now
    second = Registration.objects.get(member__name="乙")
    event_registration_cancel(member=second.member, registration=second)
    assert Registration.objects.get(member__name="丙").status == REGISTERED


def test_a_waiting_party_too_large_waits_until_enough_seats_are_free(site_tree):
    event = event_create(site_tree, capacity=3, max_party_size=3)
    a = event_register(member=member_create(name="甲"), event=event, party_size=1)
    b = event_register(member=member_create(name="乙"), event=event, party_size=2)
    event_register(member=member_create(name="丙"), event=event, party_size=3)

    event_registration_cancel(member=a.member, registration=a)  # 1 free: 丙 (3) waits
    assert Registration.objects.get(member__name="丙").status == WAITLISTED
    event_registration_cancel(member=b.member, registration=b)  # 3 free: 丙 is in
    assert Registration.objects.get(member__name="丙").status == REGISTERED


def test_raising_the_capacity_lets_the_list_in_when_it_is_served(site_tree):
    event = event_create(site_tree, capacity=1)
    event_register(member=member_create(), event=event)
    waiting = event_register(member=member_create(), event=event)

    event.capacity = 2
    event.save_revision().publish()
    promoted = waiting_list_promote(event=event)

    assert [r.pk for r in promoted] == [waiting.pk]


def test_seats_left_counts_confirmed_seats_only(site_tree):
    event = event_create(site_tree, capacity=4, max_party_size=3)
    event_register(member=member_create(), event=event, party_size=3)
    event_register(member=member_create(), event=event, party_size=3)  # waits

    assert event_seats_left(event=event) == 1


# --- deadline -----------------------------------------------------------------------------


def test_registration_is_open_up_to_the_deadline_and_closed_just_after(site_tree):
    deadline = timezone.now() + dt.timedelta(days=2)
    event = event_create(site_tree, registration_deadline=deadline)

    on_time = event_register(member=member_create(), event=event, now=deadline)
    assert on_time.status == REGISTERED

    with pytest.raises(DomainError) as late:
        event_register(member=member_create(), event=event, now=deadline + dt.timedelta(seconds=1))
    assert late.value.code == "REGISTRATION_CLOSED"


def test_without_a_deadline_registration_closes_when_the_event_starts(site_tree):
    event = event_create(site_tree, registration_deadline=None)
    with pytest.raises(DomainError) as late:
        event_register(
            member=member_create(), event=event, now=event.starts_at + dt.timedelta(seconds=1)
        )
    assert late.value.code == "REGISTRATION_CLOSED"


def test_cancellation_is_allowed_until_the_deadline_and_refused_after(site_tree):
    deadline = timezone.now() + dt.timedelta(days=2)
    event = event_create(site_tree, registration_deadline=deadline)
    member = member_create()
    registration = event_register(member=member, event=event)

    with pytest.raises(DomainError) as late:
        event_registration_cancel(
            member=member, registration=registration, now=deadline + dt.timedelta(seconds=1)
        )
    assert late.value.code == "CANCELLATION_CLOSED"
    assert Registration.objects.get(pk=registration.pk).status == REGISTERED

    cancelled = event_registration_cancel(member=member, registration=registration, now=deadline)
    assert cancelled.status == RegistrationStatus.CANCELLED


def test_a_member_cannot_cancel_someone_elses_registration(site_tree):
    registration = event_register(member=member_create(), event=event_create(site_tree))
    with pytest.raises(DomainError) as refused:
        event_registration_cancel(member=member_create(), registration=registration)
    assert refused.value.code == "REGISTRATION_NOT_FOUND"


# --- audience -----------------------------------------------------------------------------


def test_an_owners_event_admits_owners_of_that_project_only(site_tree):
    project, other_project = project_create(site_tree), project_create(site_tree)
    event = event_create(site_tree, audience="PROJECT_OWNERS", audience_project=project)
    owner, owner_elsewhere, prospect = member_create(), member_create(), member_create()
    owner_of(owner, project)
    owner_of(owner_elsewhere, other_project)

    assert event_register(member=owner, event=event).status == REGISTERED
    for outsider in (owner_elsewhere, prospect):
        with pytest.raises(DomainError) as refused:
            event_register(member=outsider, event=event)
        assert refused.value.code == "AUDIENCE_OWNERS_ONLY"


def test_a_segment_event_admits_that_segment_only(site_tree):
    event = event_create(site_tree, audience="SEGMENT", audience_segment="ELDER_CARE")
    inside, outside, unknown = member_create(), member_create(), member_create()
    Member.objects.filter(pk=inside.pk).update(segment="ELDER_CARE")
    Member.objects.filter(pk=outside.pk).update(segment="CHILD_FOCUSED")
    Member.objects.filter(pk=unknown.pk).update(segment="")

    assert event_register(member=Member.objects.get(pk=inside.pk), event=event).status == REGISTERED
    for member in (outside, unknown):
        with pytest.raises(DomainError) as refused:
            event_register(member=Member.objects.get(pk=member.pk), event=event)
        assert refused.value.code == "AUDIENCE_SEGMENT_ONLY"


def test_an_all_members_event_admits_any_member(site_tree):
    event = event_create(site_tree, audience="ALL_MEMBERS")
    assert event_register(member=member_create(), event=event).status == REGISTERED


# --- reading ------------------------------------------------------------------------------


def test_a_member_sees_their_own_active_registrations_soonest_first(site_tree):
    member, other = member_create(), member_create()
    later = event_create(site_tree, starts_in=dt.timedelta(days=20))
    sooner = event_create(site_tree, starts_in=dt.timedelta(days=5))
    cancelled = event_create(site_tree)
    event_register(member=member, event=later)
    event_register(member=member, event=sooner)
    event_register(member=other, event=sooner)
    gone = event_register(member=member, event=cancelled)
    event_registration_cancel(member=member, registration=gone)

    mine = member_registrations(member=member)

    assert [r.event_id for r in mine] == [sooner.pk, later.pk]
    assert len(member_registrations(member=member, include_cancelled=True)) == 3
