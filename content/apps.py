from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """Wagtail pages and snippets: news, 会刊, events, projects, merchants."""

    name = "content"
    verbose_name = _("内容")
    default_auto_field = "django.db.models.BigAutoField"
