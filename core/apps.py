from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared kernel every app may import: the user, domain errors, audit, Chinese text."""

    name = "core"
    verbose_name = _("核心")
    default_auto_field = "django.db.models.BigAutoField"
