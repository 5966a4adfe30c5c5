"""Saved audiences as a newsletter audience kind ("SAVED", value: the audience's id).

Plugged in from ClubConfig.ready() when newsletters is installed, through newsletters'
own extension point, so the sending pipeline resolves a saved audience to the very SQL
condition the admin count and export use (club.selectors.audiences.audience_condition).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

SAVED = "SAVED"


def _resolve(value: str) -> Q:
    from club.selectors.audiences import audience_condition

    try:
        audience_id = int(value)
    except (TypeError, ValueError):
        return Q(pk__in=[])
    return audience_condition(audience_id=audience_id)


def _choices() -> list[tuple[str, str]]:
    from club.models import Audience

    return [(str(pk), name) for pk, name in Audience.objects.values_list("pk", "name")]


def register_newsletter_audience_kind() -> None:
    from newsletters.audiences import AudienceKind, audience_kind_register

    audience_kind_register(
        AudienceKind(SAVED, gettext_lazy("已保存的受众"), _resolve, choices=_choices)
    )
