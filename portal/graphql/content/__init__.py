"""The content API: public club content with the pre-sale licence rule applied."""

from portal.graphql.content.queries import ContentQuery
from portal.graphql.content.types import (
    AdverseFactor,
    Event,
    NewsletterIssue,
    PresaleLicence,
    PriceRange,
    Project,
    ProjectSalesStatus,
    SearchResult,
    UnitType,
)

__all__ = [
    "AdverseFactor",
    "ContentQuery",
    "Event",
    "NewsletterIssue",
    "PresaleLicence",
    "PriceRange",
    "Project",
    "ProjectSalesStatus",
    "SearchResult",
    "UnitType",
]
