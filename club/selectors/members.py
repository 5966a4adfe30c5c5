"""Reading members: the member's own record, marketing's consent-scoped list, staff detail.

Two doors, never mixed:
- a member reads only their own record, found from their signed-in user (`member_for_user`);
  no member-facing read takes a member id, so one member cannot name another's;
- staff and marketing read through scope-checked selectors that audit every read of
  personal data and never return members without an active marketing consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from club.models import ApiToken, Consent, Member, Preferences, PurchaseIntent
from club.selectors.audited import (
    SCOPE_MEMBERS,
    SCOPE_MEMBERS_PII,
    SCOPE_MEMBERS_UNCONSENTED,
    AuditedReadQuerySet,
    MemberRead,
    audited_read,
    member_contact,
)
from club.selectors.filters import MemberFilter, as_member_filter
from content.selectors import projects_live
from core.audit import audit_record
from core.errors import NotFoundError, PermissionDeniedError

__all__ = ["SCOPE_MEMBERS", "SCOPE_MEMBERS_PII", "member_contact"]

# What a member's followed projects may carry along (ProjectPage relations).
PROJECT_DETAILS = ("unit_types", "adverse_factors")
LIVE_INTERESTED_PROJECTS = "live_interested_projects"


def member_for_user(*, user) -> Member | None:
    """The signed-in user's own, non-deleted member record, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    member = getattr(user, "member", None)
    if member is None or member.deleted_at is not None:
        return None
    return member


def scopes_for_user(user) -> frozenset[str]:
    """The member-data scopes a signed-in staff user holds through their permissions."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    scopes = set()
    if user.has_perm("club.view_member"):
        scopes.add(SCOPE_MEMBERS)
        if user.has_perm("club.view_member_pii"):
            scopes.add(SCOPE_MEMBERS_PII)
        if user.has_perm("club.view_unconsented_member"):
            scopes.add(SCOPE_MEMBERS_UNCONSENTED)
    return frozenset(scopes)


def members_visible(*, scopes: frozenset[str] | set[str], path: str = "") -> Q:
    """The consent rule, written once: which members a reader may see at all.

    A marketing reader (API token, or staff without club.view_unconsented_member) sees
    only not-deleted members with an active marketing consent; every list, detail page,
    export and audience of staff and marketing filters with this condition. `path` is the
    lookup from the rows read to their member ("member__" for purchase intents).
    """
    if SCOPE_MEMBERS_UNCONSENTED in scopes:
        return Q()
    return Q(**{f"{path}has_marketing_consent": True, f"{path}deleted_at__isnull": True})


def _require_scope(scopes: frozenset[str] | set[str], scope: str = SCOPE_MEMBERS) -> None:
    if scope not in scopes:
        raise PermissionDeniedError(_("您没有查看会员数据的权限。"))


def _audit_filters(filters: MemberFilter | dict[str, Any] | None) -> dict[str, Any]:
    if isinstance(filters, MemberFilter):
        return filters.as_audit_dict()
    return dict(filters or {})


def member_related_prefetches(
    *, projects: bool = False, project_details: Iterable[str] = ()
) -> list:
    """Prefetch lookups for what a screen shows of members: one query per relation.

    Followed projects are the live ones, in tree order, on `preferences.live_interested_projects`
    (read it through `member_interested_projects`); `project_details` names the projects'
    relations to bring along (unit types, adverse factors).
    """
    if not projects:
        return []
    details = [name for name in PROJECT_DETAILS if name in set(project_details)]
    queryset = projects_live().prefetch_related(*details)
    return [
        Prefetch(
            "preferences__interested_projects", queryset=queryset, to_attr=LIVE_INTERESTED_PROJECTS
        )
    ]


def member_load_related(
    *, members: Iterable[Member], projects: bool = False, project_details: Iterable[str] = ()
) -> None:
    """Prefetch, for members already read, what the screen shows (see above)."""
    lookups = member_related_prefetches(projects=projects, project_details=project_details)
    if lookups:
        prefetch_related_objects(list(members), *lookups)


def member_interested_projects(*, preferences: Preferences) -> list:
    """The live projects a member follows, in tree order (prefetched when loaded above)."""
    loaded = getattr(preferences, LIVE_INTERESTED_PROJECTS, None)
    if loaded is not None:
        return loaded
    return list(projects_live().filter(pk__in=preferences.interested_projects.values("pk")))


def _marketing_members(
    *, scopes: frozenset[str] | set[str], filters: MemberFilter, today: dt.date | None
) -> QuerySet[Member]:
    """The consenting, not-deleted members matching the filter (no audit: figures only)."""
    _require_scope(scopes)
    # The API is marketing's door whatever the caller's other rights: consenting members only.
    return filters.apply(Member.objects.filter(members_visible(scopes=frozenset())), today=today)


def members_for_marketing(
    *,
    actor,
    scopes: frozenset[str] | set[str],
    filters: MemberFilter | dict[str, Any] | None = None,
    today: dt.date | None = None,
    actor_label: str | None = None,
    operation: str = "members.list",
    projects: bool = False,
    project_details: Iterable[str] = (),
) -> AuditedReadQuerySet[Member]:
    """Members marketing may see: active marketing consent, not deleted, filtered, newest first.

    The result is an audited read: page it as needed; fetching the rows masks each
    member's contact (`member.contact`) for the scopes and writes one audit row with the
    number of rows fetched. `projects`/`project_details` prefetch what the caller shows.
    """
    member_filter = as_member_filter(filters)
    queryset = (
        _marketing_members(scopes=scopes, filters=member_filter, today=today)
        .select_related("user", "preferences")
        .prefetch_related(
            *member_related_prefetches(projects=projects, project_details=project_details)
        )
        .order_by("-joined_at", "-pk")
    )
    return audited_read(
        queryset,
        MemberRead(
            actor=actor,
            scopes=frozenset(scopes),
            operation=operation,
            filters=_audit_filters(member_filter),
            actor_label=actor_label,
        ),
    )


def members_for_staff(
    *, actor, operation: str = "admin.member.list", filters: dict[str, Any] | None = None
) -> AuditedReadQuerySet[Member]:
    """The members the staff user may see (`members_visible`), for the list and its export.

    Needs club.view_member; marketing staff see consenting members only, sales (who hold
    club.view_unconsented_member) every member, deleted ones under their pseudonym. The
    read is audited and contacts masked like any other.
    """
    scopes = scopes_for_user(actor)
    _require_scope(scopes)
    return audited_read(
        Member.objects.filter(members_visible(scopes=scopes)).select_related("user"),
        MemberRead(actor=actor, scopes=scopes, operation=operation, filters=dict(filters or {})),
    )


def member_read_audit(
    *,
    actor,
    scopes: frozenset[str] | set[str],
    operation: str,
    filters: MemberFilter | dict[str, Any] | None = None,
    row_count: int,
    target: str = "",
    actor_label: str | None = None,
) -> None:
    """Write the audit entry for a read that returns figures rather than rows (stats)."""
    audit_record(
        actor=actor,
        operation=operation,
        target=target,
        filters=_audit_filters(filters),
        row_count=row_count,
        pii_unmasked=SCOPE_MEMBERS_PII in scopes,
        actor_label=actor_label,
    )


def member_detail_for_staff(*, actor, member_id: int, operation: str = "member.view") -> Member:
    """One member for a staff screen, contact masked for the viewer; the view is audited."""
    scopes = scopes_for_user(actor)
    _require_scope(scopes)
    read = MemberRead(actor=actor, scopes=scopes, operation=operation, target=f"member:{member_id}")
    queryset = Member.objects.filter(members_visible(scopes=scopes)).select_related(
        "user", "preferences", "referred_by"
    )
    member = audited_read(queryset.filter(pk=member_id), read).first()
    if member is None:
        raise NotFoundError("member", _("会员不存在。"))
    return member


def member_for_staff_action(*, member_id: int) -> Member | None:
    """A not-deleted member a staff action (segment override, purchase) applies to."""
    return Member.objects.filter(pk=member_id, deleted_at__isnull=True).first()


def api_token_by_id(*, token_id: int) -> ApiToken | None:
    """An API token for the admin's revoke screen."""
    return ApiToken.objects.select_related("user").filter(pk=token_id).first()


