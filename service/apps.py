from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    """The customer-service backend: complaints, SLA clocks, severity, follow-up."""

    name = "service"
    verbose_name = _("客户服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from club.services import register_export_section
        from service.data_rights import complaints_export

        register_export_section("complaints", complaints_export)
