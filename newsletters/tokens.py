"""Signed links: confirming a subscription (expires) and unsubscribing (does not).

Django's signing (HMAC with SECRET_KEY and a per-purpose salt): a token for one purpose is
refused for the other, and any change to a token is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "newsletters.subscription.confirm"
UNSUBSCRIBE_SALT = "newsletters.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(*, member_id: int, topics: list[str]) -> str:
    return signing.dumps({"m": member_id, "t": sorted(topics)}, salt=CONFIRM_SALT, compress=True)


def confirm_token_read(token: str) -> tuple[int, list[str]]:
    """(member id, topics); raises signing.BadSignature (or SignatureExpired)."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    return int(data["m"]), [str(t) for t in data["t"]]


def unsubscribe_token(*, member_id: int) -> str:
    return signing.dumps(member_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> int:
    return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))


def absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def confirm_url(token: str) -> str:
    return absolute(reverse("newsletters:confirm", args=[token]))


def unsubscribe_url(token: str) -> str:
    return absolute(reverse("newsletters:unsubscribe", args=[token]))
