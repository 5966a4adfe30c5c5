"""The one table of allowed status changes (DOMAIN.md's loop 受理 → 响应 → 处理 → 解决 →
回访 → 关闭, and reopening).

Every status change in the code goes through `transition_check`, called by the services in
service.services with the complaint row locked; nothing else writes `Complaint.status`.
A plain table was chosen over a state-machine library: six states and six actions read
best as data, the guards that need more than the current status (a follow-up before
closing, a case write-up for MAJOR) live in the services next to their error messages,
and the table can be rendered as-is in documentation and the admin.

    action        from                                 to            event
    acknowledge   RECEIVED                             ACKNOWLEDGED  ACKNOWLEDGED
    start         ACKNOWLEDGED                         IN_PROGRESS   STARTED
    resolve       IN_PROGRESS                          RESOLVED      RESOLVED
    follow_up     RESOLVED                             FOLLOWED_UP   FOLLOWED_UP / RATED
    close         FOLLOWED_UP, RESOLVED (*)            CLOSED        CLOSED
    reopen        RESOLVED, FOLLOWED_UP, CLOSED        IN_PROGRESS   REOPENED

(*) RESOLVED → CLOSED only after 3 documented failed follow-up attempts (the service
checks it); a MAJOR complaint also needs its case write-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import DomainError
from service.choices import Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    "acknowledge": Transition(frozenset({Status.RECEIVED}), Status.ACKNOWLEDGED),
    "start": Transition(frozenset({Status.ACKNOWLEDGED}), Status.IN_PROGRESS),
    "resolve": Transition(frozenset({Status.IN_PROGRESS}), Status.RESOLVED),
    "follow_up": Transition(frozenset({Status.RESOLVED}), Status.FOLLOWED_UP),
    "close": Transition(frozenset({Status.FOLLOWED_UP, Status.RESOLVED}), Status.CLOSED),
    "reopen": Transition(
        frozenset({Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED}), Status.IN_PROGRESS
    ),
}


def transition_allowed(*, status: str, action: str) -> bool:
    """Whether `action` may be taken on a complaint in `status`."""
    return status in TRANSITIONS[action].sources


def transition_check(*, status: str, action: str) -> str:
    """The status `action` leads to from `status`; a coded error when it is not allowed."""
    if not transition_allowed(status=status, action=action):
        raise DomainError(
            "status",
            "TRANSITION_NOT_ALLOWED",
            _("投诉当前状态为“%(status)s”，不能进行此操作") % {"status": Status(status).label},
        )
    return TRANSITIONS[action].target
