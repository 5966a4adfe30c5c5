"""A year of demo complaints, written in bulk with the rows the services would have written.

Filing each complaint through `complaint_file` and walking it through the lifecycle costs
some forty queries a complaint; a year of them would make `make run`'s first start slow.
Instead each complaint's whole life is planned in memory with the domain's own rules and
written at once (COPY on PostgreSQL, bulk_create elsewhere):
- deadlines from the working-day calendar (`service.calendar.working_deadline`, 24 hours for
  web complaints, 4 for staff-entered ones, one working day for the handling record);
- the status is wherever the planned life has got to by now, and every step is an event row
  (FILED, ACKNOWLEDGED, ASSIGNED, STARTED, RESOLVED, FOLLOW_UP_ATTEMPT/FOLLOWED_UP/RATED,
  CASE_WRITTEN, CLOSED) with the from/to statuses of the transition table;
- the severity is what the engine (`service.severity.severity_assess`) says at the last moment
  the complaint was open — the highest it ever reached, since severity only rises — with a
  SEVERITY_RAISED event; every closed MAJOR complaint has its case write-up;
- reference numbers follow the monthly counters, which are moved past them.
Deterministic (a fixed seed): the same demo every time, relative to today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from core.text import segment
from portal.demo import complaint_texts as T
from portal.demo.complaint_rows import complaints_write
from service.calendar import calendar_overrides, working_days_later, working_deadline
from service.choices import EventKind, FollowUpOutcome, Severity, Status
from service.models import (
    CaseWriteUp,
    Complaint,
    ComplaintEvent,
    Department,
    FollowUp,
    IssueGroup,
)
from service.severity import Reason, severity_assess

DEMO_COMPLAINTS = 720  # about sixty a month
_TIME_RULES = {Reason.UNRESOLVED_WEEK: 7, Reason.UNRESOLVED_MONTH: 30}


@dataclass
class Life:
    """One planned complaint and everything written about it."""

    complaint: Complaint
    events: list[ComplaintEvent] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    case: CaseWriteUp | None = None


def departments_ensure() -> dict[str, Department]:
    """The demo departments (customer-service centre, quality department, ...); idempotent."""
    result = {}
    for name, major, intake in T.DEPARTMENTS:
        result[name], _created = Department.objects.get_or_create(
            name=name, defaults={"receives_major_reports": major, "is_intake": intake}
        )
    return result


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Planner:
    def __init__(self, *, rng, now, handler, departments, projects, member) -> None:
        self.rng, self.now, self.handler = rng, now, handler
        self.departments, self.projects, self.member = departments, projects, member
        # Read once: a query per deadline would dominate the load.
        today = now.date()
        self.overrides = calendar_overrides(
            today - dt.timedelta(days=400), today + dt.timedelta(days=90)
        )

    def complaint(self, *, created: dt.datetime, category: str, **facts) -> Complaint:
        rng = self.rng
        title, description = rng.choice(T.TITLES[category])
        if "title" in facts:
            title = facts.pop("title")
            description = dict(T.TITLES[category])[title]
        channel = _weighted(rng, T.CHANNEL_WEIGHTS)
        staff_entered = channel != "WEB"
        c = Complaint(
            category=category,
            channel=channel,
            title=title,
            description=description,
            project=rng.choice(self.projects) if self.projects else None,
            building=f"{rng.randint(1, 12)}栋",
            unit=f"{rng.randint(2, 32)}{rng.randint(1, 4):02d}",
            filed_by=self.handler if staff_entered else None,
            created_at=created,
            first_response_due_at=working_deadline(
                start=created, hours=4 if staff_entered else 24, overrides=self.overrides
            ),
            handling_due_at=working_days_later(start=created, days=1, overrides=self.overrides),
            severity=Severity.NORMAL,
            status=Status.RECEIVED,
        )
        c.guest_name = rng.choice(T.SURNAMES) + rng.choice(T.GIVEN) + rng.choice(["", *T.GIVEN])
        c.guest_phone = f"+86139{rng.randint(0, 99_999_999):08d}"
        for name, value in facts.items():
            setattr(c, name, value)
        return c

    def escalate_facts(self, c: Complaint) -> None:
        """A few complaints carry the facts that escalate (DOMAIN.md's MAJOR/HOT/IMPORTANT)."""
        roll = self.rng.random()
        if roll < 0.006:
            c.legal_action = True
        elif roll < 0.012:
            c.media_exposure = True
        elif roll < 0.02:
            c.people_count = self.rng.randint(10, 40)
        elif roll < 0.035:
            c.people_count = self.rng.randint(3, 9)
        elif roll < 0.045:
            c.may_escalate = True
        elif roll < 0.075:
            c.needs_outside_support = True

    def live(self, c: Complaint, *, group: list[Complaint]) -> Life:
        """Plan the complaint's life and cut it at now."""
        rng, now = self.rng, self.now
        life = Life(complaint=c)
        event = self._event_adder(life)
        event(c.created_at, EventKind.FILED, "", Status.RECEIVED, public="您的投诉已受理。")
        window = c.first_response_due_at - c.created_at
        if rng.random() < 0.92:  # answered in time
            acknowledged = c.created_at + window * rng.uniform(0.05, 0.95)
        else:
            acknowledged = c.first_response_due_at + dt.timedelta(hours=rng.uniform(1, 30))
        recent = now - c.created_at < dt.timedelta(days=10)
        if recent and rng.random() < 0.25:  # still waiting for its first response: overdue soon
            acknowledged = now + dt.timedelta(days=1)
        slow = c.people_count >= 3 or c.legal_action or c.media_exposure or rng.random() < 0.03
        stuck = rng.random() < 0.01  # never resolved: the month rule makes it MAJOR
        resolved = acknowledged + dt.timedelta(
            days=rng.uniform(8, 25) if slow else rng.uniform(0.5, 6)
        )
        ending = rng.choices(["closed", "followed", "waiting", "unreachable"], [86, 6, 4, 4])[0]
        followed = resolved + dt.timedelta(days=rng.uniform(0.5, 3))
        # after the follow-up, or after the third failed call (attempts 4 hours apart)
        closed = followed + dt.timedelta(hours=rng.uniform(14, 40))
        department = self.departments[T.CATEGORY_DEPARTMENT[c.category]]

        if acknowledged <= now:
            c.acknowledged_at = acknowledged
            event(
                acknowledged,
                EventKind.ACKNOWLEDGED,
                Status.RECEIVED,
                Status.ACKNOWLEDGED,
                public=T.ACK_NOTE,
            )
            started = acknowledged + dt.timedelta(hours=1)
            if recent and rng.random() < 0.3:  # answered, but nobody named to handle it yet
                started = now + dt.timedelta(days=1)
            if started <= now:
                c.department, c.handler = department, self.handler
                event(
                    started,
                    EventKind.ASSIGNED,
                    data={"department": department.pk, "department_name": department.name},
                )
                c.handling_recorded_at = started
                event(
                    started,
                    EventKind.STARTED,
                    Status.ACKNOWLEDGED,
                    Status.IN_PROGRESS,
                    internal=T.START_NOTE,
                )
        if c.status == Status.IN_PROGRESS and not stuck and resolved <= now:
            c.resolved_at = resolved
            event(
                resolved,
                EventKind.RESOLVED,
                Status.IN_PROGRESS,
                Status.RESOLVED,
                public=T.RESOLVED_NOTE,
            )
            life.follow_ups.append(FollowUp(complaint=c, created_at=resolved))
        open_until = c.resolved_at or now
        self._severity(life, group=group, at=open_until)
        if c.status == Status.RESOLVED and ending != "waiting" and followed <= now:
            self._follow_up(life, ending=ending, at=followed)
        if (
            c.status in (Status.FOLLOWED_UP, Status.RESOLVED)
            and ending in ("closed", "unreachable")
            and closed <= now
        ):
            if c.severity == Severity.MAJOR:
                life.case = CaseWriteUp(
                    complaint=c, author=self.handler, created_at=closed, updated_at=closed, **T.CASE
                )
                life.case.search_text = segment(
                    " ".join([c.title, c.description, *T.CASE.values()])
                )
                event(closed, EventKind.CASE_WRITTEN, data={"created": True})
            c.closed_at = closed
            event(closed, EventKind.CLOSED, c.status, Status.CLOSED)
        c.updated_at = max(e.at for e in life.events)
        return life

    def _event_adder(self, life: Life):
        def add(at, kind, from_status="", to_status="", *, public="", internal="", data=None):
            life.events.append(
                ComplaintEvent(
                    complaint=life.complaint,
                    at=at,
                    kind=kind,
                    actor=self.handler if kind != EventKind.FILED else self._complainant_user(life),
                    from_status=from_status,
                    to_status=to_status,
                    public_note=public,
                    internal_note=internal,
                    data=data or {},
                )
            )
            if to_status:
                life.complaint.status = to_status

        return add

    def _complainant_user(self, life: Life):
        c = life.complaint
        return c.filed_by or (c.member.user if c.member is not None else None)

    def _severity(self, life: Life, *, group: list[Complaint], at: dt.datetime) -> None:
        c = life.complaint
        status = c.status
        c.status = (
            Status.IN_PROGRESS if status not in (Status.RECEIVED, Status.ACKNOWLEDGED) else status
        )
        assessment = severity_assess(complaint=c, group=[g for g in group if g is not c], now=at)
        c.status = status
        if assessment.severity == Severity.NORMAL:
            return
        c.severity = assessment.severity
        days = max((_TIME_RULES.get(r, 0) for r in assessment.reasons), default=0)
        raised = c.created_at + dt.timedelta(days=days) if days else c.created_at
        if any(g.created_at > raised for g in group if g is not c):
            raised = max(g.created_at for g in group)  # the third complainant's filing
        life.events.append(
            ComplaintEvent(
                complaint=c,
                at=min(raised, at),
                kind=EventKind.SEVERITY_RAISED,
                data={
                    "from": Severity.NORMAL,
                    "to": c.severity,
                    "reasons": list(assessment.reasons),
                },
            )
        )

    def _follow_up(self, life: Life, *, ending: str, at: dt.datetime) -> None:
        c, rng = life.complaint, self.rng
        follow_up = life.follow_ups[-1]
        if ending == "unreachable":
            for attempt in range(1, 4):
                life.events.append(
                    ComplaintEvent(
                        complaint=c,
                        at=at + dt.timedelta(hours=4 * attempt),
                        kind=EventKind.FOLLOW_UP_ATTEMPT,
                        actor=self.handler,
                        internal_note=T.ATTEMPT_NOTE,
                        data={"attempt": attempt},
                    )
                )
            follow_up.failed_attempts = 3
            follow_up.outcome = FollowUpOutcome.UNREACHABLE
            follow_up.completed_at, follow_up.completed_by = (
                at + dt.timedelta(hours=13),
                self.handler,
            )
            return
        rating = rng.choices([5, 4, 3, 2, 1], [55, 30, 8, 5, 2])[0]
        follow_up.rating, follow_up.comment = rating, T.RATING_COMMENTS[rating]
        follow_up.outcome = FollowUpOutcome.RATED
        follow_up.completed_at, follow_up.completed_by = at, self.handler
        life.events.append(
            ComplaintEvent(
                complaint=c,
                at=at,
                kind=EventKind.FOLLOWED_UP,
                actor=self.handler,
                from_status=Status.RESOLVED,
                to_status=Status.FOLLOWED_UP,
                public_note="感谢您接受回访。",
                internal_note=T.FOLLOW_UP_NOTE,
                data={"rating": rating},
            )
        )
        c.status = Status.FOLLOWED_UP


def complaint_lives(
    *,
    count: int,
    now: dt.datetime,
    handler,
    projects: list,
    member=None,
    seed: int = 12,
    groups: int = 3,
) -> Iterator[Life]:
    """`count` complaints filed over the year before `now`, oldest first, plus `groups`
    issue groups of four complainants each within three weeks (the same-issue rule)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret
    planner = _Planner(
        rng=rng,
        now=now,
        handler=handler,
        departments=departments_ensure(),
        projects=projects,
        member=member,
    )
    moments = sorted(
        now - dt.timedelta(days=rng.uniform(0, 365), hours=rng.uniform(0, 10)) for _ in range(count)
    )
    for i, created in enumerate(moments):
        c = planner.complaint(created=created, category=_weighted(rng, T.CATEGORY_WEIGHTS))
        planner.escalate_facts(c)
        if member is not None and i % max(count // 4, 1) == 0:
            c.member, c.guest_name, c.guest_phone, c.channel = member, "", "", "WEB"
        yield planner.live(c, group=[])
    for g in range(groups):
        anchor = now - dt.timedelta(days=40 + 70 * g)
        title = T.TITLES["ENGINEERING_QUALITY"][g][0]
        issue = IssueGroup(
            title=title,
            category="ENGINEERING_QUALITY",
            project=projects[g % len(projects)] if projects else None,
            created_by=handler,
        )
        members = [
            planner.complaint(
                created=anchor + dt.timedelta(days=5 * k),
                category="ENGINEERING_QUALITY",
                title=title,
                project=issue.project,
                issue_group=issue,
            )
            for k in range(4)
        ]
        for c in members:
            yield planner.live(c, group=members)


def demo_complaints_ensure(
    *, handler, projects: list, member=None, count: int = DEMO_COMPLAINTS
) -> int:
    """A year of complaints, unless the database has complaints already; returns how many
    were created."""
    if Complaint.objects.exists():
        return 0
    lives = list(
        complaint_lives(
            count=count, now=timezone.now(), handler=handler, projects=projects, member=member
        )
    )
    return complaints_write(lives)
