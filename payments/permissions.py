"""Sales (销售) see the deposits of every project, with members' contacts as club allows
them (sales hold the PII permission); the read is audited like purchase intents.
Idempotent; permissions are only ever added."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from core.roles import SALES

VIEW_DEPOSIT = "view_deposit"


def payments_permissions_ensure() -> None:
    create_permissions(apps.get_app_config("payments"), verbosity=0)
    group, _created = Group.objects.get_or_create(name=SALES)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="payments", codename=VIEW_DEPOSIT)
    )
