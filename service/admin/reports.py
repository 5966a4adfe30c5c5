"""报表: the complaint statistics page of the Wagtail admin, its charts and its exports.

Behind `service.view_complaint` (403 otherwise). The figures come from
service.selectors.reports; this view only picks the period, draws and serves them.
`?period=2026-10` (a month) or `?period=2026-Q4` (a quarter); `&format=csv|xlsx` exports.
The report holds counts only — no complainant — so exports need no audit row.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from service.charts import Bar, bar_chart_svg
from service.permissions import VIEW
from service.report_export import report_csv, report_xlsx
from service.selectors.reports import (
    DIMENSION_LABELS,
    DIMENSIONS,
    MONTH,
    QUARTER,
    ComplaintReport,
    ReportPeriod,
    complaint_monthly_volumes,
    complaint_report,
    complaint_statistics_list,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_choices(*, today_period: ReportPeriod) -> list[ReportPeriod]:
    """The last 12 months and the last 4 quarters, newest first."""
    months = [today_period]
    while len(months) < 12:
        months.append(months[-1].previous())
    quarters = [ReportPeriod.containing(today_period.since, kind=QUARTER)]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    return months + quarters


def report_charts(report: ComplaintReport, *, volumes: list) -> list:
    charts = [
        bar_chart_svg(
            title=_("目标达成（虚线为目标）"),
            unit="%",
            scale=100,
            bars=[
                Bar(label=t.label, value=t.actual, target=t.target, met=t.met)
                for t in report.targets
            ],
        )
    ]
    for dimension in ("category", "severity", "channel"):
        charts.append(
            bar_chart_svg(
                title=_("受理量（%(by)s）") % {"by": DIMENSION_LABELS[dimension]},
                bars=[Bar(label=r.label, value=r.figures.filed) for r in report.rows(dimension)],
            )
        )
    charts.append(
        bar_chart_svg(
            title=_("近 12 个月受理量"),
            bars=[Bar(label=str(v.period), value=v.filed) for v in volumes],
        )
    )
    return charts


class ComplaintReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "service/admin/reports.html"
    page_title = gettext_lazy("投诉报表")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            # A plain 403, not Wagtail's redirect to the dashboard: the page and its export
            # links are refused to scripts and bookmarks alike.
            return permission_denied(request, PermissionDenied())
        this_month = ReportPeriod.containing(timezone.now(), kind=MONTH)
        self.choices = period_choices(today_period=this_month)
        self.period = ReportPeriod.parse(request.GET.get("period", "")) or this_month.previous()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format")
        if export in ("csv", "xlsx"):
            report = complaint_report(period=self.period)
            body, content_type = (
                (report_csv(report), "text/csv; charset=utf-8")
                if export == "csv"
                else (report_xlsx(report), XLSX)
            )
            response = HttpResponse(body, content_type=content_type)
            filename = f"complaints-{self.period}.{export}"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = complaint_report(period=self.period)
        last_month = (
            self.period
            if self.period.kind == MONTH
            else ReportPeriod.containing(self.period.until - dt.timedelta(days=1))
        )
        context.update(
            report=report,
            period=self.period,
            choices=[(str(p), p.label) for p in self.choices],
            tables=[(DIMENSION_LABELS[d], report.rows(d)) for d in DIMENSIONS],
            charts=report_charts(report, volumes=complaint_monthly_volumes(last=last_month)),
            statistics=complaint_statistics_list(actor=self.request.user),
        )
        return context
