"""What staff can do to one complaint from its detail page, each a form calling one service.

The status changes come from the transition table (service.lifecycle): a button is shown
only for an action the table allows from the complaint's status, and a posted action the
table refuses is refused by the service (TRANSITION_NOT_ALLOWED) and shown on the form,
with nothing written. The other actions are bookkeeping on an open complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from service import services
from service.admin import forms as f
from service.choices import Severity, Status
from service.lifecycle import TRANSITIONS, transition_allowed
from service.models import Complaint
from service.permissions import HANDLE, SUPERVISE
from service.selectors import issue_group_candidates, issue_groups_by_ids


@dataclass(frozen=True)
class Action:
    label: Any
    form_class: type
    perform: Callable[..., Any]
    permission: str = HANDLE
    # For bookkeeping actions: when the button is offered (the service still decides).
    offered: Callable[[Complaint], bool] = lambda c: c.status != Status.CLOSED
    icon: str = "edit"

    @property
    def is_transition(self) -> bool:
        return self.name in TRANSITIONS

    name: str = ""


def _follow_up(*, actor, complaint, data):
    return services.complaint_follow_up_record(
        actor=actor,
        complaint=complaint,
        reached=data["reached"] == "yes",
        internal_note=data["internal_note"],
        rating=data.get("rating"),
        comment=data.get("comment", ""),
    )


def _flags(*, actor, complaint, data):
    return services.complaint_flags_set(
        actor=actor,
        complaint=complaint,
        note=data["note"],
        people_count=data["people_count"],
        caused_by_us=data["caused_by_us"],
        **{k: data[k] for k in services.severity.FLAG_FIELDS},
    )


def link_choices(*, actor, complaint) -> list[tuple[str, str]]:
    """The suggested candidates (service.selectors.groups) as choices of the link form."""
    choices, seen = [], set()
    for candidate in issue_group_candidates(actor=actor, complaint=complaint):
        other = candidate.complaint
        if other.issue_group_id:
            if other.issue_group_id in seen:
                continue
            seen.add(other.issue_group_id)
            label = _("并入同类问题「%(group)s」（含 %(ref)s，相似度 %(score).2f）") % {
                "group": other.issue_group.title,
                "ref": other.reference,
                "score": candidate.score,
            }
            choices.append((f"group:{other.issue_group_id}", label))
        else:
            label = _("与 %(ref)s「%(title)s」归为同类（相似度 %(score).2f）") % {
                "ref": other.reference,
                "title": other.title,
                "score": candidate.score,
            }
            choices.append((f"complaint:{other.pk}", label))
    return choices


def _link(*, actor, complaint, data):
    kind, _sep, ident = data["target"].partition(":")
    if kind == "new":
        return services.issue_group_create(actor=actor, complaint=complaint, title=data["title"])
    if kind == "group":
        group = issue_groups_by_ids(ids=[int(ident)]).first()
        return services.complaint_link_to_group(actor=actor, complaint=complaint, group=group)
    # Another complaint: this complaint's group, started now if it has none, takes it in.
    other = next(
        c.complaint
        for c in issue_group_candidates(actor=actor, complaint=complaint)
        if str(c.complaint.pk) == ident
    )
    group = complaint.issue_group or services.issue_group_create(
        actor=actor, complaint=complaint, title=data["title"]
    )
    return services.complaint_link_to_group(actor=actor, complaint=other, group=group)


def _kw(service, *names):
    return lambda *, actor, complaint, data: service(
        actor=actor, complaint=complaint, **{n: data.get(n, "") for n in names}
    )


ACTIONS: dict[str, Action] = {
    name: Action(name=name, **spec)
    for name, spec in {
        "acknowledge": dict(
            label=_("响应"),
            form_class=f.AcknowledgeForm,
            perform=_kw(services.complaint_acknowledge, "public_note"),
            icon="mail",
        ),
        "assign": dict(
            label=_("分派"),
            form_class=f.AssignForm,
            perform=_kw(services.complaint_assign, "department", "handler", "note"),
            icon="group",
        ),
        "start": dict(
            label=_("开始处理"),
            form_class=f.StartForm,
            perform=_kw(services.complaint_start, "internal_note", "public_note"),
            icon="pick",
        ),
        "handling": dict(
            label=_("添加处理记录"),
            form_class=f.HandlingForm,
            perform=_kw(services.complaint_record_handling, "internal_note", "public_note"),
            icon="doc-full",
        ),
        "resolve": dict(
            label=_("标记已解决"),
            form_class=f.ResolveForm,
            perform=_kw(services.complaint_resolve, "public_note", "internal_note"),
            icon="success",
        ),
        "follow_up": dict(
            label=_("记录回访"), form_class=f.FollowUpForm, perform=_follow_up, icon="mobile-alt"
        ),
        "close": dict(
            label=_("关闭"),
            form_class=f.CloseForm,
            perform=_kw(services.complaint_close, "public_note", "internal_note"),
            icon="lock",
        ),
        "reopen": dict(
            label=_("重新处理（二次投诉）"),
            form_class=f.ReopenForm,
            perform=_kw(services.complaint_reopen, "reason"),
            icon="rotate",
        ),
        "flags": dict(
            label=_("更新投诉性质"), form_class=f.FlagsForm, perform=_flags, icon="warning"
        ),
        "link": dict(label=_("归入同类问题"), form_class=f.LinkForm, perform=_link, icon="link"),
        "lower": dict(
            label=_("下调级别"),
            form_class=f.LowerSeverityForm,
            perform=_kw(services.complaint_lower_severity, "severity", "reason"),
            permission=SUPERVISE,
            offered=lambda c: c.severity != Severity.NORMAL,
            icon="arrow-down",
        ),
        "case": dict(
            label=_("编写案例"),
            form_class=f.CaseForm,
            perform=lambda *, actor, complaint, data: services.case_write_up(
                actor=actor, complaint=complaint, **data
            ),
            offered=lambda c: True,
            icon="doc-full-inverse",
        ),
    }.items()
}


def action_offered(*, action: Action, complaint: Complaint, user: Any) -> bool:
    """Whether the detail page shows the action's button to `user`."""
    if not user.has_perm(action.permission):
        return False
    if action.is_transition:
        return transition_allowed(status=complaint.status, action=action.name)
    return action.offered(complaint)


def actions_offered(*, complaint: Complaint, user: Any) -> list[Action]:
    return [a for a in ACTIONS.values() if action_offered(action=a, complaint=complaint, user=user)]
