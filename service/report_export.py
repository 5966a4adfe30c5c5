"""A complaint report as a table: the rows of the CSV and Excel exports and of the frozen
monthly statistics (ComplaintStatistics.figures).

Excel files are written with openpyxl, the library Wagtail's own list exports use (the
members and purchase-intent exports of the club admin), so the project carries one
spreadsheet writer. CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese.
Text cells that a spreadsheet would run as a formula (a project titled "=..." ) are
prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from service.selectors.reports import DIMENSION_LABELS, DIMENSIONS, ComplaintReport
from service.selectors.sla import Compliance

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FIGURE_FIELDS = (
    "filed",
    "due_for_response",
    "responded_on_time",
    "timely_pct",
    "resolved",
    "followed_up",
    "follow_up_pct",
    "closed",
    "closure_pct",
    "rated",
    "satisfied",
    "satisfaction_pct",
)


def figure_headings() -> list[str]:
    return [
        _("受理量"),
        _("应响应"),
        _("及时响应"),
        _("及时率（%）"),
        _("已解决"),
        _("已回访"),
        _("回访率（%）"),
        _("已关闭"),
        _("关闭率（%）"),
        _("评价数"),
        _("满意数"),
        _("满意率（%）"),
    ]


def safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def figure_values(figures: Compliance) -> list[Any]:
    """The figures in FIGURE_FIELDS order; a percentage with nothing to measure is ""."""
    values = [getattr(figures, name) for name in FIGURE_FIELDS]
    return ["" if v is None else v for v in values]


def _target_rows(report: ComplaintReport) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("指标"), _("目标"), _("实际"), _("是否达标"), _("口径")]]
    for line in report.targets:
        met = {True: _("达标"), False: _("未达标"), None: "—"}[line.met]
        rows.append(
            [
                line.label,
                f"{line.comparison} {line.target:g}%",
                "" if line.actual is None else line.actual,
                met,
                line.definition,
            ]
        )
    return rows


def _dimension_rows(report: ComplaintReport, dimension: str) -> list[list[Any]]:
    rows: list[list[Any]] = [[str(DIMENSION_LABELS[dimension]), *figure_headings()]]
    for row in report.rows(dimension):
        rows.append([safe_text(row.label), *figure_values(row.figures)])
    rows.append([_("合计"), *figure_values(report.total)])
    return rows


def _title(report: ComplaintReport) -> str:
    as_of = timezone.localtime(report.as_of).strftime("%Y-%m-%d %H:%M")
    return _("投诉统计 %(period)s（截至 %(as_of)s）") % {
        "period": report.period.label,
        "as_of": as_of,
    }


def report_csv(report: ComplaintReport) -> bytes:
    """One CSV: the title, the targets, then one block per dimension, blank-line apart."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_title(report)])
    for block in [_target_rows(report)] + [_dimension_rows(report, d) for d in DIMENSIONS]:
        writer.writerow([])
        writer.writerows(block)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: ComplaintReport) -> bytes:
    """A workbook: 指标 (targets beside the figures), then one sheet per dimension."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("指标")
    sheet.append([_title(report)])
    sheet["A1"].font = Font(bold=True)
    for row in _target_rows(report):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["E"].width = 48
    for dimension in DIMENSIONS:
        sheet = workbook.create_sheet(str(DIMENSION_LABELS[dimension]))
        for row in _dimension_rows(report, dimension):
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def report_as_dict(report: ComplaintReport) -> dict[str, Any]:
    """JSON-ready figures, stored by the monthly statistics task."""

    def figures(c: Compliance) -> dict[str, Any]:
        return {name: getattr(c, name) for name in FIGURE_FIELDS}

    return {
        "period": str(report.period),
        "as_of": report.as_of.isoformat(),
        "total": figures(report.total),
        "targets": [
            {"key": t.key, "target": t.target, "actual": t.actual, "met": t.met}
            for t in report.targets
        ],
        **{
            dimension: [
                {"key": r.key, "label": r.label, **figures(r.figures)}
                for r in report.rows(dimension)
            ]
            for dimension in DIMENSIONS
        },
    }
