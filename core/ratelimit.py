"""Rate limits on the anonymous doors: sliding windows per client address and per target.

Every door a stranger can knock on (register, login, SMS send and check, password reset,
search, public mutations) names itself here and is counted three ways, each optional:
- `address`: the client's address, as far as the trusted proxies vouch for it
  (core.http.client_ip_address), so a forged X-Forwarded-For cannot spread one client
  over many counters;
- `target`: the phone or e-mail the request is about, so many addresses together cannot
  hammer one account or pump texts to one number;
- `all`: every request to the door together (the SMS spend ceiling).

The counting is the `limits` library's sliding-window counter: a fixed window lets a
client send twice its allowance across a window boundary, a sliding one does not. Its
storage is Redis when RATE_LIMIT_STORAGE_URL (by default REDIS_URL) names one — shared by
every process, atomic through Lua scripts — and process memory otherwise (the embedded
runtime runs one web process). django-ratelimit was the other candidate: it keeps its
counters in the Django cache, but in fixed windows only.

Rates are strings `limits` parses ("5/hour", "10 per 10 minutes"), several separated by
";" ("5/hour;20/day"); RATE_LIMITS in settings holds them per door and scope, and each
can be set from the environment as RATE_LIMIT_<DOOR>_<SCOPE>.
A refused request is not counted, so a client that waits out `retry_after` gets through.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import SlidingWindowCounterRateLimiter

from core.auth import canonical_identifier
from core.errors import DomainError
from core.http import client_ip_address

SCOPES = ("address", "target", "all")


class RateLimited(DomainError):
    """A door refused a request for now; `retry_after` is how many seconds to wait."""

    def __init__(self, *, door: str, scopes: tuple[str, ...], retry_after: int) -> None:
        super().__init__(
            None,
            "RATE_LIMITED",
            _("操作过于频繁，请 %(seconds)d 秒后再试。") % {"seconds": retry_after},
        )
        self.door = door
        self.scopes = scopes
        self.retry_after = retry_after


@lru_cache(maxsize=4)
def _limiter_for(url: str) -> SlidingWindowCounterRateLimiter:
    return SlidingWindowCounterRateLimiter(storage_from_string(url))


def limiter() -> SlidingWindowCounterRateLimiter:
    """The process's limiter on the configured storage."""
    return _limiter_for(settings.RATE_LIMIT_STORAGE_URL)


def rate_limits_reset() -> None:
    """Forget every count (tests start from zero; an operator may lift a false alarm)."""
    limiter().storage.reset()


@lru_cache(maxsize=256)
def _parse(rates: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(rates)) if rates.strip() else ()


def door_rates(door: str, scope: str) -> tuple[RateLimitItem, ...]:
    """The windows configured for a door's scope (none: that scope is not counted)."""
    configured = settings.RATE_LIMITS.get(door) or settings.RATE_LIMITS.get("public", {})
    return _parse(configured.get(scope, ""))


def _fingerprint(value: str) -> str:
    """Phones and e-mails are keyed by a keyed hash: no personal data in the counter store."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return digest[:32]


def _retry_after(item: RateLimitItem, identifiers: tuple[str, ...]) -> int:
    """Whole seconds until the window would admit one more request.

    The sliding-window counter admits while previous * weight + current < limit, the
    previous window's weight falling linearly to zero over the current window. (limits'
    own `get_window_stats` estimates a reset time that can be too early for this rule.)
    """
    previous, previous_left, current, current_left = limiter().storage.get_sliding_window(
        item.key_for(*identifiers), item.get_expiry()
    )
    expiry, allowed = item.get_expiry(), item.amount
    window_left = max(0.0, current_left - expiry)  # until the current window rolls over
    if current < allowed:
        if previous == 0:
            return 1
        wait = previous_left - (allowed - current) * expiry / previous
        if wait < window_left:
            return max(1, math.floor(max(wait, 0.0)) + 1)
        return max(1, math.floor(window_left) + 1)
    # Full within the current window: wait for it to become the previous one and fade.
    return max(1, math.floor(window_left + expiry * (1 - allowed / current)) + 1)


def rate_limit_hit(
    *, door: str, address: str | None = None, targets: Iterable[str | None] = ()
) -> None:
    """Count one request at `door`; raise RateLimited if any of its windows is full.

    Every scope is counted even when an earlier one refuses, so the figures stay honest;
    the wait is the longest of the refused windows.
    """
    keys: list[tuple[str, str]] = [("all", "all")]
    if address:
        keys.append(("address", address))
    # One phone or e-mail in any spelling is one target (E.164, lower-case e-mail).
    for target in dict.fromkeys(canonical_identifier(t) for t in targets if t and t.strip()):
        keys.append(("target", _fingerprint(target)))
    refused: dict[str, int] = {}
    for scope, value in keys:
        for item in door_rates(door, scope):
            identifiers = (door, scope, value)
            if not limiter().hit(item, *identifiers):
                wait = _retry_after(item, identifiers)
                refused[scope] = max(refused.get(scope, 0), wait)
    if refused:
        raise RateLimited(door=door, scopes=tuple(refused), retry_after=max(refused.values()))


def rate_limit_request(
    request: HttpRequest, *, door: str, targets: Iterable[str | None] = ()
) -> None:
    """`rate_limit_hit` for an HTTP request, keyed by its trusted client address."""
    rate_limit_hit(door=door, address=client_ip_address(request), targets=targets)
