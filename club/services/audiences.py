"""Creating and changing saved audiences (club.models.audiences).

Marketing (read:members) defines audiences; every field error of a request is reported at
once; a change of conditions is a new version whose conditions are kept as a revision.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from club.models import Audience, AudienceRevision
from club.selectors.audiences import AudienceFilter
from club.selectors.audited import SCOPE_MEMBERS
from core.audit import audit_record
from core.errors import DomainError, DomainErrors, PermissionDeniedError


def _checked(
    *, audience: Audience | None, name: str, conditions: dict[str, Any] | None
) -> tuple[str, dict[str, Any]]:
    errors: list[DomainError] = []
    name = (name or "").strip()
    if not name:
        errors.append(DomainError("name", "AUDIENCE_NAME_REQUIRED", _("请填写受众名称。")))
    elif len(name) > 100:
        errors.append(DomainError("name", "AUDIENCE_NAME_TOO_LONG", _("受众名称最多 100 个字。")))
    else:
        taken = Audience.objects.filter(name=name)
        if audience is not None:
            taken = taken.exclude(pk=audience.pk)
        if taken.exists():
            errors.append(DomainError("name", "AUDIENCE_NAME_TAKEN", _("已有同名受众。")))
    stored: dict[str, Any] = {}
    try:
        stored = AudienceFilter.from_conditions(conditions).conditions()
    except DomainError as exc:
        errors.append(DomainError("conditions", exc.code, exc.message))
    except (TypeError, ValueError):
        errors.append(DomainError("conditions", "FILTER_INVALID", _("筛选条件无效。")))
    if errors:
        raise DomainErrors(errors)
    return name, stored


def audience_save(
    *,
    actor,
    scopes: frozenset[str] | set[str],
    name: str,
    conditions: dict[str, Any] | None,
    description: str = "",
    audience: Audience | None = None,
) -> Audience:
    """Create (`audience` None) or update a saved audience; returns it.

    New conditions make a new version (the old ones stay in the revisions); renaming alone
    does not. Needs read:members, like reading the members the audience selects.
    """
    if SCOPE_MEMBERS not in scopes:
        raise PermissionDeniedError(_("您没有查看会员数据的权限。"))
    name, stored = _checked(audience=audience, name=name, conditions=conditions)
    user = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        if audience is None:
            audience = Audience.objects.create(
                name=name, description=description or "", conditions=stored, created_by=user
            )
            changed = True
        else:
            audience = Audience.objects.select_for_update().get(pk=audience.pk)
            changed = audience.conditions != stored
            if changed:
                audience.version += 1
            audience.name = name
            audience.description = description or ""
            audience.conditions = stored
            audience.save()
        if changed:
            AudienceRevision.objects.create(
                audience=audience, version=audience.version, conditions=stored, actor=user
            )
        audit_record(
            actor=actor,
            operation="audience.save",
            target=f"audience:{audience.pk}",
            filters={"version": audience.version, **stored},
        )
    return audience
