"""The signed-in member's own record: `me`.

There is no member query that takes an id: a member can only ever read themself, found
from the session (club.selectors.member_for_user). Bearer tokens have no `me`.
"""

from __future__ import annotations

import graphene

from portal.graphql.identity import session_member
from portal.graphql.members.loading import members_prefetch
from portal.graphql.members.types import Member


class MeQuery:
    """Query fields for the members' site, mixed into the root Query."""

    me = graphene.Field(
        Member, description="The signed-in member; null when anonymous or not a member."
    )

    @staticmethod
    def resolve_me(root, info):
        member = session_member(info.context)
        if member is not None:
            members_prefetch([member], info)
        return member
