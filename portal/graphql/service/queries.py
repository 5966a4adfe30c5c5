"""Complaint reads: the member's own (`myComplaints`, `complaint`), a form's description
(`complaintForm`) and the staff queue (`complaints`, behind service.view_complaint)."""

from __future__ import annotations

import graphene

from content import selectors as content_selectors
from core.errors import NotFoundError
from portal.graphql.identity import request_user, session_member
from portal.graphql.inputs import input_values
from portal.graphql.pagination import connection_from_queryset
from portal.graphql.service.types import (
    Complaint,
    ComplaintCategory,
    ComplaintConnection,
    ComplaintForm,
    ComplaintSeverity,
    ComplaintStatus,
    StaffComplaintConnection,
)
from service import selectors

ComplaintOrdering = graphene.Enum(
    "ComplaintOrdering",
    [("NEWEST", "newest"), ("OLDEST", "oldest"), ("DUE", "due"), ("OVERDUE", "overdue")],
    description="Queue order: newest or oldest first, soonest response deadline, overdue first.",
)


class ComplaintFilter(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(ComplaintStatus))
    severity = graphene.List(graphene.NonNull(ComplaintSeverity))
    category = graphene.List(graphene.NonNull(ComplaintCategory))
    project_slug = graphene.List(graphene.NonNull(graphene.String))
    overdue = graphene.Boolean(description="Past the response or handling deadline.")
    unassigned = graphene.Boolean(description="Without a named handler.")
    ordering = ComplaintOrdering()


def _queue_filter(values: dict) -> selectors.ComplaintFilter:
    slugs = values.get("project_slug") or []
    projects = content_selectors.projects_live_by_slugs(slugs=slugs) if slugs else {}
    return selectors.ComplaintFilter(
        status=values.get("status") or [],
        severity=values.get("severity") or [],
        category=values.get("category") or [],
        # An unknown slug matches nothing rather than being dropped from the filter.
        project_ids=[p.pk for p in projects.values()] or ([0] if slugs else []),
        overdue=values.get("overdue"),
        unassigned=values.get("unassigned"),
        ordering=values.get("ordering") or "newest",
    )


class ServiceQuery:
    complaint = graphene.Field(
        Complaint,
        reference=graphene.String(required=True),
        description=(
            "One complaint by reference: a member's own (public timeline only); staff with "
            "the service permission any (audited). Null otherwise."
        ),
    )
    my_complaints = graphene.Field(
        ComplaintConnection,
        required=True,
        first=graphene.Int(),
        after=graphene.String(),
        description="The signed-in member's complaints, newest first; empty when anonymous.",
    )
    complaint_form = graphene.Field(
        ComplaintForm,
        slug=graphene.String(required=True),
        locale=graphene.String(description="zh-hans or en; default: the request's language."),
        description="An editor-built complaint form and its fields, to render and file it.",
    )
    complaints = graphene.Field(
        StaffComplaintConnection,
        required=True,
        filter=ComplaintFilter(),
        first=graphene.Int(),
        after=graphene.String(),
        description=(
            "The staff queue (service.view_complaint; empty without it). Contacts masked "
            "without the PII permission; every read is audited."
        ),
    )

    @staticmethod
    def resolve_complaint(root, info, reference):
        try:
            return selectors.complaint_by_reference(
                actor=request_user(info.context), reference=reference
            )
        except NotFoundError:
            return None

    @staticmethod
    def resolve_my_complaints(root, info, first=None, after=None):
        queryset = selectors.complaints_for_member(member=session_member(info.context))
        return connection_from_queryset(ComplaintConnection, queryset, first=first, after=after)

    @staticmethod
    def resolve_complaint_form(root, info, slug, locale=None):
        return selectors.complaint_form_by_slug(slug=slug, language_code=locale)

    @staticmethod
    def resolve_complaints(root, info, filter=None, first=None, after=None):
        values = input_values(filter)
        queryset = selectors.complaints_for_staff_read(
            actor=request_user(info.context),
            filters=_queue_filter(values),
            audit_filters={k: v for k, v in values.items() if v not in (None, [])},
        )
        return connection_from_queryset(
            StaffComplaintConnection, queryset, first=first, after=after
        )
