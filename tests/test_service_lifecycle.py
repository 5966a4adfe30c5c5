"""The complaint lifecycle: filing, the one transition table, events, assignment,
follow-up and closing rules."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from club import sms
from core.errors import DomainError, PermissionDeniedError
from service import services
from service.choices import Channel, EventKind, FollowUpOutcome, Severity, Status
from service.lifecycle import TRANSITIONS, transition_allowed
from service.models import Complaint, ComplaintEvent
from tests.factories import (
    UserFactory,
    complaint_create,
    complaint_walk,
    department_create,
    member_create,
    service_staff_create,
)

pytestmark = pytest.mark.django_db

ALL = [s.value for s in Status]
ALLOWED = {
    ("acknowledge", "RECEIVED"),
    ("start", "ACKNOWLEDGED"),
    ("resolve", "IN_PROGRESS"),
    ("follow_up", "RESOLVED"),
    ("close", "FOLLOWED_UP"),
    ("close", "RESOLVED"),
    ("reopen", "RESOLVED"),
    ("reopen", "FOLLOWED_UP"),
    ("reopen", "CLOSED"),
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", ALL)
def test_the_transition_table_allows_exactly_the_documented_moves(action, status):
    assert transition_allowed(status=status, action=action) == ((action, status) in ALLOWED)


# --- filing ----------------------------------------------------------------------------


def test_a_filed_complaint_gets_a_monthly_reference_and_a_filed_event():
    complaint = complaint_create()
    assert re.fullmatch(r"TS\d{6}-\d{6}", complaint.reference)
    second = complaint_create()
    assert int(second.reference[-6:]) == int(complaint.reference[-6:]) + 1
    event = complaint.events.get()
    assert event.kind == EventKind.FILED and complaint.reference in event.public_note
    assert complaint.status == Status.RECEIVED and complaint.severity == Severity.NORMAL


def test_filing_reports_every_field_error_at_once_and_saves_nothing():
    with pytest.raises(ValidationError) as error:
        services.complaint_file(
            category="NOPE", title="", description=" ", people_count=0, guest_phone="123"
        )
    codes = {field: [e.code for e in errs] for field, errs in error.value.error_dict.items()}
    assert codes == {
        "category": ["CATEGORY_INVALID"],
        "title": ["TITLE_REQUIRED"],
        "description": ["DESCRIPTION_REQUIRED"],
        "people_count": ["INVALID_PEOPLE_COUNT"],
        "guest_name": ["NAME_REQUIRED"],
        "guest_phone": ["PHONE_INVALID"],
    }
    assert not Complaint.objects.exists()


def test_a_member_complaint_is_acknowledged_by_email_after_commit(
    django_capture_on_commit_callbacks,
):
    member = member_create(email="owner@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_create(member=member)
    assert complaint.channel == Channel.WEB
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert complaint.reference in mail.outbox[0].body


def test_a_guest_complaint_is_acknowledged_by_sms(settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_create(guest_phone="13712345678")
    assert [(m.phone, complaint.reference in m.text) for m in sms.outbox] == [
        ("+8613712345678", True)
    ]


def test_a_rolled_back_filing_sends_no_acknowledgement(django_capture_on_commit_callbacks):
    member = member_create(email="x@example.com")
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        complaint_create(member=member)
        raise RuntimeError("the caller's transaction fails after filing")
    assert not mail.outbox and not Complaint.objects.exists()


def test_staff_enter_phone_complaints_and_only_staff_may():
    staff = service_staff_create()
    complaint = complaint_create(filed_by=staff, channel=Channel.PHONE)
    assert complaint.channel == Channel.PHONE and complaint.filed_by == staff
    with pytest.raises(PermissionDeniedError):
        complaint_create(filed_by=UserFactory(), channel=Channel.PHONE)
    with pytest.raises(ValidationError) as error:
        complaint_create(filed_by=staff, channel=Channel.WEB)
    assert "channel" in error.value.error_dict


# --- moving through the statuses ---------------------------------------------------------


def test_every_status_change_is_an_event_with_who_and_both_notes():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.CLOSED, staff=staff)
    changes = list(
        ComplaintEvent.objects.filter(complaint=complaint)
        .exclude(to_status="")
        .values_list("from_status", "to_status", "actor")
    )
    assert [(f, t) for f, t, _a in changes] == [
        ("", "RECEIVED"),
        ("RECEIVED", "ACKNOWLEDGED"),
        ("ACKNOWLEDGED", "IN_PROGRESS"),
        ("IN_PROGRESS", "RESOLVED"),
        ("RESOLVED", "FOLLOWED_UP"),
        ("FOLLOWED_UP", "CLOSED"),
    ]
    assert all(actor == staff.pk for _f, _t, actor in changes[1:])
    started = complaint.events.get(kind=EventKind.STARTED)
    assert started.internal_note == "安排工程部上门查看。"
    assert complaint.acknowledged_at and complaint.resolved_at and complaint.closed_at


def test_a_refused_transition_changes_nothing():
    staff = service_staff_create()
    complaint = complaint_create()
    with pytest.raises(DomainError) as error:
        services.complaint_resolve(actor=staff, complaint=complaint, public_note="已处理")
    assert error.value.code == "TRANSITION_NOT_ALLOWED"
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and complaint.events.count() == 1


def test_a_user_without_the_handle_permission_cannot_move_a_complaint():
    complaint = complaint_create()
    with pytest.raises(PermissionDeniedError):
        services.complaint_acknowledge(actor=UserFactory(), complaint=complaint, public_note="好")


def test_handling_starts_only_with_a_named_handler():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.ACKNOWLEDGED, staff=staff)
    with pytest.raises(DomainError) as error:
        services.complaint_start(actor=staff, complaint=complaint, internal_note="开始")
    assert error.value.code == "HANDLER_REQUIRED"


def test_assignment_names_a_department_and_a_handler_who_can_handle_complaints():
    staff = service_staff_create()
    department = department_create(name="工程部")
    complaint = complaint_create()
    with pytest.raises(DomainError) as error:
        services.complaint_assign(
            actor=staff, complaint=complaint, department=department, handler=UserFactory()
        )
    assert error.value.code == "HANDLER_NOT_ELIGIBLE"
    complaint = services.complaint_assign(
        actor=staff, complaint=complaint, department=department, handler=staff
    )
    assert (complaint.department, complaint.handler) == (department, staff)
    assigned = complaint.events.get(kind=EventKind.ASSIGNED)
    assert assigned.data["department_name"] == "工程部"


def test_resolving_opens_a_follow_up_task():
    complaint = complaint_walk(complaint_create(), to=Status.RESOLVED)
    assert complaint.follow_ups.get().outcome == FollowUpOutcome.PENDING


# --- follow-up and closing ------------------------------------------------------------------


def test_a_resolved_complaint_cannot_close_without_a_follow_up():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.RESOLVED, staff=staff)
    with pytest.raises(DomainError) as error:
        services.complaint_close(actor=staff, complaint=complaint)
    assert error.value.code == "FOLLOW_UP_REQUIRED"


def test_two_failed_follow_up_attempts_are_not_enough_to_close_but_three_are():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.RESOLVED, staff=staff)
    for n in (1, 2):
        services.complaint_follow_up_record(
            actor=staff, complaint=complaint, reached=False, internal_note=f"第{n}次无人接听"
        )
    with pytest.raises(DomainError):
        services.complaint_close(actor=staff, complaint=complaint)

    services.complaint_follow_up_record(
        actor=staff, complaint=complaint, reached=False, internal_note="第3次关机"
    )
    complaint = services.complaint_close(actor=staff, complaint=complaint)

    assert complaint.status == Status.CLOSED
    assert complaint.follow_ups.get().outcome == FollowUpOutcome.UNREACHABLE
    attempts = complaint.events.filter(kind=EventKind.FOLLOW_UP_ATTEMPT)
    assert [e.internal_note for e in attempts] == ["第1次无人接听", "第2次无人接听", "第3次关机"]


def test_a_failed_follow_up_attempt_must_be_documented():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.RESOLVED, staff=staff)
    with pytest.raises(DomainError) as error:
        services.complaint_follow_up_record(
            actor=staff, complaint=complaint, reached=False, internal_note=""
        )
    assert error.value.code == "NOTE_REQUIRED"


def test_the_complainant_rates_the_handling_which_is_the_follow_up():
    member = member_create()
    complaint = complaint_walk(complaint_create(member=member), to=Status.RESOLVED)
    complaint = services.complaint_rate(
        member=member, complaint=complaint, rating=4, comment="维修师傅很耐心"
    )
    assert complaint.status == Status.FOLLOWED_UP
    follow_up = complaint.follow_ups.get()
    assert (follow_up.rating, follow_up.comment, follow_up.outcome) == (
        4,
        "维修师傅很耐心",
        "RATED",
    )
    with pytest.raises(DomainError) as error:
        services.complaint_rate(member=member, complaint=complaint, rating=5)
    assert error.value.code == "ALREADY_RATED"


@pytest.mark.parametrize("rating", [0, 6, None])
def test_a_rating_is_one_to_five(rating):
    member = member_create()
    complaint = complaint_walk(complaint_create(member=member), to=Status.RESOLVED)
    with pytest.raises(DomainError) as error:
        services.complaint_rate(member=member, complaint=complaint, rating=rating)
    assert error.value.code == "RATING_INVALID"


def test_a_member_cannot_rate_someone_elses_complaint():
    complaint = complaint_walk(complaint_create(member=member_create()), to=Status.RESOLVED)
    with pytest.raises(DomainError) as error:
        services.complaint_rate(member=member_create(), complaint=complaint, rating=5)
    assert error.value.code == "NOT_FOUND"


def test_a_major_complaint_cannot_close_without_a_case_write_up():
    staff = service_staff_create()
    complaint = complaint_walk(
        complaint_create(media_exposure=True), to=Status.FOLLOWED_UP, staff=staff
    )
    assert complaint.severity == Severity.MAJOR
    with pytest.raises(DomainError) as error:
        services.complaint_close(actor=staff, complaint=complaint)
    assert error.value.code == "CASE_WRITE_UP_REQUIRED"

    case = services.case_write_up(
        actor=staff,
        complaint=complaint,
        cause="外墙防水层施工不到位",
        handling="重做防水层并赔偿装修损失",
        result="业主接受处理方案",
        lessons="雨季前须做外墙淋水试验",
        corrective_actions="所有在建项目增加淋水试验工序",
    )
    assert "防水" in case.search_text
    assert services.complaint_close(actor=staff, complaint=complaint).status == Status.CLOSED


def test_a_case_write_up_reports_every_missing_part_at_once():
    staff = service_staff_create()
    with pytest.raises(ValidationError) as error:
        services.case_write_up(
            actor=staff,
            complaint=complaint_create(),
            cause="原因",
            handling="",
            result="",
            lessons="",
            corrective_actions="",
        )
    assert set(error.value.error_dict) == {"handling", "result", "lessons", "corrective_actions"}


def test_a_member_may_reopen_their_own_complaint_but_not_anothers():
    member = member_create()
    complaint = complaint_walk(complaint_create(member=member), to=Status.RESOLVED)
    with pytest.raises(DomainError) as error:
        services.complaint_reopen(actor=member_create().user, complaint=complaint, reason="没修好")
    assert error.value.code == "NOT_FOUND"
    complaint = services.complaint_reopen(actor=member.user, complaint=complaint, reason="没修好")
    assert complaint.status == Status.IN_PROGRESS and complaint.reopen_count == 1
    assert complaint.follow_ups.get().outcome == FollowUpOutcome.SUPERSEDED


def test_a_reopened_complaint_resolved_again_gets_a_new_follow_up():
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.FOLLOWED_UP, staff=staff)
    complaint = services.complaint_reopen(actor=staff, complaint=complaint, reason="再次渗水")
    complaint = services.complaint_resolve(actor=staff, complaint=complaint, public_note="已返修")
    assert complaint.follow_ups.filter(outcome=FollowUpOutcome.PENDING).count() == 1
    with pytest.raises(DomainError):
        services.complaint_close(actor=staff, complaint=complaint)
