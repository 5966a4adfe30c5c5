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


def role_permissions_grant(role_permissions: dict[str, list[str]]) -> None:
    """Grant each group (created if missing) its dotted permissions ("app.codename").

    Used by the apps' data migrations and setup; idempotent, and it only ever adds, so a
    permission an administrator granted by hand is never taken away.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    labels = {dotted.split(".", 1)[0] for perms in role_permissions.values() for dotted in perms}
    for label in sorted(labels):
        create_permissions(apps.get_app_config(label), verbosity=0)
    for group_name, perms in role_permissions.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
