"""The service area of the Wagtail admin. Views live in service/admin_ui/."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from service.admin_ui.reports import ComplaintReportView
from service.permissions import VIEW


class _ServiceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_admin_urls")
def service_report_urls():
    return [path("service/reports/", ComplaintReportView.as_view(), name="service_reports")]


@hooks.register("register_admin_menu_item")
def service_report_menu_item():
    return _ServiceMenuItem(_("投诉报表"), reverse("service_reports"), icon_name="table", order=520)
