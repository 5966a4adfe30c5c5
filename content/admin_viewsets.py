"""Admin listings for content: merchants (snippets), and two read-only records.

Read-only means the permission policy never grants add, change or delete to anyone, so no
button, URL or bulk action can write; the listings exist to be read and inspected.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import EventPublicationOverride, Merchant
from core.models import AuditEntry


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Grants `view` (to holders of the view permission, or to superusers only) and
    nothing else, superusers included."""

    def __init__(self, model, *, superusers_only: bool = False):
        super().__init__(model)
        self.superusers_only = superusers_only

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        if self.superusers_only:
            return user.is_superuser
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if "view" not in actions:
            return User.objects.none()
        if self.superusers_only:
            return User.objects.filter(is_active=True, is_superuser=True)
        return super().users_with_any_permission(["view"])


class MerchantViewSet(SnippetViewSet):
    model = Merchant
    icon = "tag"
    menu_label = _("特约商户")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "category", "city", "offer", "valid_until"]
    list_filter = ["city", "category"]
    # The ORM's `icontains` finds Chinese substrings; a word index would need segmentation.
    search_fields = ["name", "offer", "address"]
    search_backend_name = None


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields: list[str] = []


class EventPublicationOverrideViewSet(ReadOnlyViewSet):
    model = EventPublicationOverride
    icon = "warning"
    menu_label = _("活动提前发布记录")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["event", "user", "published_at", "starts_at", "hours_before_start"]
    list_filter = ["published_at"]


class AuditEntryViewSet(ReadOnlyViewSet):
    model = AuditEntry
    icon = "list-ul"
    menu_label = _("审计记录")
    add_to_settings_menu = True
    list_display = ["at", "actor_label", "operation", "target", "row_count", "pii_unmasked"]
    list_filter = ["operation", "pii_unmasked", "at"]
    search_fields = ["actor_label", "operation", "target"]
    search_backend_name = None
