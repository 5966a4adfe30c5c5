from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """The club magazine by e-mail: subscriptions, targeted sends, unsubscribe, suppression."""

    name = "newsletters"
    verbose_name = _("会刊发送")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # anymail reports provider events (bounces, spam complaints) through a signal.
        from club.services import register_erasure_hook, register_export_section
        from newsletters import receivers  # noqa: F401
        from newsletters.services.subscriptions import subscriptions_erase, subscriptions_export

        register_export_section("newsletter_subscriptions", subscriptions_export)
        register_erasure_hook(subscriptions_erase)
