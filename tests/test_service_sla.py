"""SLA clocks on China's working-day calendar, overdue flags computed in SQL, and the
compliance figures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from service import services
from service.calendar import is_working_day, working_deadline
from service.models import Complaint, WorkingCalendarOverride
from service.selectors import ComplaintFilter, complaint_compliance, complaints_for_staff
from service.services import complaint_rate
from service.services.filing import first_response_hours
from tests.factories import (
    complaint_create,
    complaint_walk,
    department_create,
    member_create,
    service_staff_create,
)

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


# --- the calendar ------------------------------------------------------------------------


def test_a_web_complaint_filed_on_friday_evening_is_due_on_monday_evening():
    # Friday 2025-11-14 18:00 + 24 working-day hours: Saturday and Sunday do not count.
    assert working_deadline(start=at(2025, 11, 14, 18), hours=24) == at(2025, 11, 17, 18)


def test_a_complaint_filed_on_a_saturday_starts_its_clock_on_monday():
    assert working_deadline(start=at(2025, 11, 15, 10), hours=4) == at(2025, 11, 17, 4)


def test_the_national_day_holiday_stops_the_clock():
    # Tuesday 2025-09-30 20:00: 4 hours that day, then 1-8 October are holidays.
    assert working_deadline(start=at(2025, 9, 30, 20), hours=24) == at(2025, 10, 9, 20)


def test_an_adjusted_working_day_runs_the_clock_on_a_weekend():
    # Sunday 2025-09-28 is a working day (调休) before National Day; Saturday 2025-09-27 is not.
    assert not is_working_day(dt.date(2025, 9, 27))
    assert is_working_day(dt.date(2025, 9, 28))
    assert working_deadline(start=at(2025, 9, 27, 9), hours=4) == at(2025, 9, 28, 4)
    # and Saturday 2025-10-11, after the holiday
    assert working_deadline(start=at(2025, 10, 10, 22), hours=24) == at(2025, 10, 11, 22)


def test_a_staff_override_wins_over_the_package():
    # New Year's Day 2026 is a holiday in the package; staff declare it a working day.
    assert not is_working_day(dt.date(2026, 1, 1))
    WorkingCalendarOverride.objects.create(date=dt.date(2026, 1, 1), is_working_day=True)
    assert is_working_day(dt.date(2026, 1, 1))
    assert working_deadline(start=at(2025, 12, 31, 22), hours=4) == at(2026, 1, 1, 2)


def test_a_year_the_package_does_not_know_uses_weekdays_and_staff_dates():
    # 2027 is beyond the package's data: Monday-Friday until staff enter the holidays.
    assert is_working_day(dt.date(2027, 2, 8))  # a Monday
    assert not is_working_day(dt.date(2027, 2, 6))  # a Saturday
    WorkingCalendarOverride.objects.create(
        date=dt.date(2027, 2, 8), is_working_day=False, name="春节"
    )
    assert not is_working_day(dt.date(2027, 2, 8))
    assert working_deadline(start=at(2027, 2, 5, 20), hours=24) == at(2027, 2, 9, 20)


# --- the deadlines at filing -------------------------------------------------------------


def test_web_complaints_get_24_hours_and_staff_entered_ones_4(settings):
    web = complaint_create()
    entered = complaint_create(filed_by=service_staff_create(), channel="PHONE")
    assert web.first_response_due_at == working_deadline(start=web.created_at, hours=24)
    assert entered.first_response_due_at == working_deadline(start=entered.created_at, hours=4)
    assert web.handling_due_at == working_deadline(start=web.created_at, hours=24)


def test_the_response_hours_are_configurable(settings):
    settings.SERVICE_WEB_FIRST_RESPONSE_HOURS = 12
    settings.SERVICE_STAFF_FIRST_RESPONSE_HOURS = 2
    assert first_response_hours(staff_entered=False) == 12
    assert first_response_hours(staff_entered=True) == 2
    web = complaint_create()
    assert web.first_response_due_at == working_deadline(start=web.created_at, hours=12)


# --- overdue, in SQL ---------------------------------------------------------------------


def _queue(staff, **filters):
    return list(complaints_for_staff(actor=staff, filters=ComplaintFilter(**filters)))


def test_an_unanswered_complaint_past_its_response_deadline_is_overdue():
    staff = service_staff_create()
    late = complaint_create()
    on_time = complaint_create()
    answered = complaint_walk(complaint_create(), to="ACKNOWLEDGED", staff=staff)
    past = timezone.now() - dt.timedelta(minutes=1)
    Complaint.objects.filter(pk__in=[late.pk, answered.pk]).update(first_response_due_at=past)

    assert [c.pk for c in _queue(staff, overdue=True)] == [late.pk]
    flags = {c.pk: (c.response_overdue, c.overdue) for c in _queue(staff)}
    assert flags[late.pk] == (True, True)
    assert flags[on_time.pk] == (False, False)
    assert flags[answered.pk] == (False, False)
    assert {c.pk for c in _queue(staff, overdue=False)} == {on_time.pk, answered.pk}


def test_past_one_working_day_a_complaint_needs_a_handler_and_a_handling_record():
    staff = service_staff_create()
    answered_only = complaint_walk(complaint_create(), to="ACKNOWLEDGED", staff=staff)
    handled = complaint_walk(complaint_create(), to="IN_PROGRESS", staff=staff)
    resolved = complaint_walk(complaint_create(), to="RESOLVED", staff=staff)
    past = timezone.now() - dt.timedelta(minutes=1)
    Complaint.objects.update(handling_due_at=past)

    flags = {c.pk: c.handling_overdue for c in _queue(staff)}
    assert flags == {answered_only.pk: True, handled.pk: False, resolved.pk: False}

    # a handler alone is not enough; the handling record is the other half
    services.complaint_assign(
        actor=staff, complaint=answered_only, department=department_create(), handler=staff
    )
    assert {c.pk: c.handling_overdue for c in _queue(staff)}[answered_only.pk] is True
    services.complaint_record_handling(
        actor=staff, complaint=answered_only, internal_note="已联系施工单位。"
    )
    assert {c.pk: c.handling_overdue for c in _queue(staff)}[answered_only.pk] is False


def test_the_queue_sorts_overdue_first():
    staff = service_staff_create()
    fine, late = complaint_create(), complaint_create()
    Complaint.objects.filter(pk=fine.pk).update(created_at=timezone.now())
    Complaint.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert [c.pk for c in _queue(staff, ordering="overdue")] == [late.pk, fine.pk]


def test_overdue_is_one_query_whatever_the_number_of_complaints():
    staff = service_staff_create()
    for _ in range(5):
        complaint_create()
    with CaptureQueriesContext(connection) as queries:
        _queue(staff, overdue=True)
    assert len(queries) <= 3  # permission lookups plus the one SELECT


# --- compliance ----------------------------------------------------------------------------


def test_compliance_figures_match_a_hand_computed_month():
    staff = service_staff_create()
    member = member_create()
    since = timezone.now() - dt.timedelta(days=1)
    until = timezone.now() + dt.timedelta(days=1)
    # 4 complaints: one answered late, one answered on time and rated 5 and closed,
    # one answered on time and rated 2, one unanswered whose clock has not run out.
    late = complaint_walk(complaint_create(), to="ACKNOWLEDGED", staff=staff)
    Complaint.objects.filter(pk=late.pk).update(
        first_response_due_at=late.acknowledged_at - dt.timedelta(minutes=1)
    )
    happy = complaint_walk(complaint_create(member=member), to="RESOLVED", staff=staff)
    complaint_rate(member=member, complaint=happy, rating=5)
    complaint_walk(Complaint.objects.get(pk=happy.pk), to="CLOSED", staff=staff)
    unhappy = complaint_walk(complaint_create(member=member), to="RESOLVED", staff=staff)
    complaint_rate(member=member, complaint=unhappy, rating=2)
    complaint_create()

    figures = complaint_compliance(since=since, until=until)

    assert (figures.filed, figures.due_for_response, figures.responded_on_time) == (4, 3, 2)
    assert figures.timely_pct == 66.7
    assert (figures.closed, figures.closure_pct) == (1, 25.0)
    assert (figures.resolved, figures.followed_up, figures.follow_up_pct) == (2, 2, 100.0)
    assert (figures.rated, figures.satisfied, figures.satisfaction_pct) == (2, 1, 50.0)


def test_compliance_of_an_empty_period_has_no_percentages():
    figures = complaint_compliance(
        since=timezone.now() - dt.timedelta(days=2), until=timezone.now() - dt.timedelta(days=1)
    )
    assert figures.filed == 0 and figures.timely_pct is None and figures.satisfaction_pct is None
