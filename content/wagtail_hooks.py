"""Wagtail admin registration for content: listings, publication records, translations."""

from __future__ import annotations

from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.permissions import register_permission_policy
from wagtail.signals import copy_for_translation_done
from wagtail.snippets.models import register_snippet

from content import rules
from content.admin_viewsets import (
    AuditEntryViewSet,
    EventPublicationOverrideViewSet,
    MerchantViewSet,
    ViewOnlyPermissionPolicy,
)
from content.editorial import editorial_workflows_ensure
from content.models import EventPage, EventPublicationOverride, ProjectIndexPage, ProjectPage
from content.services import event_late_publication_record, project_view_restriction_sync
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


@hooks.register("before_publish_page")
def refuse_project_without_legal_approval(request, page):
    """The editor's 发布 button publishes a new revision directly (bypassing
    `ClubPage.publish()`); a project goes live only through its workflow's legal approval,
    so refuse it here as well as in the editor's form."""
    if not isinstance(page, ProjectPage):
        return None
    errors = rules.project_legal_approval_errors(revision=page.get_latest_revision())
    if not errors:
        return None
    messages.error(request, _("未能发布：%s") % errors[0].message)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_copy_page")
def refuse_publishing_project_copies(request, page):
    """ "Publish copies" would put a project live without any legal approval: a copy of a
    project is a new page and goes through its workflow like any other."""
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    copies_projects = isinstance(page.specific, ProjectPage) or (
        request.POST.get("copy_subpages") and page.get_descendants().type(ProjectPage).exists()
    )
    if not copies_projects:
        return None
    messages.error(request, _("楼盘须经法务审核后方可发布：复制时请不要勾选“发布副本”。"))
    return redirect("wagtailadmin_pages:copy", page.pk)


@hooks.register("after_publish_page")
def publication_side_effects(request, page):
    """The editor's publish button bypasses `ClubPage.publish()`, which writes a
    publication's side effects; write them here instead (each service is idempotent)."""
    if isinstance(page, EventPage):
        event_late_publication_record(event=page, user=request.user)
    elif isinstance(page, ProjectPage):
        project_view_restriction_sync(project=page)


@receiver(copy_for_translation_done)
def project_index_translated(sender, source_obj, target_obj, **kwargs):
    """A new locale's project index gets the projects' workflow (with the legal step)."""
    if isinstance(getattr(target_obj, "specific", None), ProjectIndexPage):
        editorial_workflows_ensure()
