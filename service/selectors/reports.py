"""Complaint statistics (投诉统计) for a month or a quarter, beside DOMAIN.md's targets.

Every figure is counted by the database (conditional COUNTs grouped by one dimension), so
a report costs a fixed number of queries whatever the volume. The population of a report
is the *cohort* of complaints filed in the period (Beijing time, [first day 00:00, first
day of the next period 00:00)); each is measured as it stands at `now`:

    filed               complaints filed in the period
    due_for_response    answered, or not answered and past their response deadline
    responded_on_time   answered at or before `first_response_due_at` (24 working-day
                        hours for web complaints, 4 for staff-entered ones; service.calendar)
    resolved            now RESOLVED, FOLLOWED_UP or CLOSED
    followed_up         has a follow-up that reached the complainant (a call or a rating);
                        closing after 3 failed attempts does not count
    closed              now CLOSED
    rated / satisfied   follow-ups with a 1–5 rating / rated 4 or 5

    timely %        = responded_on_time / due_for_response     target ≥ 90 %
    closure %       = closed / filed                           target 100 %
    follow-up %     = followed_up / resolved                   target 100 %
    satisfaction %  = satisfied / rated                        target > 80 %

These are the definitions of `service.selectors.sla.Compliance`, which this module reuses
for every row, so the queue's compliance figures and the reports can never disagree.
A percentage with nothing to measure is None (shown as "—"), never 0 or 100.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from service.choices import Category, Channel, FollowUpOutcome, Severity, Status
from service.models import Complaint, ComplaintStatistics, FollowUp
from service.permissions import VIEW
from service.selectors.sla import TARGETS, Compliance

BEIJING = ZoneInfo("Asia/Shanghai")
MONTH = "month"
QUARTER = "quarter"
RESOLVED_STATUSES = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)
REACHED_OUTCOMES = (FollowUpOutcome.REACHED, FollowUpOutcome.RATED)
DIMENSIONS = ("category", "project", "severity", "channel")
DIMENSION_LABELS = {
    "category": gettext_lazy("按类别"),
    "project": gettext_lazy("按楼盘"),
    "severity": gettext_lazy("按级别"),
    "channel": gettext_lazy("按渠道"),
}
_PERIOD_RE = re.compile(r"^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$")


@dataclass(frozen=True, order=True)
class ReportPeriod:
    """A calendar month or quarter in Beijing time; written "2026-10" or "2026-Q4"."""

    year: int
    kind: str
    number: int  # month 1–12 or quarter 1–4

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        return cls(year=year, kind=MONTH, number=month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportPeriod:
        return cls(year=year, kind=QUARTER, number=quarter)

    @classmethod
    def parse(cls, text: str) -> ReportPeriod | None:
        """ "2026-10" → October 2026, "2026-Q4" → its fourth quarter; None if malformed."""
        match = _PERIOD_RE.match((text or "").strip())
        if not match:
            return None
        year, month, quarter = match.groups()
        if month:
            return cls.month(int(year), int(month))
        return cls.quarter(int(year), int(quarter))

    @classmethod
    def containing(cls, moment: dt.datetime, *, kind: str = MONTH) -> ReportPeriod:
        local = timezone.localtime(moment, BEIJING)
        if kind == QUARTER:
            return cls.quarter(local.year, (local.month - 1) // 3 + 1)
        return cls.month(local.year, local.month)

    @property
    def first_month(self) -> int:
        return self.number if self.kind == MONTH else 3 * (self.number - 1) + 1

    @property
    def months(self) -> int:
        return 1 if self.kind == MONTH else 3

    @property
    def since(self) -> dt.datetime:
        return dt.datetime(self.year, self.first_month, 1, tzinfo=BEIJING)

    @property
    def until(self) -> dt.datetime:
        index = self.year * 12 + self.first_month - 1 + self.months
        return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=BEIJING)

    def previous(self) -> ReportPeriod:
        return ReportPeriod.containing(self.since - dt.timedelta(days=1), kind=self.kind)

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("%(year)d年%(month)d月") % {"year": self.year, "month": self.number}
        return _("%(year)d年第%(quarter)d季度") % {"year": self.year, "quarter": self.number}


@dataclass(frozen=True)
class ReportRow:
    """The figures of one value of a dimension (one category, one project, ...)."""

    key: str
    label: str
    figures: Compliance


@dataclass(frozen=True)
class TargetLine:
    """One of DOMAIN.md's targets beside the actual figure."""

    key: str  # the Compliance property, e.g. "timely_pct"
    label: str
    definition: str
    target: float
    strict: bool  # ">" (satisfaction) rather than "≥"
    actual: float | None

    @property
    def comparison(self) -> str:
        return ">" if self.strict else "≥"

    @property
    def met(self) -> bool | None:
        """Whether the target is met; None when there was nothing to measure."""
        if self.actual is None:
            return None
        return self.actual > self.target if self.strict else self.actual >= self.target


