"""API tokens for marketing tools: issue, verify, throttle, revoke.

Wagtail 8's own `APIToken` has neither scopes nor expiry, which marketing access needs, so
the club keeps its own. The plaintext (`wkh_` + 43 URL-safe characters, 256 bits) is shown
once; only its SHA-256 digest is stored. A token acts as its user (the audit log names
them) with exactly the scopes written on the token, and only while its user's own
permissions still grant them: checked when the token is issued and on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.models import ApiToken
from club.selectors.members import scopes_for_user
from core.errors import DomainError
from core.ratelimit import RateLimited

TOKEN_PREFIX = "wkh_"
DEFAULT_EXPIRY_DAYS = 90
MAX_EXPIRY_DAYS = 366
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)
RATE_WINDOW_SECONDS = 60


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def clean_scopes(scopes) -> list[str]:
    if isinstance(scopes, str):
        scopes = [s for s in scopes.replace(" ", ",").split(",")]
    cleaned = list(dict.fromkeys(s.strip() for s in scopes or [] if s and s.strip()))
    if not cleaned:
        raise DomainError("scopes", "SCOPES_REQUIRED", _("请至少选择一个权限范围。"))
    unknown = [s for s in cleaned if s not in ApiToken.SCOPES]
    if unknown:
        raise DomainError(
            "scopes",
            "SCOPE_INVALID",
            _("未知的权限范围：%(scopes)s") % {"scopes": ", ".join(unknown)},
        )
    if ApiToken.SCOPE_MEMBERS_PII in cleaned and ApiToken.SCOPE_MEMBERS not in cleaned:
        cleaned.insert(0, ApiToken.SCOPE_MEMBERS)  # reading PII implies reading members
    return cleaned


def token_within_owner(*, scopes, user) -> bool:
    """Whether the user's own permissions grant every scope (a token is never wider)."""
    return set(scopes) <= scopes_for_user(user)


def api_token_create(
    *,
    user,
    scopes,
    name: str = "",
    expires_in_days: int = DEFAULT_EXPIRY_DAYS,
    actor=None,
) -> tuple[ApiToken, str]:
    """Issue a token for `user`; returns the row and the plaintext, which is never stored."""
    scopes = clean_scopes(scopes)
    if not user.is_active:
        raise DomainError("user", "USER_INACTIVE", _("该用户已停用。"))
    if not token_within_owner(scopes=scopes, user=user):
        raise DomainError(
            "scopes",
            "SCOPE_EXCEEDS_OWNER",
            _("令牌的权限范围不能超出其所有者本人的权限。"),
        )
    if isinstance(expires_in_days, bool) or not 1 <= int(expires_in_days) <= MAX_EXPIRY_DAYS:
        raise DomainError("expires_in_days", "EXPIRY_INVALID", _("有效期须在 1 至 366 天之间。"))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100] or f"{user.get_username()} {timezone.localdate():%Y-%m-%d}",
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=token_digest(raw),
        scopes=scopes,
        expires_at=timezone.now() + dt.timedelta(days=int(expires_in_days)),
        created_by=actor,
    )
    return token, raw


def api_token_verify(*, raw: str) -> ApiToken:
    """The active token a bearer string names; raises if unknown, expired or revoked."""
    raw = (raw or "").strip()
    invalid = DomainError(None, "TOKEN_INVALID", _("API 令牌无效。"))
    if not raw.startswith(TOKEN_PREFIX):
        raise invalid
    digest = token_digest(raw)
    token = ApiToken.objects.select_related("user").filter(digest=digest).first()
    if token is None or not hmac.compare_digest(token.digest, digest):
        raise invalid
    if token.revoked_at is not None:
        raise DomainError(None, "TOKEN_REVOKED", _("API 令牌已被吊销。"))
    now = timezone.now()
    if token.expires_at <= now:
        raise DomainError(None, "TOKEN_EXPIRED", _("API 令牌已过期。"))
    if not token.user.is_active:
        raise invalid
    if not token_within_owner(scopes=token.scopes, user=token.user):
        # The owner left the group or lost a permission since the token was issued.
        raise DomainError(None, "TOKEN_EXCEEDS_OWNER", _("API 令牌的所有者已不再拥有其权限范围。"))
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _bucket_add(key: str) -> int:
    """Add one to a one-second counter in the shared cache; the new count."""
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS + 10):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS + 10)
        return 1


def api_token_throttle(*, token: ApiToken, now: float | None = None) -> None:
    """Count one request against the token's per-minute allowance; refuse beyond it.

    A sliding window: requests are counted in one-second buckets in the shared cache
    (Redis at scale, one MGET per request), and the allowance applies to the sum over the
    last 60 seconds. A fixed per-minute window let a client send twice the allowance
    across a minute boundary. Refused requests count too, so hammering on does not earn a
    fresh allowance.
    """
    limit = int(getattr(settings, "API_TOKEN_RATE_LIMIT_PER_MINUTE", 120))
    second = int(time.time() if now is None else now)
    prefix = f"club:api-token-rate:{token.pk}:"
    current = _bucket_add(f"{prefix}{second}")
    earlier = cache.get_many(
        [f"{prefix}{s}" for s in range(second - RATE_WINDOW_SECONDS + 1, second)]
    )
    count = current + sum(int(value) for value in earlier.values())
    if count > limit:
        # Wait until enough of the oldest seconds leave the window to bring it to the limit.
        excess, retry_after = count - limit, RATE_WINDOW_SECONDS
        for earlier_second in range(second - RATE_WINDOW_SECONDS + 1, second):
            excess -= int(earlier.get(f"{prefix}{earlier_second}", 0))
            if excess <= 0:
                retry_after = earlier_second + RATE_WINDOW_SECONDS - second
                break
        raise RateLimited(door="api_token", scopes=("token",), retry_after=max(1, retry_after))


def api_token_revoke(*, token: ApiToken, actor=None) -> ApiToken:
    """Revoke a token at once; revoking twice keeps the first revocation."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
    return token
