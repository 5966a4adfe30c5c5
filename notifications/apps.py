from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Messages along the member's journey (6+2): templates editors edit, history per member."""

    name = "notifications"
    verbose_name = _("会员通知")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from club.services import register_erasure_hook, register_export_section
        from notifications.services import notifications_erase, notifications_export

        register_export_section("notifications", notifications_export)
        register_erasure_hook(notifications_erase)
