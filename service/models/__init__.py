"""Service-domain models, one module per area."""

from service.models.attachments import ComplaintAttachment
from service.models.complaints import Complaint, ComplaintEvent, IssueGroup, ReferenceCounter
from service.models.follow_up import CaseWriteUp, FollowUp
from service.models.forms import ComplaintFormField, ComplaintFormPage
from service.models.organisation import Department, WorkingCalendarOverride
from service.models.reports import ComplaintStatistics

__all__ = [
    "CaseWriteUp",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintStatistics",
    "ComplaintEvent",
    "ComplaintFormField",
    "ComplaintFormPage",
    "Department",
    "FollowUp",
    "IssueGroup",
    "ReferenceCounter",
    "WorkingCalendarOverride",
]
