"""What every club page shares: Chinese search text, headless preview, publish rules."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
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

    def publication_process_errors(self, *, revision) -> list[DomainError]:
        """What the publication process (not the content) still lacks for this revision,
        e.g. a project's legal approval. Checked only in `publish()`: the editor's form
        cannot know which revision will be published."""
        return []

    def after_publication(self, *, user=None, now: datetime | None = None) -> None:
        """Hook for the side effects of a publication, written by `content.services`
        (a late event's override record, a project's view restriction)."""

    def get_template(self, request, *args, **kwargs):
        # One minimal server-rendered template for every club page (see docs/architecture.md,
        # "Published URLs"): the members' site renders the real pages from the API.
        return "content/page.html"

    def server_rendered_text(self) -> list[str]:
        """The plain paragraphs the minimal page shows below the title: the same text the
        search index gets, so never a price (see ProjectPage.searchable_parts)."""
        intro = strip_tags(str(getattr(self, "intro", "") or ""))
        parts = [intro, *self.searchable_parts()[1:]]
        seen: list[str] = []
        for part in parts:
            text = (part or "").strip()
            if text and text not in seen:
                seen.append(text)
        return seen

    def get_context(self, request, *args, **kwargs):
        from content.selectors import pages_without_hidden_projects

        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().public().specific()
        context["paragraphs"] = self.server_rendered_text()
        context["children"] = pages_without_hidden_projects(children, user=request.user)
        return context

    def get_url_parts(self, request=None):
        # Published URLs (sitemap, REST html_url, preview) use the configured public
        # address, not the Site row's hostname or the request's Host header.
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _root_url, page_path = parts
        return site_id, settings.SITE_BASE_URL.rstrip("/"), page_path

    def publish(self, revision, user=None, **kwargs):
        candidate = revision.as_object()
        now = timezone.now()
        errors = candidate.publish_errors(user=user, now=now)
        errors += candidate.publication_process_errors(revision=revision)
        if errors:
            raise ValidationError(
                {e.field or "__all__": ValidationError(e.message, code=e.code) for e in errors}
            )
        result = super().publish(revision, user=user, **kwargs)
        candidate.after_publication(user=user, now=now)
        return result
