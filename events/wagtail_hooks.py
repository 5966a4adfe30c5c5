"""The event staff area of the Wagtail admin (活动现场): shown only to event staff."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from events.admin_ui.door import CheckInScanView, CheckInView, WalkInView
from events.admin_ui.index import EventStaffIndexView
from events.admin_ui.records import EventCloseView, EventRecordsView
from events.admin_ui.reports import AttendanceReportView
from events.permissions import is_event_staff


class EventStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_event_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_event_staff_menu_item():
    return EventStaffMenuItem(
        _("活动现场"), reverse("events_staff_index"), icon_name="date", order=260
    )


@hooks.register("register_admin_urls")
def register_event_staff_urls():
    return [
        path("event-staff/", EventStaffIndexView.as_view(), name="events_staff_index"),
        path(
            "event-staff/<int:event_id>/check-in/",
            CheckInView.as_view(),
            name="events_staff_check_in",
        ),
        path(
            "event-staff/<int:event_id>/check-in/scan/",
            CheckInScanView.as_view(),
            name="events_staff_scan",
        ),
        path(
            "event-staff/<int:event_id>/walk-in/", WalkInView.as_view(), name="events_staff_walk_in"
        ),
        path(
            "event-staff/<int:event_id>/attendance/",
            AttendanceReportView.as_view(),
            name="events_staff_attendance",
        ),
        path(
            "event-staff/<int:event_id>/records/",
            EventRecordsView.as_view(),
            name="events_staff_records",
        ),
        path(
            "event-staff/<int:event_id>/close/", EventCloseView.as_view(), name="events_staff_close"
        ),
    ]
