"""The service permissions and the staff groups that hold them.

    service.view_complaint       see complaints, their internal notes and complainants
    service.handle_complaint     acknowledge, assign, handle, resolve, follow up, close,
                                 link into issue groups, write cases
    service.supervise_complaint  lower a severity (with a reason)

客服 (content.editorial's customer-service group) gets view and handle; 客服主管, the
supervisors, get all three. Idempotent; permissions are only ever added.
"""

from __future__ import annotations

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
    roles.role_permissions_grant(ROLE_PERMISSIONS)
