from django.apps import AppConfig


class ContentConfig(AppConfig):
    """Wagtail pages and snippets: news, 会刊, events, projects, merchants."""

    name = "content"
    verbose_name = "内容"
    default_auto_field = "django.db.models.BigAutoField"
