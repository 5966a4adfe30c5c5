"""The events API: the member's registrations (`myRegistrations`), registering and
cancelling. Thin: rules live in `events.services`, reads in `events.selectors`."""

from portal.graphql.events.mutations import EventsMutation
from portal.graphql.events.queries import EventsQuery

__all__ = ["EventsMutation", "EventsQuery"]
