"""The severity engine: DOMAIN.md's rules by nature (按性质), as one pure function.

`severity_assess` reads a complaint, the other complaints of its issue group and the time,
and returns the level the facts call for with the reasons. It touches no database, so the
rules are tested directly at their boundaries. The services call it on every change and a
periodic task calls it for the time rules (service.services.severity).

    MAJOR 重大      legal action started; exposed by media; a collective complaint by 10 or
                    more people; unresolved 30 days after filing through our fault.
    HOT 热点        may lead to legal action or media exposure (a staff flag); the same
                    issue from 3 or more different complainants within 30 days (an issue
                    group); a collective complaint by 3 or more people; unresolved 7 days
                    after filing through our fault.
    IMPORTANT 重要  raised again after being resolved (reopened); needs support from
                    consultants or another company (a staff flag).
    NORMAL 一般     everything else.

"A month" and "a week" are 30 and 7 calendar days: the seed documents count them from
filing (投诉发生一个月后), not in working days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from service.choices import OPEN_STATUSES, Severity

MAJOR_PEOPLE = 10
HOT_PEOPLE = 3
HOT_COMPLAINANTS = 3
SAME_ISSUE_WINDOW = dt.timedelta(days=30)
HOT_UNRESOLVED_AFTER = dt.timedelta(days=7)
MAJOR_UNRESOLVED_AFTER = dt.timedelta(days=30)


class Reason:
    """Stable codes for why a level applies (shown to staff, stored on the event)."""

    LEGAL_ACTION = "LEGAL_ACTION"
    MEDIA_EXPOSURE = "MEDIA_EXPOSURE"
    COLLECTIVE_10 = "COLLECTIVE_10"
    UNRESOLVED_MONTH = "UNRESOLVED_MONTH"
    MAY_ESCALATE = "MAY_ESCALATE"
    SAME_ISSUE_3 = "SAME_ISSUE_3"
    COLLECTIVE_3 = "COLLECTIVE_3"
    UNRESOLVED_WEEK = "UNRESOLVED_WEEK"
    REOPENED = "REOPENED"
    OUTSIDE_SUPPORT = "OUTSIDE_SUPPORT"


class ComplaintFacts(Protocol):
    """What the engine reads of a complaint (a Complaint instance has all of it)."""

    created_at: dt.datetime
    status: str
    people_count: int
    legal_action: bool
    media_exposure: bool
    may_escalate: bool
    needs_outside_support: bool
    caused_by_us: bool
    reopen_count: int

    @property
    def complainant_key(self) -> str: ...


@dataclass(frozen=True)
class Assessment:
    severity: str
    reasons: tuple[str, ...] = field(default=())


def same_issue_complainants(group: Iterable[ComplaintFacts]) -> int:
    """The most different complainants any 30-day window of the group's filings holds."""
    filings = sorted((c.created_at, c.complainant_key) for c in group)
    best = 0
    for i, (start, _key) in enumerate(filings):
        window = {key for at, key in filings[i:] if at - start < SAME_ISSUE_WINDOW}
        best = max(best, len(window))
    return best


def severity_assess(
    *, complaint: ComplaintFacts, group: Iterable[ComplaintFacts] = (), now: dt.datetime
) -> Assessment:
    """The severity the facts call for, with every reason for it.

    `group` is every complaint of the complaint's issue group (it may include the
    complaint itself); `now` is the moment of assessment.
    """
    age = now - complaint.created_at
    late = complaint.status in OPEN_STATUSES and complaint.caused_by_us
    rules: list[tuple[str, str, bool]] = [
        (Severity.MAJOR, Reason.LEGAL_ACTION, complaint.legal_action),
        (Severity.MAJOR, Reason.MEDIA_EXPOSURE, complaint.media_exposure),
        (Severity.MAJOR, Reason.COLLECTIVE_10, complaint.people_count >= MAJOR_PEOPLE),
        (Severity.MAJOR, Reason.UNRESOLVED_MONTH, late and age >= MAJOR_UNRESOLVED_AFTER),
        (Severity.HOT, Reason.MAY_ESCALATE, complaint.may_escalate),
        (
            Severity.HOT,
            Reason.SAME_ISSUE_3,
            same_issue_complainants([complaint, *group]) >= HOT_COMPLAINANTS,
        ),
        (Severity.HOT, Reason.COLLECTIVE_3, complaint.people_count >= HOT_PEOPLE),
        (Severity.HOT, Reason.UNRESOLVED_WEEK, late and age >= HOT_UNRESOLVED_AFTER),
        (Severity.IMPORTANT, Reason.REOPENED, complaint.reopen_count > 0),
        (Severity.IMPORTANT, Reason.OUTSIDE_SUPPORT, complaint.needs_outside_support),
    ]
    met = [(level, reason) for level, reason, applies in rules if applies]
    if not met:
        return Assessment(Severity.NORMAL)
    level = Severity.highest(*(lvl for lvl, _r in met))
    return Assessment(level, tuple(reason for _l, reason in met))
