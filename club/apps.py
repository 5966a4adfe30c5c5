from django.apps import AppConfig


class ClubConfig(AppConfig):
    """Members, profiles, preferences, segments, consent, referrals."""

    name = "club"
    verbose_name = "会员"
    default_auto_field = "django.db.models.BigAutoField"
