"""Who a send goes to: an audience kind plus a value, resolved to a filter on members.

Kinds are registered in `AUDIENCE_KINDS`; marketing's saved audiences plug in the same way
(`audience_kind_register("SAVED", label, resolve, choices)`), with no change to the sending
pipeline: a resolver takes the audience's value and returns a `Q` on `club.Member`.

Whatever the audience, `eligible_members` adds the rules no audience can override, checked
in SQL at the moment each recipient is queued *and again when it is sent*: an active
marketing consent, the e-mail opt-in, a confirmed subscription (to the send's topic, or any
topic), an address, not deleted, not on the suppression list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.choices import Segment
from club.models import Member
from core.errors import DomainError
from newsletters.choices import SubscriptionStatus
from newsletters.models import Subscription, Suppression


@dataclass(frozen=True)
class AudienceKind:
    code: str
    label: object
    resolve: Callable[[str], Q]
    # The values an editor may pick (value, label); None: free text (a city name).
    choices: Callable[[], Iterable[tuple[str, str]]] | None = None
    needs_value: bool = True


AUDIENCE_KINDS: dict[str, AudienceKind] = {}


def audience_kind_register(kind: AudienceKind) -> None:
    """Add an audience kind (saved audiences from marketing's workspace register here)."""
    AUDIENCE_KINDS[kind.code] = kind


def _project_choices() -> list[tuple[str, str]]:
    from content.models import ProjectPage

    return [(str(p.pk), p.title) for p in ProjectPage.objects.live().order_by("title")]


audience_kind_register(
    AudienceKind("ALL", gettext_lazy("全部订阅者"), lambda value: Q(), needs_value=False)
)
audience_kind_register(
    AudienceKind(
        "SEGMENT",
        gettext_lazy("客户细分"),
        lambda value: Q(segment=value),
        choices=lambda: [(c.value, str(c.label)) for c in Segment],
    )
)
audience_kind_register(AudienceKind("CITY", gettext_lazy("城市"), lambda value: Q(city=value)))
audience_kind_register(
    AudienceKind(
        "PROJECT",
        gettext_lazy("关注楼盘"),
        lambda value: Q(preferences__interested_projects__pk=int(value)),
        choices=_project_choices,
    )
)


def audience_clean(*, kind: str, value: str = "") -> dict:
    """Validate an audience; returns its stored form `{"kind", "value"}`."""
    spec = AUDIENCE_KINDS.get(kind)
    if spec is None:
        raise DomainError("audience", "AUDIENCE_KIND_INVALID", _("受众类型无效。"))
    value = (value or "").strip()
    if not spec.needs_value:
        return {"kind": kind, "value": ""}
    if not value:
        raise DomainError("audience_value", "AUDIENCE_VALUE_REQUIRED", _("请选择受众范围。"))
    if spec.choices is not None and value not in {v for v, _label in spec.choices()}:
        raise DomainError("audience_value", "AUDIENCE_VALUE_INVALID", _("受众范围无效。"))
    return {"kind": kind, "value": value}


def audience_label(audience: dict) -> str:
    spec = AUDIENCE_KINDS.get(audience.get("kind", ""))
    if spec is None:
        return str(audience)
    if not spec.needs_value:
        return str(spec.label)
    shown = audience.get("value", "")
    if spec.choices is not None:
        shown = dict(spec.choices()).get(shown, shown)
    return _("%(kind)s：%(value)s") % {"kind": spec.label, "value": shown}


def eligibility(*, topic: str = "") -> Q:
    """The rules every marketing e-mail obeys, as one SQL condition on members."""
    subscribed = Subscription.objects.filter(
        member=OuterRef("pk"), status=SubscriptionStatus.CONFIRMED
    )
    if topic:
        subscribed = subscribed.filter(topic=topic)
    suppressed = Suppression.objects.filter(email=OuterRef("user__email"))
    return (
        Q(has_marketing_consent=True, deleted_at__isnull=True)
        & Q(preferences__email_opt_in=True)
        & Q(user__email__isnull=False)
        & ~Q(user__email="")
        & Q(Exists(subscribed))
        & ~Q(Exists(suppressed))
    )


def eligible_members(*, audience: dict, topic: str = "") -> QuerySet[Member]:
    """Members the audience selects who may receive marketing e-mail now (not evaluated)."""
    spec = AUDIENCE_KINDS[audience["kind"]]
    return Member.objects.filter(spec.resolve(audience.get("value", ""))).filter(
        eligibility(topic=topic)
    )


def audience_count(*, audience: dict, topic: str = "") -> int:
    return eligible_members(audience=audience, topic=topic).values("pk").distinct().count()
