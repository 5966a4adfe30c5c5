"""What every club page shares: Chinese search text, headless preview, publish rules."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin

from content.forms import ClubPageForm
from core.errors import DomainError
from core.text import bigrams, segment


class ClubPage(HeadlessPreviewMixin, Page):
    """Base class of all club pages.

    `publish_errors()` lists the domain rules that forbid publishing this version; they are
    checked in the editor's form (so the editor sees them next to the fields) and again in
    `publish()`, the single path every publication takes (editor, workflow approval,
    scheduled publishing, scripts), so no route around them exists.
    """

    # The segmented title carries the most weight, as the raw title does for Western text.
    # Bigrams catch the words the dictionary cuts differently (see core.text); the search
    # ranks pages that match by words above those that match by bigrams only.
    search_fields = Page.search_fields + [
        index.SearchField("search_title", boost=3),
        index.SearchField("search_text"),
        index.SearchField("search_bigrams"),
    ]
    base_form_class = ClubPageForm

    class Meta:
        abstract = True

    def searchable_parts(self) -> list[str]:
        return [self.title, self.search_description or ""]

    def search_title(self) -> str:
        """Segmented title for the search index."""
        return segment(self.title)

    def search_text(self) -> str:
        """Segmented text for the search index (see core.text)."""
        return segment(self._searchable_text())

    def search_bigrams(self) -> str:
        """Character bigrams of the same text for the search index (see core.text)."""
        return bigrams(self._searchable_text())

    def _searchable_text(self) -> str:
        return " ".join(part for part in self.searchable_parts() if part)

    def publish_errors(self, *, user=None, now: datetime | None = None) -> list[DomainError]:
        return []

    def after_rules_checked(self, *, user=None, now: datetime | None = None) -> None:
        """Hook for recording what a publication needed (e.g. a permission override)."""

    def publish(self, revision, user=None, **kwargs):
        candidate = revision.as_object()
        now = timezone.now()
        errors = candidate.publish_errors(user=user, now=now)
        if errors:
            raise ValidationError(
                {e.field or "__all__": ValidationError(e.message, code=e.code) for e in errors}
            )
        result = super().publish(revision, user=user, **kwargs)
        candidate.after_rules_checked(user=user, now=now)
        return result
