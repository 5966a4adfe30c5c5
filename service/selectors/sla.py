"""SLA flags in SQL, and the compliance figures against DOMAIN.md's targets.

Overdue is a comparison of stored deadlines (computed on the working-day calendar at
filing) with the current time, so the database can filter, sort and index it:
- response overdue: not yet answered and past `first_response_due_at`;
- handling overdue: still open, past `handling_due_at` (one working day) and without a
  named handler or a handling record (DOMAIN.md's property-management rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone

from service.choices import OPEN_STATUSES, FollowUpOutcome, Status
from service.models import Complaint, FollowUp


def response_overdue_q(now: dt.datetime) -> Q:
    return Q(acknowledged_at__isnull=True, first_response_due_at__lt=now)


def handling_overdue_q(now: dt.datetime) -> Q:
    return Q(status__in=OPEN_STATUSES, handling_due_at__lt=now) & (
        Q(handler__isnull=True) | Q(handling_recorded_at__isnull=True)
    )


def overdue_q(now: dt.datetime) -> Q:
    return response_overdue_q(now) | handling_overdue_q(now)


def complaints_with_sla(qs: QuerySet[Complaint], *, now: dt.datetime) -> QuerySet[Complaint]:
    """`qs` annotated with `response_overdue`, `handling_overdue` and `overdue` (booleans
    computed by the database, usable in filter() and order_by())."""
    return qs.annotate(
        response_overdue=ExpressionWrapper(response_overdue_q(now), output_field=BooleanField()),
        handling_overdue=ExpressionWrapper(handling_overdue_q(now), output_field=BooleanField()),
        overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField()),
    )


@dataclass(frozen=True)
class Compliance:
    """Figures for complaints filed in a period, beside DOMAIN.md's targets.

    Percentages are None when nothing was there to measure.
    """

    filed: int
    responded_on_time: int
    due_for_response: int
    closed: int
    resolved: int
    followed_up: int
    rated: int
    satisfied: int

    @staticmethod
    def _pct(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def timely_pct(self) -> float | None:
        """Answered within the response clock, of those whose clock has run out or that
        were answered (target ≥ 90 %)."""
        return self._pct(self.responded_on_time, self.due_for_response)

    @property
    def closure_pct(self) -> float | None:
        """Closed, of those filed (target 100 %)."""
        return self._pct(self.closed, self.filed)

    @property
    def follow_up_pct(self) -> float | None:
        """Followed up (call or rating), of those resolved (target 100 %)."""
        return self._pct(self.followed_up, self.resolved)

    @property
    def satisfaction_pct(self) -> float | None:
        """Rated 4 or 5, of those rated (target > 80 %)."""
        return self._pct(self.satisfied, self.rated)


TARGETS = {
    "satisfaction_pct": 80.0,
    "timely_pct": 90.0,
    "closure_pct": 100.0,
    "follow_up_pct": 100.0,
}


def complaint_compliance(
    *, since: dt.datetime, until: dt.datetime, now: dt.datetime | None = None
) -> Compliance:
    """Compliance of the complaints filed in [since, until), in two queries."""
    now = now or timezone.now()
    filed = Complaint.objects.filter(created_at__gte=since, created_at__lt=until)
    answered = Q(acknowledged_at__isnull=False)
    on_time = answered & Q(acknowledged_at__lte=F("first_response_due_at"))
    figures = filed.aggregate(
        filed=Count("pk"),
        responded_on_time=Count("pk", filter=on_time),
        due_for_response=Count("pk", filter=answered | Q(first_response_due_at__lt=now)),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        resolved=Count(
            "pk", filter=Q(status__in=[Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED])
        ),
    )
    # A complaint closed after three failed calls was not followed up; one reopened and
    # followed up twice counts once.
    ratings = FollowUp.objects.filter(complaint__in=filed).aggregate(
        followed_up=Count(
            "complaint",
            distinct=True,
            filter=Q(outcome__in=[FollowUpOutcome.REACHED, FollowUpOutcome.RATED]),
        ),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating__gte=4)),
    )
    return Compliance(**figures, **ratings)
