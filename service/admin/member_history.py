"""The member's complaint history on their admin record (club's member detail page).

Club knows nothing of complaints: its record page asks the `club_member_record_sections`
hook for extra sections, and this one answers with the member's complaints, only for
holders of the service permission (the read is audited by the selector).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from service.permissions import VIEW
from service.selectors import member_complaint_history


class ComplaintHistory(Component):
    template_name = "service/admin/member_complaints.html"

    def __init__(self, complaints: list) -> None:
        self.complaints = complaints

    def get_context_data(self, parent_context=None):
        return {"complaints": self.complaints}


def member_complaint_history_section(*, request: Any, member: Any) -> list[dict[str, Any]]:
    if not request.user.has_perm(VIEW):
        return []  # no section at all, not even an empty one
    complaints = member_complaint_history(actor=request.user, member=member)
    return [{"label": _("投诉记录"), "value": "", "component": ComplaintHistory(complaints)}]
