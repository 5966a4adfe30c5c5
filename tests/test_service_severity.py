"""The severity engine (DOMAIN.md, 按性质): every rule at its boundaries, pure; then the
services that keep a complaint's level where the rules put it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pytest
from django.core import mail

from core.errors import DomainError, PermissionDeniedError
from service.choices import EventKind, Severity, Status
from service.severity import Reason, severity_assess

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Facts:
    created_at: dt.datetime = NOW
    status: str = Status.IN_PROGRESS
    people_count: int = 1
    legal_action: bool = False
    media_exposure: bool = False
    may_escalate: bool = False
    needs_outside_support: bool = False
    caused_by_us: bool = True
    reopen_count: int = 0
    complainant_key: str = field(default="member:1")


def assess(facts: Facts, group=(), now=NOW) -> tuple[str, tuple[str, ...]]:
    result = severity_assess(complaint=facts, group=group, now=now)
    return result.severity, result.reasons


def test_a_plain_complaint_is_normal():
    assert assess(Facts()) == (Severity.NORMAL, ())


# --- MAJOR -----------------------------------------------------------------------------


def test_legal_action_started_is_major():
    assert assess(Facts(legal_action=True))[0] == Severity.MAJOR


def test_media_exposure_is_major():
    assert assess(Facts(media_exposure=True))[0] == Severity.MAJOR


def test_nine_people_are_hot_but_ten_people_are_major():
    assert assess(Facts(people_count=9)) == (Severity.HOT, (Reason.COLLECTIVE_3,))
    severity, reasons = assess(Facts(people_count=10))
    assert severity == Severity.MAJOR and Reason.COLLECTIVE_10 in reasons


def test_unresolved_through_our_fault_is_hot_on_day_29_and_major_on_day_30():
    day_29 = Facts(created_at=NOW - dt.timedelta(days=29, hours=23, minutes=59))
    day_30 = Facts(created_at=NOW - dt.timedelta(days=30))
    assert assess(day_29) == (Severity.HOT, (Reason.UNRESOLVED_WEEK,))
    assert assess(day_30)[0] == Severity.MAJOR
    assert Reason.UNRESOLVED_MONTH in assess(day_30)[1]


# --- HOT -------------------------------------------------------------------------------


def test_a_complaint_that_may_lead_to_legal_action_or_media_is_hot():
    assert assess(Facts(may_escalate=True)) == (Severity.HOT, (Reason.MAY_ESCALATE,))


def test_two_people_are_normal_but_three_people_are_hot():
    assert assess(Facts(people_count=2))[0] == Severity.NORMAL
    assert assess(Facts(people_count=3)) == (Severity.HOT, (Reason.COLLECTIVE_3,))


def test_unresolved_through_our_fault_is_normal_on_day_6_and_hot_on_day_7():
    day_6 = Facts(created_at=NOW - dt.timedelta(days=6, hours=23, minutes=59))
    day_7 = Facts(created_at=NOW - dt.timedelta(days=7))
    assert assess(day_6)[0] == Severity.NORMAL
    assert assess(day_7) == (Severity.HOT, (Reason.UNRESOLVED_WEEK,))


def test_a_delay_that_is_not_our_fault_does_not_escalate():
    late = Facts(created_at=NOW - dt.timedelta(days=45), caused_by_us=False)
    assert assess(late)[0] == Severity.NORMAL


def test_a_resolved_complaint_is_no_longer_late():
    for status in (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED):
        assert assess(Facts(created_at=NOW - dt.timedelta(days=45), status=status))[0] == (
            Severity.NORMAL
        )


def test_two_complainants_on_one_issue_are_not_hot_but_three_are():
    mine = Facts(complainant_key="member:1")
    second = replace(mine, complainant_key="member:2", created_at=NOW - dt.timedelta(days=3))
    third = replace(mine, complainant_key="phone:+8613700000003")
    assert assess(mine, group=[second])[0] == Severity.NORMAL
    assert assess(mine, group=[second, third]) == (Severity.HOT, (Reason.SAME_ISSUE_3,))


def test_the_same_complainant_three_times_is_one_complainant():
    mine = Facts(complainant_key="member:1")
    again = [replace(mine, created_at=NOW - dt.timedelta(days=d)) for d in (1, 2, 3)]
    assert assess(mine, group=again)[0] == Severity.NORMAL


def test_three_complainants_count_only_within_a_month():
    first = Facts(complainant_key="member:1", created_at=NOW - dt.timedelta(days=30))
    second = Facts(complainant_key="member:2", created_at=NOW - dt.timedelta(days=10))
    third_on_day_30 = Facts(complainant_key="member:3", created_at=NOW)
    third_on_day_29 = replace(third_on_day_30, created_at=NOW - dt.timedelta(minutes=1))
    resolved = Status.RESOLVED  # keep the time rules out of it
    group = [replace(first, status=resolved), replace(second, status=resolved)]
    assert assess(replace(third_on_day_30, status=resolved), group=group)[0] == Severity.NORMAL
    assert assess(replace(third_on_day_29, status=resolved), group=group)[0] == Severity.HOT


# --- IMPORTANT ---------------------------------------------------------------------------


def test_a_complaint_raised_again_after_resolution_is_important():
    assert assess(Facts(reopen_count=1)) == (Severity.IMPORTANT, (Reason.REOPENED,))


def test_needing_outside_support_is_important():
    assert assess(Facts(needs_outside_support=True)) == (
        Severity.IMPORTANT,
        (Reason.OUTSIDE_SUPPORT,),
    )


def test_the_highest_level_wins_and_every_reason_is_given():
    severity, reasons = assess(Facts(legal_action=True, people_count=3, reopen_count=1))
    assert severity == Severity.MAJOR
    assert set(reasons) == {Reason.LEGAL_ACTION, Reason.COLLECTIVE_3, Reason.REOPENED}


# --- the services keep the level -------------------------------------------------------


@pytest.mark.django_db
def test_filing_a_collective_complaint_of_ten_makes_it_major_with_an_event():
    from tests.factories import complaint_create

    complaint = complaint_create(people_count=10)
    assert complaint.severity == Severity.MAJOR
    raised = complaint.events.get(kind=EventKind.SEVERITY_RAISED)
    assert raised.data["to"] == Severity.MAJOR and Reason.COLLECTIVE_10 in raised.data["reasons"]


@pytest.mark.django_db
def test_three_complainants_on_one_issue_within_a_month_make_every_complaint_hot():
    from service.services import complaint_link_to_group, issue_group_create
    from tests.factories import complaint_create, service_staff_create

    staff = service_staff_create()
    first, second, third = (complaint_create() for _ in range(3))
    group = issue_group_create(actor=staff, complaint=first)
    complaint_link_to_group(actor=staff, complaint=second, group=group)
    assert set(group.complaints.values_list("severity", flat=True)) == {Severity.NORMAL}

    complaint_link_to_group(actor=staff, complaint=third, group=group)

    assert set(group.complaints.values_list("severity", flat=True)) == {Severity.HOT}


@pytest.mark.django_db
def test_reopening_sends_a_complaint_back_in_progress_as_at_least_important():
    from service.services import complaint_reopen
    from tests.factories import complaint_create, complaint_walk, service_staff_create

    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(), to=Status.CLOSED, staff=staff)
    complaint = complaint_reopen(actor=staff, complaint=complaint, reason="业主反映仍渗水。")
    assert complaint.status == Status.IN_PROGRESS
    assert complaint.severity == Severity.IMPORTANT
    assert complaint.closed_at is None and complaint.resolved_at is None


@pytest.mark.django_db
def test_severity_is_never_lowered_automatically():
    from service.services import complaint_flags_set
    from tests.factories import complaint_create, service_staff_create

    staff = service_staff_create()
    complaint = complaint_create(people_count=3)
    assert complaint.severity == Severity.HOT
    complaint = complaint_flags_set(
        actor=staff, complaint=complaint, people_count=1, note="核实后仅一户。"
    )
    assert complaint.severity == Severity.HOT


@pytest.mark.django_db
def test_lowering_a_severity_needs_the_supervisor_permission():
    from service.services import complaint_lower_severity
    from tests.factories import complaint_create, service_staff_create

    complaint = complaint_create(people_count=3)
    with pytest.raises(PermissionDeniedError):
        complaint_lower_severity(
            actor=service_staff_create(), complaint=complaint, severity="NORMAL", reason="误报"
        )
    complaint.refresh_from_db()
    assert complaint.severity == Severity.HOT


@pytest.mark.django_db
def test_lowering_a_severity_needs_a_reason():
    from service.services import complaint_lower_severity
    from tests.factories import complaint_create, service_staff_create

    complaint = complaint_create(people_count=3)
    with pytest.raises(DomainError) as error:
        complaint_lower_severity(
            actor=service_staff_create(supervisor=True),
            complaint=complaint,
            severity="NORMAL",
            reason="  ",
        )
    assert error.value.code == "REASON_REQUIRED"


@pytest.mark.django_db
def test_a_lowered_severity_stays_until_new_facts_call_for_more():
    from service.services import complaint_flags_set, complaint_lower_severity
    from tests.factories import complaint_create, service_staff_create

    supervisor = service_staff_create(supervisor=True)
    complaint = complaint_create(people_count=3)
    complaint = complaint_lower_severity(
        actor=supervisor, complaint=complaint, severity="NORMAL", reason="三户为同一家庭。"
    )
    assert complaint.severity == Severity.NORMAL
    lowered = complaint.events.get(kind=EventKind.SEVERITY_LOWERED)
    assert lowered.internal_note == "三户为同一家庭。" and lowered.actor == supervisor

    # the same facts again: no automatic raise
    complaint = complaint_flags_set(
        actor=supervisor, complaint=complaint, note="复核", people_count=4
    )
    assert complaint.severity == Severity.NORMAL
    # a new fact above what was overridden: raised
    complaint = complaint_flags_set(
        actor=supervisor, complaint=complaint, note="业主已起诉", legal_action=True
    )
    assert complaint.severity == Severity.MAJOR


@pytest.mark.django_db
def test_a_hot_complaint_notifies_the_department_head(django_capture_on_commit_callbacks):
    from service.services import complaint_assign, complaint_flags_set
    from tests.factories import complaint_create, department_create, service_staff_create

    staff = service_staff_create()
    head = service_staff_create(email="head@example.com")
    department = department_create(name="工程部", head=head, email="eng@example.com")
    complaint = complaint_create()
    complaint_assign(actor=staff, complaint=complaint, department=department, handler=staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_flags_set(
            actor=staff, complaint=complaint, note="业主称要找媒体", may_escalate=True
        )
    assert [m.to for m in mail.outbox] == [["head@example.com"]]
    assert complaint.reference in mail.outbox[0].subject and "热点" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_major_complaint_notifies_quality_and_management(django_capture_on_commit_callbacks):
    from tests.factories import complaint_create, department_create, service_staff_create

    department_create(name="品质管理部", email="quality@example.com", receives_major_reports=True)
    department_create(
        name="管理层",
        head=service_staff_create(email="gm@example.com"),
        receives_major_reports=True,
    )
    department_create(name="工程部", email="eng@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = complaint_create(legal_action=True)
    notices = [m for m in mail.outbox if "重大" in m.subject]
    assert len(notices) == 1
    assert sorted(notices[0].to) == ["gm@example.com", "quality@example.com"]
    assert complaint.reference in notices[0].subject


@pytest.mark.django_db
def test_the_periodic_task_raises_complaints_left_unresolved_for_a_week(settings):
    from service.models import Complaint
    from service.tasks import complaints_reassess_severity
    from tests.factories import complaint_create

    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    day_6 = complaint_create(age=dt.timedelta(days=6, hours=23))
    day_7 = complaint_create(age=dt.timedelta(days=7, minutes=1))
    day_30 = complaint_create(age=dt.timedelta(days=30, minutes=1))
    not_ours = complaint_create(age=dt.timedelta(days=30, minutes=1))
    Complaint.objects.filter(pk=not_ours.pk).update(caused_by_us=False)

    result = complaints_reassess_severity.enqueue()

    assert result.return_value == 2
    severities = dict(Complaint.objects.values_list("pk", "severity"))
    assert severities[day_6.pk] == Severity.NORMAL
    assert severities[day_7.pk] == Severity.HOT
    assert severities[day_30.pk] == Severity.MAJOR
    assert severities[not_ours.pk] == Severity.NORMAL


@pytest.mark.django_db
def test_the_reassess_command_queues_the_periodic_task():
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import complaint_create

    complaint = complaint_create(age=dt.timedelta(days=8))
    out = StringIO()
    call_command("reassess_complaints", stdout=out)
    assert "enqueued" in out.getvalue()
    complaint.refresh_from_db()
    assert complaint.severity == Severity.HOT


@pytest.mark.django_db(transaction=True)
def test_the_periodic_task_runs_in_the_database_task_worker(settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from service.models import Complaint
    from service.permissions import service_permissions_ensure
    from service.tasks import complaints_reassess_severity
    from tests.factories import complaint_create

    service_permissions_ensure()
    complaint = complaint_create(age=dt.timedelta(days=8))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = complaints_reassess_severity.enqueue()
    assert Complaint.objects.get(pk=complaint.pk).severity == Severity.NORMAL  # only queued

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-reload", verbosity=0)

    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert Complaint.objects.get(pk=complaint.pk).severity == Severity.HOT


@pytest.mark.django_db
def test_an_unassigned_hot_complaint_notifies_the_customer_service_centre_head(
    django_capture_on_commit_callbacks,
):
    from tests.factories import complaint_create, department_create, service_staff_create

    department_create(
        name="客户服务中心", head=service_staff_create(email="cs-head@example.com"), is_intake=True
    )
    department_create(name="工程部", head=service_staff_create(email="eng-head@example.com"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_create(people_count=3)
    notices = [m for m in mail.outbox if "热点" in m.subject]
    assert [m.to for m in notices] == [["cs-head@example.com"]]
