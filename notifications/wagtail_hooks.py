"""Editors edit notification templates (通知模板); service staff read a member's history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from club.models import Member
from notifications.models import NotificationTemplate
from notifications.selectors import notifications_for_staff


class NotificationTemplateViewSet(SnippetViewSet):
    model = NotificationTemplate
    icon = "mail"
    menu_label = _("通知模板")
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["key"]


register_snippet(NotificationTemplateViewSet)


def member_history(request, member_id: int):
    """A member's notifications, for service staff (每次查看均记录在审计日志中)."""
    if not request.user.has_perm("notifications.view_notification"):
        raise PermissionDenied
    member = get_object_or_404(Member, pk=member_id)
    rows = notifications_for_staff(actor=request.user, member=member)
    return render(request, "notifications/member_history.html", {"member": member, "rows": rows})


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "notifications/member/<int:member_id>/",
            member_history,
            name="notifications_member_history",
        )
    ]
