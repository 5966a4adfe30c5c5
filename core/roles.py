"""The staff roles: Django groups whose names are stable, shared by every app.

content/ gives them their page, workflow and media permissions (content.editorial), club/
their member-data permissions (club.services.staff); both name them by these constants.

    role       group name   who
    editor     编辑          write pages, merchants, images, documents; submit for review
    reviewer   审核          approve and publish
    legal      法务          approve the legal step of a project's publication
    service    客服          customer-service staff
    (service supervisors 客服主管: customer-service staff who may also lower a severity;
    created by service.permissions, not by the editorial setup)
    (event staff 活动工作人员: check-in at the door, walk-ins, attendance, event records;
    created by events.permissions, not by the editorial setup)
    marketing  营销          marketing: member data, masked
    sales      销售          sales: purchase intents and purchases
"""

from __future__ import annotations

EDITORS = "编辑"
REVIEWERS = "审核"
LEGAL = "法务"
SERVICE = "客服"
MARKETING = "营销"
SALES = "销售"
SERVICE_SUPERVISORS = "客服主管"
EVENT_STAFF = "活动工作人员"

# Role key (as used by demo logins and commands) -> group name.
GROUPS: dict[str, str] = {
    "editor": EDITORS,
    "reviewer": REVIEWERS,
    "legal": LEGAL,
    "service": SERVICE,
    "marketing": MARKETING,
    "sales": SALES,
}
