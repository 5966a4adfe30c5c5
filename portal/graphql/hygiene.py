"""Refuse text no database column can hold, before any resolver sees it.

PostgreSQL cannot store or compare a NUL character in text: a NUL in any string argument
(a name, a login e-mail, `project(slug:)`, `pages(searchQuery:)`, a grapple filter...)
used to reach the ORM and end in a DataError (INTERNAL_ERROR). This graphene middleware
looks at every field's arguments, nested input objects and lists included, and answers
INVALID_CHARACTERS instead, whatever the domain and whoever wrote the resolver. Services
still check their own fields (club.services.validation) for callers other than GraphQL.

Wired once, in settings.GRAPHENE["MIDDLEWARE"].
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import DomainError

FORBIDDEN = "\x00"


def _offending_argument(value: Any, name: str) -> str | None:
    """The name of the first argument whose text holds a NUL, or None."""
    if isinstance(value, str):
        return name if FORBIDDEN in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _offending_argument(item, key)
            if found:
                return found
    elif isinstance(value, list | tuple):
        for item in value:
            found = _offending_argument(item, name)
            if found:
                return found
    return None


class RefuseNulMiddleware:
    """Answer INVALID_CHARACTERS for any field called with a NUL in a string argument."""

    def resolve(self, next_, root, info, **arguments: Any):
        if arguments:  # most fields take none: nothing to walk
            field = _offending_argument(arguments, "")
            if field is not None:
                raise DomainError(field, "INVALID_CHARACTERS", _("内容包含无效字符。"))
        return next_(root, info, **arguments)
