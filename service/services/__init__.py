"""Every write of the service domain; callers (forms, GraphQL, admin, tasks) call these."""

from service.services.attachments import attachments_purge_unclaimed, attachments_upload
from service.services.filing import complaint_file, reference_next
from service.services.follow_up import case_write_up, complaint_follow_up_record, complaint_rate
from service.services.forms import complaint_file_from_form
from service.services.lifecycle import (
    complaint_acknowledge,
    complaint_assign,
    complaint_close,
    complaint_record_handling,
    complaint_reopen,
    complaint_resolve,
    complaint_start,
)
from service.services.severity import (
    complaint_flags_set,
    complaint_link_to_group,
    complaint_lower_severity,
    complaint_reassess_severity,
    complaints_reassess_open,
    issue_group_create,
)

__all__ = [
    "attachments_purge_unclaimed",
    "attachments_upload",
    "case_write_up",
    "complaint_acknowledge",
    "complaint_assign",
    "complaint_close",
    "complaint_file",
    "complaint_file_from_form",
    "complaint_flags_set",
    "complaint_follow_up_record",
    "complaint_link_to_group",
    "complaint_lower_severity",
    "complaint_rate",
    "complaint_reassess_severity",
    "complaint_record_handling",
    "complaint_reopen",
    "complaint_resolve",
    "complaint_start",
    "complaints_reassess_open",
    "issue_group_create",
    "reference_next",
]
