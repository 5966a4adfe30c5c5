"""The content queries of the contract: projects, events, newsletters and search.

Thin resolvers: visibility comes from `content.selectors`, paging from
`portal.graphql.pagination`.
"""

from __future__ import annotations

import graphene

from content import selectors
from events.selectors import events_with_seats_taken
from portal.graphql.content.pages import ClubPagesQuery
from portal.graphql.content.types import (
    Event,
    EventConnection,
    MerchantCategory,
    MerchantConnection,
    NewsletterIssueConnection,
    Project,
    ProjectConnection,
    ProjectSalesStatus,
    SearchResult,
)
from portal.graphql.identity import request_user
from portal.graphql.inputs import enum_value
from portal.graphql.pagination import connection_from_queryset, page_size
from portal.graphql.ratelimit import rate_limited_resolver
from portal.graphql.selection import selected_names


def _user(info):
    return request_user(info.context)


# Contract field of Project -> the related rows it reads (content.selectors.PROJECT_RELATED).
_PROJECT_RELATED_FIELDS = {"unitTypes": "unit_types", "adverseFactors": "adverse_factors"}


def _project_related(info, *path: str) -> set[str]:
    """The related rows of a project the client's selection will read, and no others."""
    selected = selected_names(info, *path)
    return {related for field, related in _PROJECT_RELATED_FIELDS.items() if field in selected}


class ContentQuery(ClubPagesQuery):
    """Query fields of the content API, mixed into the root Query (portal/graphql/schema.py).

    It comes before grapple's mixins there, so `ClubPagesQuery` replaces grapple's `page`
    and `pages` resolvers with ones that apply the club's visibility rules and locales."""

    projects = graphene.Field(
        ProjectConnection,
        required=True,
        city=graphene.String(),
        sales_status=graphene.Argument(ProjectSalesStatus),
        first=graphene.Int(),
        after=graphene.String(),
        description=(
            "Projects in tree order. Pre-licence projects are listed for signed-in users "
            "only, and never with prices."
        ),
    )
    project = graphene.Field(
        Project, slug=graphene.String(required=True), description="Null if unknown or hidden."
    )
    events = graphene.Field(
        EventConnection,
        required=True,
        upcoming=graphene.Boolean(
            description="true: not started yet, soonest first; false: started, latest first."
        ),
        first=graphene.Int(),
        after=graphene.String(),
    )
    event = graphene.Field(Event, slug=graphene.String(required=True))
    newsletters = graphene.Field(
        NewsletterIssueConnection,
        required=True,
        first=graphene.Int(),
        after=graphene.String(),
        description="Issues of the club magazine, newest first.",
    )
    merchants = graphene.Field(
        MerchantConnection,
        required=True,
        city=graphene.String(),
        category=graphene.Argument(MerchantCategory),
        first=graphene.Int(),
        after=graphene.String(),
        description="Partner merchants (特约商户) whose member offer is valid today.",
    )
    search = graphene.List(
        graphene.NonNull(SearchResult),
        required=True,
        query=graphene.String(required=True),
        first=graphene.Int(),
        description="Full-text search (Chinese word segmentation) over projects, events, "
        "news and newsletter issues.",
    )

    @staticmethod
    def resolve_projects(root, info, city=None, sales_status=None, first=None, after=None):
        queryset = selectors.projects_visible_to(
            user=_user(info),
            city=city,
            sales_status=enum_value(sales_status),
            related=_project_related(info, "edges", "node"),
        )
        return connection_from_queryset(ProjectConnection, queryset, first=first, after=after)

    @staticmethod
    def resolve_project(root, info, slug):
        return selectors.project_for(user=_user(info), slug=slug, related=_project_related(info))

    @staticmethod
    def resolve_events(root, info, upcoming=None, first=None, after=None):
        queryset = selectors.events_listed(user=_user(info), upcoming=upcoming)
        if "seatsLeft" in selected_names(info, "edges", "node"):
            queryset = events_with_seats_taken(queryset)
        return connection_from_queryset(EventConnection, queryset, first=first, after=after)

    @staticmethod
    def resolve_event(root, info, slug):
        return selectors.event_for(user=_user(info), slug=slug)

    @staticmethod
    def resolve_newsletters(root, info, first=None, after=None):
        queryset = selectors.newsletters_published(user=_user(info))
        return connection_from_queryset(
            NewsletterIssueConnection, queryset, first=first, after=after
        )

    @staticmethod
    def resolve_merchants(root, info, city=None, category=None, first=None, after=None):
        queryset = selectors.merchants_listed(city=city, category=enum_value(category))
        return connection_from_queryset(MerchantConnection, queryset, first=first, after=after)

    @staticmethod
    @rate_limited_resolver("search")
    def resolve_search(root, info, query, first=None):
        return selectors.content_search(user=_user(info), query=query, limit=page_size(first))
