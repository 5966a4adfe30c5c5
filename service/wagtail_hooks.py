"""The customer-service admin (客户服务): registered here, built in service/admin/."""

from __future__ import annotations

from wagtail import hooks

from service.admin.bulk import AssignBulkAction
from service.admin.member_history import member_complaint_history_section
from service.admin.viewsets import ServiceGroup


@hooks.register("register_admin_viewset")
def register_service_admin():
    return ServiceGroup()


hooks.register("register_bulk_action", AssignBulkAction)
hooks.register("club_member_record_sections", member_complaint_history_section)


@hooks.register("filter_form_submissions_for_user")
def complaint_forms_out_of_form_submissions(user, editable_forms):
    # A complaint form's submissions are complaints (the staff queue), never Wagtail form
    # submissions: its empty submission list would only suggest that filings were lost.
    from service.models import ComplaintFormPage

    return editable_forms.not_type(ComplaintFormPage)
