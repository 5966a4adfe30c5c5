from django.apps import AppConfig


class ServiceConfig(AppConfig):
    """The customer-service backend: complaints, SLA clocks, severity, follow-up."""

    name = "service"
    verbose_name = "客户服务"
    default_auto_field = "django.db.models.BigAutoField"
