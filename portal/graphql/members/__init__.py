"""The members API: the member's own record and actions, and marketing's reads.

- `queries.MeQuery`: `me` (browser session);
- `marketing.MarketingQuery`: `members`, `memberStats`, `referralAttribution` (API token
  or staff session, scoped and audited by the club selectors);
- `mutations.MembersMutation`: register, sign in/out, profile, preferences, consents,
  data rights and purchase intents (browser session);
- `audiences`: saved audiences, `audiences`, `createAudience`, `updateAudience`;
- `auth`: bearer-token authentication, called by the view.
"""

from portal.graphql.members.audiences import AudienceMutation, AudienceQuery
from portal.graphql.members.marketing import MarketingQuery
from portal.graphql.members.mutations import MembersMutation as _MembersMutation
from portal.graphql.members.queries import MeQuery


class MembersQuery(MeQuery, MarketingQuery, AudienceQuery):
    """Every query field of the members API."""


class MembersMutation(_MembersMutation, AudienceMutation):
    """Every mutation of the members API (saved audiences: marketing, read:members)."""


__all__ = ["MarketingQuery", "MeQuery", "MembersMutation", "MembersQuery"]
