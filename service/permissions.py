"""The service permissions and the staff groups that hold them.

    service.view_complaint       see complaints, their internal notes and complainants
    service.handle_complaint     acknowledge, assign, handle, resolve, follow up, close,
                                 link into issue groups, write cases
    service.supervise_complaint  lower a severity (with a reason)

客服 (content.editorial's customer-service group) gets view and handle; 客服主管, the
supervisors, get all three. Idempotent; permissions are only ever added.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from core import roles

VIEW = "service.view_complaint"
HANDLE = "service.handle_complaint"
SUPERVISE = "service.supervise_complaint"

SERVICE_GROUP = roles.SERVICE
SUPERVISOR_GROUP = roles.SERVICE_SUPERVISORS

ROLE_PERMISSIONS: dict[str, list[str]] = {
    SERVICE_GROUP: [VIEW, HANDLE],
    SUPERVISOR_GROUP: [VIEW, HANDLE, SUPERVISE, "wagtailadmin.access_admin"],
}


def service_permissions_ensure() -> None:
    """Create the service permissions and grant them to the service groups."""
    for label in ("service", "wagtailadmin"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    for group_name, dotted in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        for perm in dotted:
            app_label, codename = perm.split(".", 1)
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
