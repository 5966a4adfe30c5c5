"""What the staff roles may do with member data (the roles are core.roles').

Marketing reads members (masked contacts), sees intents and may correct a segment; sales
reads members with contacts in clear (they call back purchase intents), records purchases
and exports intents. Every one of those reads is audited. Idempotent; only ever adds.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from core.roles import MARKETING, SALES

ROLE_PERMISSIONS: dict[str, list[str]] = {
    MARKETING: [
        "view_member",
        "override_segment",
        "view_purchaseintent",
        "view_audience",
        "add_audience",
        "change_audience",
    ],
    SALES: [
        "view_member",
        "view_member_pii",
        "view_unconsented_member",
        "add_purchase",
        "view_purchaseintent",
        "view_audience",
    ],
}


def staff_permissions_ensure() -> None:
    create_permissions(apps.get_app_config("club"), verbosity=0)
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="club", codename__in=codenames)
        )
