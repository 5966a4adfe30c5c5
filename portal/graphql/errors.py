"""How failures reach GraphQL clients.

Mutations report expected failures as data: `errors: [UserError!]!` with a field, a stable
code and a message in the user's language. Everything else a client can cause (bad syntax,
limits, unknown ids) is a GraphQL error with a message and `extensions.code`, never a 500.
"""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from graphql import GraphQLError

from core.errors import DomainError


class UserError(graphene.ObjectType):
    field = graphene.String(description="The input field at fault, if any (camelCase).")
    code = graphene.String(required=True, description="Stable UPPER_SNAKE_CASE code.")
    message = graphene.String(required=True, description="Message in the user's language.")


def _camel(name: str | None) -> str | None:
    if not name or name == "__all__":
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def user_errors_from(exc: Exception) -> list[dict]:
    """Turn a DomainError or a Django ValidationError into UserError dicts."""
    if isinstance(exc, DomainError):
        return [
            {"field": _camel(error.field), "code": error.code, "message": error.message}
            for error in getattr(exc, "errors", [exc])
        ]
    if isinstance(exc, ValidationError):
        errors: list[dict] = []
        if hasattr(exc, "error_dict"):
            for field, field_errors in exc.error_dict.items():
                for error in field_errors:
                    errors.append(
                        {
                            "field": _camel(field),
                            "code": (error.code or "INVALID").upper(),
                            "message": " ".join(error.messages),
                        }
                    )
        else:
            for error in exc.error_list:
                errors.append(
                    {
                        "field": None,
                        "code": (error.code or "INVALID").upper(),
                        "message": " ".join(error.messages),
                    }
                )
        return errors
    raise TypeError(f"not a user error: {exc!r}")


def graphql_error(message: str, code: str) -> GraphQLError:
    """A top-level GraphQL error with a stable code in `extensions.code`."""
    return GraphQLError(str(message), extensions={"code": code})
