"""Complaint reports: figures against a hand-computed month, the targets beside them, the
exports, the monthly duties of the worker and the admin page's permission."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.models import ArticlePage
from service import services
from service.charts import Bar, bar_chart_svg
from service.models import Complaint, ComplaintStatistics
from service.report_export import report_csv, report_xlsx
from service.selectors import complaint_compliance
from service.selectors.reports import ReportPeriod, TargetLine, complaint_report
from service.services.reports import complaint_reports_due
from service.tasks import service_clock
from tests.admin_pages import client_for
from tests.factories import (
    complaint_create,
    complaint_walk,
    department_create,
    project_create,
    service_staff_create,
    staff_with,
)

pytestmark = pytest.mark.django_db
BJ = ZoneInfo("Asia/Shanghai")
MARCH = ReportPeriod.month(2026, 3)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BJ)


def _timed(complaint, *, created, due, acknowledged=None):
    """Place a complaint filed through the services at known times (the clock fields only)."""
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=created, first_response_due_at=due, acknowledged_at=acknowledged
    )
    return Complaint.objects.get(pk=complaint.pk)


@pytest.fixture
def march(site_tree):
    """Five complaints filed in March 2026 (Beijing time) and one just after, with known
    timings and ratings:

        A  engineering, web, project P, answered on time, followed up (5), closed
        B  engineering, web, project P, answered late, followed up (2)
        C  engineering, phone, 3 people (HOT), never answered, deadline passed
        D  property, web, 31 March 23:30, answered on time, resolved, closed after
           3 failed follow-up calls (so not followed up)
        E  property, web, never answered, deadline still ahead
        F  engineering, web, 1 April 00:00 Beijing (still 31 March in UTC): not March
    """
    staff = service_staff_create()
    department = department_create()
    project = project_create(site_tree, title="滨江花园")
    a = complaint_walk(
        complaint_create(project=project), to="CLOSED", staff=staff, department=department
    )
    b = complaint_walk(
        complaint_create(project=project), to="RESOLVED", staff=staff, department=department
    )
    services.complaint_follow_up_record(
        actor=staff, complaint=b, reached=True, internal_note="电话回访，业主不满意。", rating=2
    )
    c = complaint_create(filed_by=staff, channel="PHONE", people_count=3)
    d = complaint_walk(
        complaint_create(category="PROPERTY_MANAGEMENT", title="电梯故障"),
        to="RESOLVED",
        staff=staff,
        department=department,
    )
    for _ in range(3):
        services.complaint_follow_up_record(
            actor=staff, complaint=d, reached=False, internal_note="电话无人接听。"
        )
    services.complaint_close(actor=staff, complaint=d)
    e = complaint_create(category="PROPERTY_MANAGEMENT", title="绿化养护")
    f = complaint_create()

    now = timezone.now()
    _timed(a, created=at(2026, 3, 2, 10), due=at(2026, 3, 3, 10), acknowledged=at(2026, 3, 2, 12))
    _timed(b, created=at(2026, 3, 5, 10), due=at(2026, 3, 6, 10), acknowledged=at(2026, 3, 7, 9))
    _timed(c, created=at(2026, 3, 10, 10), due=at(2026, 3, 10, 14))
    _timed(
        d,
        created=at(2026, 3, 31, 23, 30),
        due=at(2026, 4, 1, 23, 30),
        acknowledged=at(2026, 4, 1, 9),
    )
    _timed(e, created=at(2026, 3, 20, 10), due=now + dt.timedelta(days=1))
    _timed(f, created=at(2026, 4, 1, 0), due=at(2026, 4, 2, 0))
    return {"project": project, "staff": staff}


def test_the_month_report_matches_the_hand_computed_figures(march):
    report = complaint_report(period=MARCH)
    t = report.total
    assert t.filed == 5  # F is April in Beijing time
    assert (t.due_for_response, t.responded_on_time, t.timely_pct) == (4, 2, 50.0)
    assert (t.resolved, t.closed, t.closure_pct) == (3, 2, 40.0)
    assert (t.followed_up, t.follow_up_pct) == (2, 66.7)
    assert (t.rated, t.satisfied, t.satisfaction_pct) == (2, 1, 50.0)


def test_the_report_breaks_the_month_down_by_category_channel_severity_and_project(march):
    report = complaint_report(period=MARCH)

    category = {r.key: r.figures for r in report.by_category}
    assert list(category) == ["ENGINEERING_QUALITY", "PROPERTY_MANAGEMENT"]
    eq, pm = category["ENGINEERING_QUALITY"], category["PROPERTY_MANAGEMENT"]
    assert (eq.filed, eq.due_for_response, eq.responded_on_time, eq.timely_pct) == (3, 3, 1, 33.3)
    assert (eq.resolved, eq.closed, eq.followed_up, eq.follow_up_pct) == (2, 1, 2, 100.0)
    assert (eq.rated, eq.satisfied, eq.satisfaction_pct) == (2, 1, 50.0)
    assert (pm.filed, pm.due_for_response, pm.responded_on_time, pm.timely_pct) == (2, 1, 1, 100.0)
    assert (pm.resolved, pm.closed, pm.closure_pct) == (1, 1, 50.0)
    assert (pm.followed_up, pm.follow_up_pct, pm.satisfaction_pct) == (0, 0.0, None)

    assert {r.key: r.figures.filed for r in report.by_channel} == {"WEB": 4, "PHONE": 1}
    assert {r.key: r.figures.filed for r in report.by_severity} == {"NORMAL": 4, "HOT": 1}
    projects = [(r.label, r.figures.filed) for r in report.by_project]
    assert projects == [("未指定楼盘", 3), ("滨江花园", 2)]


def test_the_targets_stand_beside_the_actual_figures(march):
    lines = {line.key: line for line in complaint_report(period=MARCH).targets}
    assert (lines["satisfaction_pct"].target, lines["satisfaction_pct"].actual) == (80.0, 50.0)
    assert (lines["timely_pct"].target, lines["timely_pct"].actual) == (90.0, 50.0)
    assert (lines["closure_pct"].target, lines["closure_pct"].actual) == (100.0, 40.0)
    assert (lines["follow_up_pct"].target, lines["follow_up_pct"].actual) == (100.0, 66.7)
    assert {line.met for line in lines.values()} == {False}


def test_satisfaction_must_exceed_80_while_timeliness_may_equal_90():
    def line(key, actual, *, strict):
        return TargetLine(key, "", "", 80.0 if strict else 90.0, strict, actual)

    assert line("satisfaction_pct", 80.0, strict=True).met is False
    assert line("satisfaction_pct", 80.1, strict=True).met is True
    assert line("timely_pct", 90.0, strict=False).met is True
    assert line("timely_pct", 89.9, strict=False).met is False
    assert line("timely_pct", None, strict=False).met is None


def test_the_report_total_agrees_with_the_queue_compliance_figures(march):
    now = timezone.now()
    report = complaint_report(period=MARCH, now=now)
    assert report.total == complaint_compliance(since=MARCH.since, until=MARCH.until, now=now)


def test_a_quarter_holds_its_three_months(march):
    q1 = complaint_report(period=ReportPeriod.quarter(2026, 1))
    q2 = complaint_report(period=ReportPeriod.quarter(2026, 2))
    assert (q1.total.filed, q2.total.filed) == (5, 1)


def test_a_report_costs_a_fixed_number_of_queries(march, django_assert_max_num_queries):
    # 2 for the total, 2 per dimension, 1 for the project titles: never one per row.
    with django_assert_max_num_queries(11):
        complaint_report(period=MARCH)


def test_periods_parse_and_step_back_across_years():
    assert ReportPeriod.parse("2026-10") == ReportPeriod.month(2026, 10)
    assert ReportPeriod.parse("2026-Q4") == ReportPeriod.quarter(2026, 4)
    assert ReportPeriod.parse("2026-13") is None
    assert ReportPeriod.parse("<script>") is None
    assert ReportPeriod.month(2026, 1).previous() == ReportPeriod.month(2025, 12)
    assert ReportPeriod.quarter(2026, 1).previous() == ReportPeriod.quarter(2025, 4)
    assert ReportPeriod.quarter(2026, 4).until == at(2027, 1, 1)


# --- exports ---------------------------------------------------------------------------------


def test_the_csv_export_holds_the_targets_and_every_dimension(march):
    text = report_csv(complaint_report(period=MARCH)).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 Chinese only with the BOM
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    by_label = {row[0]: row for row in rows if row}
    assert by_label["处理满意率"][1:4] == ["> 80%", "50.0", "未达标"]
    assert by_label["工程质量"][1:5] == ["3", "3", "1", "33.3"]
    assert by_label["物业管理"][-1] == ""  # nothing rated: no percentage, not 0
    assert {"按类别", "按楼盘", "按级别", "按渠道"} <= set(by_label)


def test_the_excel_export_has_a_sheet_per_dimension(march):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(complaint_report(period=MARCH))))
    assert book.sheetnames == ["指标", "按类别", "按楼盘", "按级别", "按渠道"]
    rows = list(book["按渠道"].iter_rows(values_only=True))
    assert rows[0][:2] == ("按渠道", "受理量")
    assert {r[0]: r[1] for r in rows[1:]} == {"网上": 4, "电话": 1, "合计": 5}


def test_a_project_title_never_runs_as_a_spreadsheet_formula(site_tree):
    project = project_create(site_tree, title='=HYPERLINK("http://x","y")')
    complaint = complaint_create(project=project)
    period = ReportPeriod.containing(complaint.created_at)
    report = complaint_report(period=period)
    sheet = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))["按楼盘"]
    cell = sheet["A2"]
    assert cell.value.startswith("'=") and cell.data_type == "s"
    assert "\n'=HYPERLINK" in report_csv(report).decode("utf-8").replace('"', "")


# --- the monthly duties -----------------------------------------------------------------------


def test_monthly_statistics_are_frozen_from_the_25th_before_the_28th(march):
    assert complaint_reports_due(now=at(2026, 4, 24, 23, 59)).frozen == []
    done = complaint_reports_due(now=at(2026, 4, 25, 0, 10))
    # March closes the first quarter: the quarter is frozen with it.
    assert done.frozen == ["2026-03", "2026-Q1"]
    stats = ComplaintStatistics.objects.get(period="2026-03")
    assert stats.figures["total"]["filed"] == 5
    assert stats.figures["total"]["satisfaction_pct"] == 50.0
    assert complaint_reports_due(now=at(2026, 4, 26, 9)).frozen == []  # once


def test_the_public_summary_is_an_article_draft_never_published(march, site_tree):
    first, *others = Complaint.objects.filter(category="ENGINEERING_QUALITY").order_by("pk")
    group = services.issue_group_create(actor=march["staff"], complaint=first, title="外墙渗水")
    for complaint in others:
        services.complaint_link_to_group(actor=march["staff"], complaint=complaint, group=group)
    complaint_reports_due(now=at(2026, 4, 25, 1))
    assert complaint_reports_due(now=at(2026, 4, 26, 1)).drafted == []  # not before the 27th

    done = complaint_reports_due(now=at(2026, 4, 27, 1))

    assert done.drafted == ["2026-03"]
    page = ComplaintStatistics.objects.get(period="2026-03").summary_page
    assert isinstance(page, ArticlePage)
    assert page.live is False and page.has_unpublished_changes
    assert page.get_parent().specific == site_tree.articles
    assert page.locale == site_tree.articles.locale
    assert page.title == "2026年3月投诉处理情况公示"
    body = str(page.latest_revision.as_object().body)
    assert "外墙渗水" in body and "工程质量" in body
    # built from totals and staff-named groups: no complainant's name or own words
    assert not any(c.guest_name and c.guest_name in body for c in Complaint.objects.all())
    assert complaint_reports_due(now=at(2026, 4, 28, 1)).drafted == []  # once
    assert ArticlePage.objects.filter(title=page.title).count() == 1


def test_the_service_clock_task_runs_the_monthly_duties(settings):
    settings.SERVICE_STATISTICS_DAY = 1
    result = service_clock.enqueue()
    assert result.return_value["statistics"]
    assert ComplaintStatistics.objects.exists()


def test_the_service_scheduler_enqueues_the_clock(settings):
    settings.SERVICE_STATISTICS_DAY = 1
    call_command("service_scheduler", "--once")
    last_month = ReportPeriod.containing(timezone.now()).previous()
    assert ComplaintStatistics.objects.filter(period=str(last_month)).exists()


# --- the admin page ---------------------------------------------------------------------------


def test_the_report_page_needs_the_service_permission(march):
    url = reverse("service_reports")
    outsider = staff_with("wagtailadmin.access_admin")
    assert client_for(outsider).get(url).status_code == 403
    assert client_for(outsider).get(url + "?format=csv").status_code == 403
    response = client_for(service_staff_create()).get(url, {"period": "2026-03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="service-chart"') == 5  # targets, 3 breakdowns, 12 months
    assert "处理满意率" in html and "滨江花园" in html


def test_charts_are_drawn_on_the_server_with_escaped_labels():
    svg = bar_chart_svg(
        title="按楼盘", bars=[Bar(label="<script>alert(1)</script>", value=3), Bar("空", None)]
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "—" in svg  # nothing to measure is shown as a dash, not 0
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_report_page_exports_csv_and_excel(march):
    client = client_for(service_staff_create())
    url = reverse("service_reports")
    response = client.get(url, {"period": "2026-Q1", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="complaints-2026-Q1.csv"' in response["Content-Disposition"]
    response = client.get(url, {"period": "2026-03", "format": "xlsx"})
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "指标"