def member_consents(*, member: Member) -> QuerySet[Consent]:
    """The member's consent history, newest first."""
    return Consent.objects.filter(member=member).order_by("-granted_at", "-pk")


def member_active_consent_kinds(*, member: Member) -> set[str]:
    return set(
        Consent.objects.filter(member=member, withdrawn_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def member_purchase_intents(*, member: Member) -> QuerySet[PurchaseIntent]:
    return PurchaseIntent.objects.filter(member=member).select_related("project")


def purchase_intents_for_sales(
    *,
    actor,
    project=None,
    operation: str = "admin.intent.list",
    filters: dict[str, Any] | None = None,
) -> AuditedReadQuerySet[PurchaseIntent]:
    """Intents for sales staff (club.view_purchaseintent), newest first.

    An audited read: fetching the rows masks each member's contact for the viewer
    (`intent.member.contact`) and writes the audit row.
    """
    if not actor.has_perm("club.view_purchaseintent"):
        raise PermissionDeniedError(_("您没有查看购房意向的权限。"))
    scopes = scopes_for_user(actor)
    qs = PurchaseIntent.objects.filter(members_visible(scopes=scopes, path="member__"))
    qs = qs.select_related("member__user", "project")
    if project is not None:
        qs = qs.filter(project=project)
    read = MemberRead(
        actor=actor,
        scopes=scopes,
        operation=operation,
        filters=dict(filters or {}),
        member_path="member",
    )
    return audited_read(qs.order_by("-created_at", "-pk"), read)
