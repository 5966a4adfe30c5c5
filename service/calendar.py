"""China's working-day calendar, and SLA deadlines measured on it.

A day is a working day when a staff override (WorkingCalendarOverride) says so; otherwise
when the `chinesecalendar` package says so, which knows weekends, the State Council's
public holidays and the adjusted working days (调休, e.g. Sunday 2025-09-28 before National
Day). For a year the package does not know yet, Monday to Friday are working days until
staff enter that year's dates.

SLA clock: time counts only on working days, in Beijing time. A deadline of N hours from a
moment is the point at which N hours of working-day time have passed: a complaint filed
on a Friday at 18:00 with 24 hours to answer is due on Monday at 18:00; one filed on a
Saturday starts its clock at Monday 00:00. "One working day" is 24 such hours.
"""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar
from django.utils import timezone

logger = logging.getLogger(__name__)

# How far ahead a deadline may reach: more than the longest holiday run (Spring Festival
# plus weekends) times the longest clock we run.
_LOOKAHEAD = dt.timedelta(days=60)


def _package_says_working(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # A year the package was not released for: weekdays until staff add the dates.
        return day.weekday() < 5


def _overrides(first: dt.date, last: dt.date) -> dict[dt.date, bool]:
    from service.models import WorkingCalendarOverride

    rows = WorkingCalendarOverride.objects.filter(date__range=(first, last))
    return dict(rows.values_list("date", "is_working_day"))


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day in mainland China (staff overrides first)."""
    override = _overrides(day, day).get(day)
    return _package_says_working(day) if override is None else override


def calendar_overrides(first: dt.date, last: dt.date) -> dict[dt.date, bool]:
    """The staff overrides between two dates, for callers computing many deadlines."""
    return _overrides(first, last)


def working_deadline(
    *, start: dt.datetime, hours: float, overrides: dict[dt.date, bool] | None = None
) -> dt.datetime:
    """The moment `hours` of working-day time have passed after `start` (aware).

    `overrides`: the staff overrides already read (`calendar_overrides`) covering `start`
    to 60 days after it; bulk callers pass them to save a query per deadline.
    """
    tz = timezone.get_default_timezone()
    cursor = timezone.localtime(start, tz)
    remaining = dt.timedelta(hours=hours)
    if overrides is None:
        overrides = _overrides(cursor.date(), cursor.date() + _LOOKAHEAD)
    while True:
        day = cursor.date()
        next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        working = overrides.get(day)
        if working is None:
            working = _package_says_working(day)
        if working:
            available = next_midnight - cursor
            if remaining <= available:
                return cursor + remaining
            remaining -= available
        cursor = next_midnight


def working_days_later(
    *, start: dt.datetime, days: int, overrides: dict[dt.date, bool] | None = None
) -> dt.datetime:
    """`days` working days after `start` (24 working-day hours each)."""
    return working_deadline(start=start, hours=24 * days, overrides=overrides)
