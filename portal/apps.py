from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself: settings, URLs, the GraphQL API and management commands."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        # Wagtail's chooser widgets append an inline initialiser script; give it the
        # response's CSP nonce (portal/csp.py) so the admin needs no 'unsafe-inline'.
        from wagtail.admin.widgets.chooser import BaseChooser

        from portal.csp import chooser_render_with_nonce

        if not hasattr(BaseChooser.render, "__wrapped__"):
            BaseChooser.render = chooser_render_with_nonce(BaseChooser.render)
