"""Wagtail admin registration for content: listings, publication records, translations."""

from __future__ import annotations

from django.dispatch import receiver
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.signals import copy_for_translation_done
from wagtail.snippets.models import register_snippet

from content.admin_viewsets import (
    AuditEntryViewSet,
    EventPublicationOverrideViewSet,
    MerchantViewSet,
    ViewOnlyPermissionPolicy,
)
from content.editorial import editorial_workflows_ensure
from content.models import EventPage, EventPublicationOverride, ProjectIndexPage
from content.rules import EVENT_NOTICE_PERIOD
from core.models import AuditEntry

# Policies first: Wagtail refuses a custom policy once a fallback has been created.
register_permission_policy(
    EventPublicationOverride, ViewOnlyPermissionPolicy(EventPublicationOverride)
)
register_permission_policy(AuditEntry, ViewOnlyPermissionPolicy(AuditEntry, superusers_only=True))

register_snippet(MerchantViewSet)


@hooks.register("register_admin_viewset")
def register_publication_overrides():
    return EventPublicationOverrideViewSet("event_publication_overrides")


@hooks.register("register_admin_viewset")
def register_audit_entries():
    return AuditEntryViewSet("audit_entries")


@hooks.register("after_publish_page")
def record_late_event_publication(request, page):
    """The editor's publish button bypasses `ClubPage.publish()`, which records a late
    event's override; record it here instead, once (the create view does go through it)."""
    if not isinstance(page, EventPage) or page.first_published_at is None:
        return
    if page.last_published_at != page.first_published_at:
        return  # not the first publication: the notice period applied only then
    lead_time = page.starts_at - page.first_published_at
    if lead_time >= EVENT_NOTICE_PERIOD or page.publication_overrides.exists():
        return
    EventPublicationOverride.objects.create(
        event=page,
        user=request.user,
        published_at=page.first_published_at,
        starts_at=page.starts_at,
        hours_before_start=int(lead_time.total_seconds() // 3600),
    )


@receiver(copy_for_translation_done)
def project_index_translated(sender, source_obj, target_obj, **kwargs):
    """A new locale's project index gets the projects' workflow (with the legal step)."""
    if isinstance(getattr(target_obj, "specific", None), ProjectIndexPage):
        editorial_workflows_ensure()
