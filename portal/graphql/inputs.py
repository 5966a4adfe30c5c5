"""Reading GraphQL arguments as the services expect them, for every domain of the API.

Input fields are declared as input fields (`Gender()`, `graphene.InputField(Gender)`),
never as `graphene.Field(Gender)`: graphene gives a `Field` inside an input object a
default of null, so a field the client left out would arrive as an explicit null and a
partial update would clear it. tests/test_graphql_inputs.py keeps every input that way.
"""

from __future__ import annotations

from typing import Any


def enum_value(value: Any) -> Any:
    """The stored code of an enum argument (graphene passes enum members), lists included."""
    if isinstance(value, list | tuple):
        return [enum_value(item) for item in value]
    return getattr(value, "value", value)


def input_values(value: Any) -> dict[str, Any]:
    """The fields the client sent (explicit nulls included), enums as their stored codes.

    Fields left out are absent, so partial updates change only what was sent and an
    explicit null clears where the service allows it.
    """
    return {key: enum_value(item) for key, item in dict(value or {}).items()}