@dataclass(frozen=True)
class ComplaintReport:
    period: ReportPeriod
    as_of: dt.datetime
    total: Compliance
    targets: list[TargetLine]
    by_category: list[ReportRow]
    by_project: list[ReportRow]
    by_severity: list[ReportRow]
    by_channel: list[ReportRow]

    def rows(self, dimension: str) -> list[ReportRow]:
        return getattr(self, f"by_{dimension}")


def _target_lines(total: Compliance) -> list[TargetLine]:
    specs = [
        (
            "satisfaction_pct",
            _("处理满意率"),
            _("评价 4–5 分的回访 ÷ 有评分的回访"),
            True,
        ),
        (
            "timely_pct",
            _("处理及时率"),
            _("在响应时限内首次响应的投诉 ÷ 已响应或已超时的投诉"),
            False,
        ),
        ("closure_pct", _("投诉关闭率"), _("已关闭的投诉 ÷ 受理的投诉"), False),
        (
            "follow_up_pct",
            _("回访率"),
            _("已回访（电话或评价）的投诉 ÷ 已解决的投诉"),
            False,
        ),
    ]
    return [
        TargetLine(
            key=key,
            label=label,
            definition=definition,
            target=TARGETS[key],
            strict=strict,
            actual=getattr(total, key),
        )
        for key, label, definition, strict in specs
    ]


_GROUP_FIELD = {
    "category": "category",
    "project": "project_id",
    "severity": "severity",
    "channel": "channel",
}


