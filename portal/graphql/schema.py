"""The GraphQL schema: our domain queries and mutations beside grapple's page queries.

Each domain contributes a mixin of query fields (`ContentQuery`, ...) to the root `Query`.
grapple's own mixins add the page, image, document and snippet queries; its `search`
field is left out because `ContentQuery.search` replaces it (segmented Chinese search,
pre-licence rule applied).
"""

from __future__ import annotations

import graphene
from grapple.registry import registry
from wagtail import hooks

from portal.graphql.content import ContentQuery
from portal.graphql.content.types import grapple_types_share
from portal.graphql.events import EventsMutation, EventsQuery
from portal.graphql.members import MembersMutation, MembersQuery
from portal.graphql.newsletters import NewslettersMutation, NewslettersQuery
from portal.graphql.payments import PaymentsMutation, PaymentsQuery
from portal.graphql.service import ServiceMutation, ServiceQuery


def _grapple_query_mixins() -> list[type]:
    mixins: list[type] = []
    for register in hooks.get_hooks("register_schema_query"):
        register(mixins)
    return [
        m for m in mixins if m is not graphene.ObjectType and m.__module__ != "grapple.types.search"
    ]


grapple_types_share()


class Query(
    ContentQuery,
    MembersQuery,
    EventsQuery,
    ServiceQuery,
    PaymentsQuery,
    NewslettersQuery,
    *_grapple_query_mixins(),
    graphene.ObjectType,
):
    pass


class Mutation(
    MembersMutation,
    EventsMutation,
    ServiceMutation,
    PaymentsMutation,
    NewslettersMutation,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(
    query=Query, mutation=Mutation, types=list(registry.models.values()), auto_camelcase=True
)
