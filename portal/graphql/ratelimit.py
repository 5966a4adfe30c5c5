"""Rate limits on the GraphQL doors anyone can use without signing in (core/ratelimit.py).

A public mutation (one with `permission = None`) declares its door with `@public_door`:

    @public_door("guest_complaint", targets=("phone", "email"))
    class FileGuestComplaint(SessionMutation):
        ...

`BaseMutation` counts the request against the door's windows — per client address, per
target (the named fields of the mutation's `input`, e.g. the phone a code is texted to),
and overall — before anything else runs. A public mutation that declares nothing is
counted against the `public` door, per address; tests/test_rate_limits.py fails for any
public mutation without a declaration, so a new one cannot be forgotten.
Query fields use `@rate_limited_resolver("search")` the same way.

A refused request is a top-level GraphQL error, `extensions: {code: "RATE_LIMITED",
retryAfter: <seconds>}`, and the HTTP response is 429 with `Retry-After` (the view reads
`request.rate_limit_retry_after`). It is not a payload `UserError`: no change of input
fixes it, and a client's generic HTTP handling (back off on 429) should see it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from core.ratelimit import rate_limit_request

DEFAULT_DOOR = "public"


@dataclass(frozen=True)
class PublicDoor:
    """A door's name in RATE_LIMITS and the input fields that name its targets."""

    name: str
    targets: tuple[str, ...] = ()

    def targets_of(self, arguments: dict[str, Any]) -> list[str]:
        values = arguments.get("input") or arguments
        found = []
        for field in self.targets:
            value = values.get(field) if hasattr(values, "get") else None
            if isinstance(value, str):
                found.append(value)
        return found


def public_door(name: str, *, targets: Iterable[str] = ()) -> Callable[[type], type]:
    """Class decorator: count a mutation against the rate limits of door `name`."""

    def mark(cls: type) -> type:
        cls.public_door = PublicDoor(name=name, targets=tuple(targets))
        return cls

    return mark


def mutation_door(mutation: type) -> PublicDoor | None:
    """The door a mutation is counted against: its own, `public` if it is open to anyone
    and declares none, or None for mutations only signed-in users may call."""
    declared = getattr(mutation, "public_door", None)
    if declared is not None:
        return declared
    if getattr(mutation, "permission", None) is None:
        return PublicDoor(name=DEFAULT_DOOR)
    return None


def mutation_rate_limit(mutation: type, info, arguments: dict[str, Any]) -> None:
    """Count a mutation call against its door; raises core.ratelimit.RateLimited."""
    door = mutation_door(mutation)
    if door is None:
        return
    rate_limit_request(info.context, door=door.name, targets=door.targets_of(arguments))


def rate_limited_resolver(door: str) -> Callable[[Callable], Callable]:
    """Resolver decorator: count each call of a query field against door `door`."""

    def decorate(resolver: Callable) -> Callable:
        @functools.wraps(resolver)
        def resolve(root, info, *args, **kwargs):
            rate_limit_request(info.context, door=door)
            return resolver(root, info, *args, **kwargs)

        return resolve

    return decorate


class SearchRateLimitMiddleware:
    """Grapple's `pages(searchQuery:)` (and any root field with a non-empty `searchQuery`)
    is a search: counted against the `search` door like ContentQuery.search."""

    def resolve(self, next_, root, info, **arguments):
        query = arguments.get("search_query") or arguments.get("searchQuery")
        if root is None and isinstance(query, str) and query.strip():
            rate_limit_request(info.context, door="search")
        return next_(root, info, **arguments)
