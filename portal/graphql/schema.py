"""The GraphQL schema: our domain queries and mutations beside grapple's page queries."""

from __future__ import annotations

import graphene
from grapple.registry import registry
from wagtail import hooks


def _grapple_query_mixins() -> list[type]:
    mixins: list[type] = []
    for register in hooks.get_hooks("register_schema_query"):
        register(mixins)
    return [m for m in mixins if m is not graphene.ObjectType]


class Query(*_grapple_query_mixins(), graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, types=list(registry.models.values()), auto_camelcase=True)
