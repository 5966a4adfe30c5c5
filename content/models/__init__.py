"""Content models, one module per page family."""

from content.models.articles import ArticleIndexPage, ArticlePage
from content.models.base import ClubPage
from content.models.events import EventIndexPage, EventPage, EventPublicationOverride
from content.models.home import HomePage
from content.models.merchants import Merchant
from content.models.newsletters import NewsletterIndexPage, NewsletterIssuePage
from content.models.projects import (
    AdverseFactor,
    OpenDay,
    ProjectGalleryImage,
    ProjectIndexPage,
    ProjectPage,
    ProjectPhase,
    UnitType,
)

__all__ = [
    "AdverseFactor",
    "ArticleIndexPage",
    "ArticlePage",
    "ClubPage",
    "EventIndexPage",
    "EventPage",
    "EventPublicationOverride",
    "HomePage",
    "Merchant",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "OpenDay",
    "ProjectGalleryImage",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPhase",
    "UnitType",
]
