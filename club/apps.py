from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubConfig(AppConfig):
    """Members, profiles, preferences, segments, consent, referrals."""

    name = "club"
    verbose_name = _("会员")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps

        # Saved audiences become a newsletter audience kind when newsletters is installed.
        if apps.is_installed("newsletters"):
            from club.audience_kinds import register_newsletter_audience_kind

            register_newsletter_audience_kind()
