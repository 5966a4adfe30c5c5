from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """The club magazine by e-mail: subscriptions, targeted sends, unsubscribe, suppression."""

    name = "newsletters"
    verbose_name = _("会刊发送")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # anymail reports provider events (bounces, spam complaints) through a signal.
        from newsletters import receivers  # noqa: F401
