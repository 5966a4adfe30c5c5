"""The monthly reporting duties of DOMAIN.md's supervision standards (督导标准):

- monthly statistics ready by the 28th: on day `SERVICE_STATISTICS_DAY` (default 25) of a
  month, the previous month's statistics are frozen into a ComplaintStatistics row (and,
  after a quarter's last month, the quarter's too). The cohort of the previous month has
  had that long to be handled, closed and followed up, and staff three days to read the
  figures before the 28th;
- a public summary of common complaints by the 30th: on day `SERVICE_SUMMARY_DAY`
  (default 27 — every month has one, February included) a news article is drafted from the
  frozen figures and the staff-named issue groups, as a *draft* in the news section, for
  editors to review and publish through the usual workflow. Nothing is published here.

Both are idempotent: `complaint_reports_due` may run every few minutes (the service clock,
service.tasks) and does each month's work once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from content.services import article_draft_create
from service.models import ComplaintStatistics
from service.report_export import report_as_dict
from service.selectors.reports import (
    BEIJING,
    ReportPeriod,
    complaint_common_issues,
    complaint_report,
)


def statistics_day() -> int:
    return int(getattr(settings, "SERVICE_STATISTICS_DAY", 25))


def summary_day() -> int:
    return int(getattr(settings, "SERVICE_SUMMARY_DAY", 27))


@transaction.atomic
def complaint_statistics_freeze(
    *, period: ReportPeriod, now: dt.datetime | None = None
) -> ComplaintStatistics:
    """Compute `period`'s report now and store it (once: an existing row is kept)."""
    now = now or timezone.now()
    existing = ComplaintStatistics.objects.select_for_update().filter(period=str(period)).first()
    if existing is not None:
        return existing
    report = complaint_report(period=period, now=now)
    try:
        with transaction.atomic():
            return ComplaintStatistics.objects.create(
                period=str(period), computed_at=now, figures=report_as_dict(report)
            )
    except IntegrityError:  # a second clock got there first: theirs stands
        return ComplaintStatistics.objects.get(period=str(period))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def _summary_body(*, statistics: ComplaintStatistics, period: ReportPeriod) -> list[dict]:
    figures = statistics.figures
    total = figures["total"]
    blocks: list[dict] = [
        {
            "type": "paragraph",
            "value": "<p>"
            + escape(
                _(
                    "%(period)s，客户关系中心共受理投诉 %(filed)d 件，已解决 %(resolved)d 件，"
                    "已回访 %(followed)d 件；处理及时率 %(timely)s，处理满意率 %(satisfaction)s。"
                )
                % {
                    "period": period.label,
                    "filed": total["filed"],
                    "resolved": total["resolved"],
                    "followed": total["followed_up"],
                    "timely": _pct(total["timely_pct"]),
                    "satisfaction": _pct(total["satisfaction_pct"]),
                }
            )
            + "</p>",
        },
        {"type": "heading", "value": {"text": _("投诉类别分布"), "size": "h2"}},
    ]
    items = "".join(
        f"<li>{escape(row['label'])}：{row['filed']} 件，已解决 {row['resolved']} 件</li>"
        for row in figures["category"]
    )
    blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>" if items else "<p>—</p>"})
    issues = complaint_common_issues(period=period)
    blocks.append({"type": "heading", "value": {"text": _("常见问题及处理情况"), "size": "h2"}})
    if issues:
        items = "".join(
            "<li>"
            + escape(
                _("%(title)s（%(category)s）：%(filed)d 件，已解决 %(resolved)d 件")
                % {
                    "title": issue["title"],
                    "category": issue["category_label"],
                    "filed": issue["filed"],
                    "resolved": issue["resolved"],
                }
            )
            + "</li>"
            for issue in issues
        )
        blocks.append({"type": "paragraph", "value": f"<ul>{items}</ul>"})
    else:
        blocks.append(
            {"type": "paragraph", "value": "<p>" + escape(_("本月无集中反映的问题。")) + "</p>"}
        )
    blocks.append(
        {
            "type": "paragraph",
            "value": "<p>"
            + escape(
                _("感谢各位业主的监督与支持。如有问题，欢迎通过会员中心或客服热线随时联系我们。")
            )
            + "</p>",
        }
    )
    return blocks


@transaction.atomic
def complaint_summary_draft(*, statistics: ComplaintStatistics) -> ComplaintStatistics:
    """Draft the public summary of a month's common complaints (once per month).

    The article is saved as a draft only: an editor reviews it (it must contain nothing
    about any one complainant — it is built from totals and staff-named issue groups) and
    publishes it through the news section's workflow.
    """
    statistics = ComplaintStatistics.objects.select_for_update().get(pk=statistics.pk)
    if statistics.summary_drafted_at is not None:
        return statistics
    period = ReportPeriod.parse(statistics.period)
    with translation.override("zh-hans"):
        title = _("%(period)s投诉处理情况公示") % {"period": period.label}
        total = statistics.figures["total"]
        intro = _("%(period)s共受理投诉 %(filed)d 件，处理满意率 %(satisfaction)s。") % {
            "period": period.label,
            "filed": total["filed"],
            "satisfaction": _pct(total["satisfaction_pct"]),
        }
        body = _summary_body(statistics=statistics, period=period)
    page = article_draft_create(
        title=title,
        slug=f"complaints-summary-{statistics.period}",
        intro=intro,
        body=body,
        date=timezone.localtime(timezone.now(), BEIJING).date(),
    )
    statistics.summary_page = page
    statistics.summary_drafted_at = timezone.now()
    statistics.save(update_fields=["summary_page", "summary_drafted_at"])
    return statistics


@dataclass(frozen=True)
class ReportsDone:
    frozen: list[str]
    drafted: list[str]


def complaint_reports_due(*, now: dt.datetime | None = None) -> ReportsDone:
    """Do whatever monthly reporting is due at `now` (Beijing calendar) and not done yet."""
    now = now or timezone.now()
    today = timezone.localtime(now, BEIJING).date()
    last_month = ReportPeriod.month(today.year, today.month).previous()
    frozen: list[str] = []
    drafted: list[str] = []
    if today.day >= statistics_day():
        periods = [last_month]
        if last_month.number % 3 == 0:
            periods.append(ReportPeriod.quarter(last_month.year, last_month.number // 3))
        for period in periods:
            if not ComplaintStatistics.objects.filter(period=str(period)).exists():
                complaint_statistics_freeze(period=period, now=now)
                frozen.append(str(period))
    if today.day >= summary_day():
        statistics = ComplaintStatistics.objects.filter(
            period=str(last_month), summary_drafted_at__isnull=True
        ).first()
        if statistics is not None:
            complaint_summary_draft(statistics=statistics)
            drafted.append(str(last_month))
    return ReportsDone(frozen=frozen, drafted=drafted)
