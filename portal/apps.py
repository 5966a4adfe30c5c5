from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself: settings, URLs, the GraphQL API and management commands."""

    name = "portal"
    verbose_name = "Portal"
