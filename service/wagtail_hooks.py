"""The customer-service admin (客户服务): registered here, built in service/admin/."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from service.admin.bulk import AssignBulkAction
from service.admin.member_history import member_complaint_history_section
from service.admin.reports import ComplaintReportView
from service.admin.viewsets import ServiceGroup
from service.permissions import VIEW


@hooks.register("register_admin_viewset")
def register_service_admin():
    return ServiceGroup()


hooks.register("register_bulk_action", AssignBulkAction)
hooks.register("club_member_record_sections", member_complaint_history_section)


class _ServiceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_admin_urls")
def service_report_urls():
    return [path("service/reports/", ComplaintReportView.as_view(), name="service_reports")]


@hooks.register("register_admin_menu_item")
def service_report_menu_item():
    return _ServiceMenuItem(_("投诉报表"), reverse("service_reports"), icon_name="table", order=520)


@hooks.register("filter_form_submissions_for_user")
def complaint_forms_out_of_form_submissions(user, editable_forms):
    # A complaint form's submissions are complaints (the staff queue), never Wagtail form
    # submissions: its empty submission list would only suggest that filings were lost.
    from service.models import ComplaintFormPage

    return editable_forms.not_type(ComplaintFormPage)
