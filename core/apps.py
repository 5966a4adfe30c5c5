from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel every app may import: the user, domain errors, audit, Chinese text."""

    name = "core"
    verbose_name = "核心"
    default_auto_field = "django.db.models.BigAutoField"
