"""The one base class every mutation derives from (after Saleor's BaseMutation).

A mutation declares its `Arguments`, its result fields and, optionally, `permission`; it
implements `perform(info, **arguments) -> dict`. The base class counts the call against the
rate limits of its door if anyone may call it (portal/graphql/ratelimit.py: a refusal is a
top-level RATE_LIMITED error and HTTP 429), checks the permission, runs
`perform` in a transaction (unless `atomic = False`), and turns DomainError/ValidationError into `errors` after
rolling back, so bad input never half-writes and never becomes a 500.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any, ClassVar

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import DomainError
from core.ratelimit import RateLimited
from portal.graphql.errors import UserError, user_errors_from
from portal.graphql.permissions import check_permission
from portal.graphql.ratelimit import mutation_rate_limit


class BaseMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(UserError), required=True)

    # None: anyone; "authenticated": any signed-in user; "member": a signed-in member;
    # "staff": staff; "scope:read:members": a member-data scope of the token or session;
    # any other string: a Django permission ("app.codename").
    permission: ClassVar[str | None] = None

    # False for mutations whose failures must be written even though they fail: a failed
    # sign-in is counted by django-axes in the database, and rolling back would forget it.
    atomic: ClassVar[bool] = True

    class Meta:
        abstract = True

    @classmethod
    def perform(cls, info, **arguments: Any) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **arguments: Any):
        mutation_rate_limit(cls, info, arguments)
        denied = check_permission(info.context, cls.permission)
        if denied is not None:
            return cls(errors=user_errors_from(denied))
        try:
            with transaction.atomic() if cls.atomic else nullcontext():
                result = cls.perform(info, **arguments) or {}
        except RateLimited:
            raise  # not the input's fault: a top-level error and HTTP 429 (the view)
        except (DomainError, ValidationError) as exc:
            return cls(errors=user_errors_from(exc))
        return cls(errors=[], **result)
