"""Every read of the service domain, permission-scoped once."""

from service.selectors.cases import case_library_search
from service.selectors.complaints import (
    ComplaintFilter,
    TimelineEntry,
    complaint_by_reference,
    complaint_for_member,
    complaint_for_staff,
    complaint_public_timeline,
    complaint_staff_timeline,
    complaint_view_log,
    complaints_for_member,
    complaints_for_staff,
)
from service.selectors.forms import (
    FormFieldDescription,
    attachment_for_staff,
    complaint_attachments_for_staff,
    complaint_form_by_slug,
    complaint_form_fields,
)
from service.selectors.groups import GroupCandidate, issue_group_candidates
from service.selectors.sla import TARGETS, Compliance, complaint_compliance, complaints_with_sla
from service.selectors.staff import (
    complainant_contact,
    complaint_handlers,
    complaint_queue_audit,
    complaint_staff_by_pk,
    complaints_by_pks_for_staff,
    departments_all,
    issue_groups_by_ids,
    member_complaint_history,
)
from service.selectors.staff_reads import complaint_contact, complaints_for_staff_read

__all__ = [
    "TARGETS",
    "ComplaintFilter",
    "Compliance",
    "FormFieldDescription",
    "GroupCandidate",
    "TimelineEntry",
    "attachment_for_staff",
    "complaint_attachments_for_staff",
    "case_library_search",
    "complaint_form_by_slug",
    "complaint_form_fields",
    "complainant_contact",
    "complaint_handlers",
    "complaint_queue_audit",
    "complaint_staff_by_pk",
    "complaints_by_pks_for_staff",
    "departments_all",
    "issue_groups_by_ids",
    "member_complaint_history",
    "complaint_by_reference",
    "complaint_compliance",
    "complaint_contact",
    "complaint_for_member",
    "complaint_for_staff",
    "complaint_public_timeline",
    "complaint_staff_timeline",
    "complaint_view_log",
    "complaints_for_member",
    "complaints_for_staff",
    "complaints_for_staff_read",
    "complaints_with_sla",
    "issue_group_candidates",
]
