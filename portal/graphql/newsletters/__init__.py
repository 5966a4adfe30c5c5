"""The newsletter API: a member's subscriptions (double opt-in) and leaving them.

Thin: rules live in `newsletters.services`, reads in `newsletters.selectors`.
"""

from portal.graphql.newsletters.schema import NewslettersMutation, NewslettersQuery

__all__ = ["NewslettersMutation", "NewslettersQuery"]
