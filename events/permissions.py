"""The event staff's permissions and the group that holds them (活动工作人员).

    events.change_registration   check tickets in at the door
    events.add_walkin            record walk-ins
    events.view_registration     read the attendance report (masked without club PII)
    events.add_eventrecord       attach the sign-in sheet, photos and minutes
    events.view_eventrecord      see the records
    events.add_eventclosure      declare an event's records complete (归档)

The group gets admin access and nothing else: no member PII (names stay masked at the
door and in the report), no page editing. Superusers hold everything. Idempotent;
permissions are only ever added.
"""

from __future__ import annotations

from core import roles

CHECK_IN = "events.change_registration"
WALK_IN = "events.add_walkin"
ATTENDANCE = "events.view_registration"
ATTACH_RECORD = "events.add_eventrecord"
VIEW_RECORDS = "events.view_eventrecord"
CLOSE_RECORDS = "events.add_eventclosure"

# Any one of these shows the events menu and the event list.
EVENT_STAFF_PERMISSIONS = (
    CHECK_IN,
    WALK_IN,
    ATTENDANCE,
    ATTACH_RECORD,
    VIEW_RECORDS,
    CLOSE_RECORDS,
)

EVENT_STAFF_GROUP = roles.EVENT_STAFF

ROLE_PERMISSIONS: dict[str, list[str]] = {
    EVENT_STAFF_GROUP: [*EVENT_STAFF_PERMISSIONS, "wagtailadmin.access_admin"],
}


def is_event_staff(user) -> bool:
    """Whether the user may use any of the event staff screens."""
    return any(user.has_perm(perm) for perm in EVENT_STAFF_PERMISSIONS)


def event_staff_permissions_ensure() -> None:
    """Create the events permissions and grant them to the event staff group."""
    roles.role_permissions_grant(ROLE_PERMISSIONS)
