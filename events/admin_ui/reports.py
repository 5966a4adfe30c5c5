"""The attendance report of one event, on screen and as CSV or Excel.

The rows come from `events.selectors.event_attendance`, which masks names and phones for
readers without the PII permission and writes an audit entry per read (the export under
its own operation). The spreadsheet is written by Wagtail's SpreadsheetExportMixin
(openpyxl for Excel), the same one the members admin uses, with its cells made safe
from formulas the same way.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from club.admin_ui.columns import spreadsheet_safe
from core.errors import PermissionDeniedError
from events.admin_ui.base import EventStaffView
from events.choices import RegistrationStatus
from events.selectors import AttendanceRow, event_attendance


def _local(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _status_label(row: AttendanceRow) -> str:
    if row.kind == "WALK_IN":
        return _("现场登记")
    return str(RegistrationStatus(row.status).label)


class AttendanceReportView(EventStaffView, SpreadsheetExportMixin, TemplateView):
    permission = "events.view_registration"
    template_name = "events/admin/attendance.html"
    page_title = gettext_lazy("报名与签到名单")
    list_export = ["name", "phone", "party_size", "status", "registered_at", "checked_in_at"]
    export_headings = {
        "name": gettext_lazy("姓名"),
        "phone": gettext_lazy("手机号"),
        "party_size": gettext_lazy("人数"),
        "status": gettext_lazy("状态"),
        "registered_at": gettext_lazy("报名/登记时间"),
        "checked_in_at": gettext_lazy("签到时间"),
    }

    def get_filename(self) -> str:
        return f"attendance-{self.event.slug}"

    def rows(self) -> list[AttendanceRow]:
        try:
            return event_attendance(
                actor=self.request.user,
                event=self.event,
                operation="events.attendance.export" if self.is_export else "events.attendance",
            )
        except PermissionDeniedError:
            raise PermissionDenied from None

    def to_row_dict(self, item: AttendanceRow) -> dict:
        shown = {
            "name": item.name,
            "phone": item.phone or "",
            "party_size": item.party_size,
            "status": _status_label(item),
            "registered_at": _local(item.registered_at),
            "checked_in_at": _local(item.checked_in_at),
        }
        return {field: spreadsheet_safe(shown[field]) for field in self.list_export}

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.rows()
        context["rows"] = [self.to_row_dict(row) for row in rows]
        context["headings"] = [self.export_headings[f] for f in self.list_export]
        context["xlsx_url"] = self.xlsx_export_url
        context["csv_url"] = self.csv_export_url
        return context
