"""The member's complaints in their data export (PIPL), registered with club's data rights.

The export holds what the member told us and what we told them: the complaint's fields,
the public timeline and their ratings; staff's internal notes stay out, as they do in
every member-facing read. On account deletion complaints stay attached to the anonymised
member (club.services.data_rights): they are the company's service records and feed the
statistics.
"""

from __future__ import annotations

from typing import Any

from service.selectors import complaint_public_timeline, complaints_for_member


def complaints_export(member: Any) -> list[dict[str, Any]]:
    rows = complaints_for_member(member=member).prefetch_related("follow_ups", "attachments")
    return [
        {
            "reference": c.reference,
            "filed_at": c.created_at.isoformat(),
            "kind": c.kind,
            "category": c.category,
            "title": c.title,
            "description": c.description,
            "project": c.project.title if c.project_id else None,
            "building": c.building,
            "unit": c.unit,
            "people_count": c.people_count,
            "legal_action": c.legal_action,
            "media_exposure": c.media_exposure,
            # The editor-built form's other answers, and the files sent (by name).
            "form_fields": c.extra.get("fields", []),
            "attachments": [a.original_name for a in c.attachments.all()],
            "status": c.status,
            "timeline": [
                {"at": e.at.isoformat(), "kind": e.kind, "note": e.note}
                for e in complaint_public_timeline(complaint=c)
            ],
            "ratings": [
                {"rating": f.rating, "comment": f.comment}
                for f in c.follow_ups.all()
                if f.rating is not None
            ],
        }
        for c in rows
    ]
