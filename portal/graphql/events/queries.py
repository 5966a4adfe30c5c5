"""`myRegistrations`: the signed-in member's own registrations."""

from __future__ import annotations

import graphene

from events import selectors
from portal.graphql.events.types import EventRegistrationConnection
from portal.graphql.identity import session_member
from portal.graphql.pagination import connection_from_queryset


class EventsQuery:
    my_registrations = graphene.Field(
        EventRegistrationConnection,
        required=True,
        include_cancelled=graphene.Boolean(default_value=False),
        first=graphene.Int(),
        after=graphene.String(),
        description="The signed-in member's registrations, soonest event first; empty when anonymous.",
    )

    @staticmethod
    def resolve_my_registrations(root, info, include_cancelled=False, first=None, after=None):
        member = session_member(info.context)
        queryset = (
            selectors.member_registrations(member=member, include_cancelled=include_cancelled)
            if member is not None
            else selectors.no_registrations()
        )
        return connection_from_queryset(
            EventRegistrationConnection, queryset, first=first, after=after
        )
