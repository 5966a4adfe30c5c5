"""Suggesting complaints that may be about the same issue, for staff to link into a group.

Candidates share the complaint's project and category and were filed within 30 days of
it; they are ranked by the overlap of their words (Jaccard similarity of the segmented
title and description, core.text.segment_words — the segmentation search uses), words of
one character left out since they are mostly particles (的, 了, 在).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.text import segment_words
from service.models import Complaint
from service.permissions import VIEW

WINDOW = dt.timedelta(days=30)
MAX_SCANNED = 300


@dataclass(frozen=True)
class GroupCandidate:
    complaint: Complaint
    score: float


def complaint_words(complaint: Complaint) -> set[str]:
    return {w for w in segment_words(f"{complaint.title} {complaint.description}") if len(w) > 1}


def text_similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def issue_group_candidates(
    *, actor: Any, complaint: Complaint, limit: int = 10, min_score: float = 0.1
) -> list[GroupCandidate]:
    """Complaints that may be about the same issue as `complaint`, most similar first."""
    if actor is None or not actor.has_perm(VIEW):
        return []
    qs = (
        Complaint.objects.filter(
            category=complaint.category,
            project_id=complaint.project_id,
            created_at__gte=complaint.created_at - WINDOW,
            created_at__lte=complaint.created_at + WINDOW,
        )
        .exclude(pk=complaint.pk)
        .select_related("issue_group")
        .order_by("-created_at")
    )
    if complaint.issue_group_id:
        qs = qs.exclude(issue_group_id=complaint.issue_group_id)
    words = complaint_words(complaint)
    scored = [
        GroupCandidate(other, round(text_similarity(words, complaint_words(other)), 3))
        for other in qs[:MAX_SCANNED]
    ]
    scored = [c for c in scored if c.score >= min_score]
    scored.sort(key=lambda c: (-c.score, -c.complaint.created_at.timestamp()))
    return scored[:limit]
