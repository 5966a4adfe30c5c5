"""The case library (案例): case write-ups searched by words, for service staff."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.text import segment_words
from service.models import CaseWriteUp
from service.permissions import VIEW


def case_library_search(*, actor: Any, query: str = "") -> QuerySet[CaseWriteUp]:
    """Cases whose text holds every word of `query` (segmented as search does), newest
    first; all cases for an empty query; none without the service permission."""
    if actor is None or not actor.has_perm(VIEW):
        return CaseWriteUp.objects.none()
    qs = CaseWriteUp.objects.select_related("complaint", "complaint__project", "author")
    for word in dict.fromkeys(segment_words(query)):
        qs = qs.filter(search_text__icontains=word)
    return qs.order_by("-created_at")
