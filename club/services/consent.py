"""Granting and withdrawing consents (PIPL), and keeping the marketing flag in step.

`Member.has_marketing_consent` is a copy of "has an active MARKETING consent" kept on the
member row so that marketing queries over millions of members need no join. This module is
the only writer of both, so they cannot drift apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import ConsentKind
from club.models import Consent, Member
from club.services.validation import require_active_member
from core.errors import DomainError

DEFAULT_VERSIONS = {ConsentKind.TERMS_PRIVACY: "2026-01", ConsentKind.MARKETING: "2026-01"}


def consent_current_version(kind: str) -> str:
    """The version of the text members currently agree to (settings.CLUB_CONSENT_VERSIONS)."""
    versions = {**DEFAULT_VERSIONS, **getattr(settings, "CLUB_CONSENT_VERSIONS", {})}
    return str(versions[kind])


def _clean_kind(kind: str) -> str:
    if kind not in ConsentKind.values:
        raise DomainError("kind", "CONSENT_KIND_INVALID", _("授权类型无效。"))
    return kind


def _sync_marketing_flag(member: Member) -> None:
    active = Consent.objects.filter(
        member=member, kind=ConsentKind.MARKETING, withdrawn_at__isnull=True
    ).exists()
    if member.has_marketing_consent != active:
        member.has_marketing_consent = active
        Member.objects.filter(pk=member.pk).update(has_marketing_consent=active)


def consent_grant(
    *, member: Member, kind: str, version: str | None = None, source: str = "WEB"
) -> Consent:
    """Record the member's consent to the given version of a text.

    Granting the version already active changes nothing; granting a newer version closes
    the old row and opens a new one, so the history shows each version agreed to.
    """
    kind = _clean_kind(kind)
    require_active_member(member)
    version = version or consent_current_version(kind)
    now = timezone.now()
    with transaction.atomic():
        active = (
            Consent.objects.select_for_update()
            .filter(member=member, kind=kind, withdrawn_at__isnull=True)
            .first()
        )
        if active is not None and active.version == version:
            return active
        if active is not None:
            active.withdrawn_at = now
            active.save(update_fields=["withdrawn_at"])
        consent = Consent.objects.create(
            member=member, kind=kind, version=version, granted_at=now, source=source[:20]
        )
        _sync_marketing_flag(member)
    return consent


def consent_withdraw(*, member: Member, kind: str) -> Consent | None:
    """Withdraw a consent at any time; returns the closed row, or None if none was active."""
    kind = _clean_kind(kind)
    with transaction.atomic():
        active = (
            Consent.objects.select_for_update()
            .filter(member=member, kind=kind, withdrawn_at__isnull=True)
            .first()
        )
        if active is None:
            return None
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
        _sync_marketing_flag(member)
    return active
