"""Searching members by what staff type: a name, a referral code, or a full contact.

Contacts are searchable only by those who may see them in clear (club.view_member_pii),
and only as exact, full values: otherwise a viewer of masked numbers (138****5678) could
search each of the 10,000 candidates and learn the real one from the hit. Contact searches
that find nobody are counted per staff user; past `MEMBER_SEARCH_MISS_LIMIT` misses within
`MEMBER_SEARCH_MISS_WINDOW` the user is reported (an audit row and a log warning), since
searching number after number is what enumeration looks like.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from club.selectors.audited import SCOPE_MEMBERS_PII
from club.selectors.members import scopes_for_user
from core.audit import audit_record
from core.auth import canonical_identifier

logger = logging.getLogger("club.security")

DEFAULT_MISS_LIMIT = 10
DEFAULT_MISS_WINDOW_SECONDS = 60 * 60
REFERRAL_CODE = re.compile(r"^[A-Z0-9]{8}$")
# Digits, spaces, dashes, a leading +, or masking stars: someone typing a phone number.
PHONE_LIKE = re.compile(r"^[+\d][\d\s\-*]{5,}$")


def _looks_like_contact(query: str, identifier: str) -> bool:
    return "@" in query or identifier.startswith("+") or bool(PHONE_LIKE.match(query))


def _miss_key(actor) -> str:
    return f"club:member-search-miss:{getattr(actor, 'pk', None)}"


def member_search_misses(*, actor) -> int:
    """How many contact searches by this staff user found nobody in the current window."""
    return int(cache.get(_miss_key(actor), 0))


def _record_miss(*, actor, query: str) -> None:
    limit = int(getattr(settings, "MEMBER_SEARCH_MISS_LIMIT", DEFAULT_MISS_LIMIT))
    window = int(getattr(settings, "MEMBER_SEARCH_MISS_WINDOW", DEFAULT_MISS_WINDOW_SECONDS))
    key = _miss_key(actor)
    if cache.add(key, 1, timeout=window):
        misses = 1
    else:
        try:
            misses = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            misses = 1
    if misses == limit or (misses > limit and misses % limit == 0):
        username = actor.get_username() if getattr(actor, "pk", None) else "?"
        logger.warning(
            "Possible member enumeration: %s made %d contact searches finding nobody",
            username,
            misses,
        )
        audit_record(
            actor=actor,
            operation="alert.member.search_misses",
            filters={"misses": misses, "last_query": query[:50]},
            row_count=0,
        )


def member_search(*, actor, queryset: QuerySet, query: str) -> QuerySet:
    """Narrow a staff member list to a search.

    Full phone or e-mail (exact, PII holders only), referral code (exact), else name by
    substring. A contact search from someone without the PII permission finds nothing and
    counts as a miss, like a full contact that matches nobody.
    """
    query = (query or "").strip()
    if not query:
        return queryset
    identifier = canonical_identifier(query)
    if _looks_like_contact(query, identifier):
        may_search = SCOPE_MEMBERS_PII in scopes_for_user(actor)
        if identifier.startswith("+86"):
            found = queryset.filter(user__phone=identifier) if may_search else queryset.none()
        elif "@" in identifier:
            found = queryset.filter(user__email=identifier) if may_search else queryset.none()
        else:  # partial or masked numbers are never matched
            found = queryset.none()
        if not found.exists():
            _record_miss(actor=actor, query=query)
        return found
    if REFERRAL_CODE.match(query):
        return queryset.filter(referral_code=query)
    return queryset.filter(name__icontains=query)