def _grouped_figures(
    cohort: QuerySet[Complaint], *, group: str | None, now: dt.datetime
) -> dict[Any, Compliance]:
    """Compliance per value of `group` (or one row under None): two grouped queries."""
    answered = Q(acknowledged_at__isnull=False)
    complaint_counts = {
        "filed": Count("pk"),
        "responded_on_time": Count(
            "pk", filter=answered & Q(acknowledged_at__lte=F("first_response_due_at"))
        ),
        "due_for_response": Count("pk", filter=answered | Q(first_response_due_at__lt=now)),
        "closed": Count("pk", filter=Q(status=Status.CLOSED)),
        "resolved": Count("pk", filter=Q(status__in=RESOLVED_STATUSES)),
    }
    follow_up_counts = {
        "followed_up": Count("complaint", distinct=True, filter=Q(outcome__in=REACHED_OUTCOMES)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "satisfied": Count("pk", filter=Q(rating__gte=4)),
    }
    follow_ups = FollowUp.objects.filter(complaint__in=cohort.values("pk"))
    if group is None:
        complaints_rows = [{"key": None, **cohort.aggregate(**complaint_counts)}]
        follow_up_rows = [{"key": None, **follow_ups.aggregate(**follow_up_counts)}]
    else:
        field = _GROUP_FIELD[group]
        complaints_rows = (
            cohort.order_by()
            .values(key=F(field))
            .annotate(**complaint_counts)
            .values("key", *complaint_counts)
        )
        follow_up_rows = (
            follow_ups.order_by()
            .values(key=F(f"complaint__{field}"))
            .annotate(**follow_up_counts)
            .values("key", *follow_up_counts)
        )
    empty = dict.fromkeys(follow_up_counts, 0)
    by_key_follow_ups = {row.pop("key"): row for row in map(dict, follow_up_rows)}
    result = {}
    for row in map(dict, complaints_rows):
        key = row.pop("key")
        result[key] = Compliance(**row, **by_key_follow_ups.get(key, empty))
    return result


def _labelled(
    figures: dict[Any, Compliance], *, dimension: str, project_titles: dict[int, str]
) -> list[ReportRow]:
    """Rows in the dimension's natural order (enum order; projects by volume, then title)."""
    if dimension == "project":
        rows = [
            ReportRow(
                key=str(key or ""),
                label=project_titles.get(key, "") if key else _("未指定楼盘"),
                figures=value,
            )
            for key, value in figures.items()
        ]
        return sorted(rows, key=lambda r: (-r.figures.filed, r.label))
    choices = {"category": Category, "severity": Severity, "channel": Channel}[dimension]
    return [
        ReportRow(key=value, label=str(label), figures=figures[value])
        for value, label in choices.choices
        if value in figures
    ]


def complaint_report(*, period: ReportPeriod, now: dt.datetime | None = None) -> ComplaintReport:
    """The statistics of the complaints filed in `period`, measured at `now`, by category,
    project, severity and channel, with the targets beside the total (at most 11 queries)."""
    now = now or timezone.now()
    cohort = Complaint.objects.filter(created_at__gte=period.since, created_at__lt=period.until)
    total = _grouped_figures(cohort, group=None, now=now)[None]
    grouped = {d: _grouped_figures(cohort, group=d, now=now) for d in DIMENSIONS}
    project_ids = [pk for pk in grouped["project"] if pk]
    project_titles = dict(
        Complaint.objects.filter(project_id__in=project_ids)
        .order_by()
        .values_list("project_id", "project__title")
        .distinct()
    )
    rows = {
        d: _labelled(grouped[d], dimension=d, project_titles=project_titles) for d in DIMENSIONS
    }
    return ComplaintReport(
        period=period,
        as_of=now,
        total=total,
        targets=_target_lines(total),
        by_category=rows["category"],
        by_project=rows["project"],
        by_severity=rows["severity"],
        by_channel=rows["channel"],
    )


@dataclass(frozen=True)
class MonthVolume:
    period: ReportPeriod
    filed: int


def complaint_monthly_volumes(*, last: ReportPeriod, months: int = 12) -> list[MonthVolume]:
    """Complaints filed per month for the `months` months ending with `last` (one query;
    months without complaints are listed with 0)."""
    periods = [last]
    while len(periods) < months:
        periods.append(periods[-1].previous())
    periods.reverse()
    counts = {
        timezone.localtime(row["month"], BEIJING).strftime("%Y-%m"): row["filed"]
        for row in Complaint.objects.filter(
            created_at__gte=periods[0].since, created_at__lt=last.until
        )
        .order_by()
        .annotate(month=TruncMonth("created_at", tzinfo=BEIJING))
        .values("month")
        .annotate(filed=Count("pk"))
    }
    return [MonthVolume(period=p, filed=counts.get(str(p), 0)) for p in periods]


def complaint_common_issues(*, period: ReportPeriod, limit: int = 5) -> list[dict[str, Any]]:
    """The issue groups (相同投诉, named by staff) with the most complaints filed in the
    period, with how many of those are resolved: the raw material of the public summary of
    common complaints. Staff-written group titles only — never a complainant's own words,
    name, unit or any note."""
    cohort = Complaint.objects.filter(
        created_at__gte=period.since, created_at__lt=period.until, issue_group__isnull=False
    )
    rows = (
        cohort.order_by()
        .values("issue_group_id", "issue_group__title", "issue_group__category")
        .annotate(filed=Count("pk"), resolved=Count("pk", filter=Q(status__in=RESOLVED_STATUSES)))
        .order_by("-filed", "issue_group_id")[:limit]
    )
    return [
        {
            "title": row["issue_group__title"],
            "category": row["issue_group__category"],
            "category_label": str(Category(row["issue_group__category"]).label),
            "filed": row["filed"],
            "resolved": row["resolved"],
        }
        for row in rows
    ]


def complaint_statistics_list(*, actor: Any, limit: int = 24) -> QuerySet[ComplaintStatistics]:
    """The frozen statistics, newest period first, for holders of the service permission."""
    if actor is None or not getattr(actor, "is_active", False) or not actor.has_perm(VIEW):
        return ComplaintStatistics.objects.none()
    return ComplaintStatistics.objects.select_related("summary_page").order_by("-period")[:limit]
