from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubConfig(AppConfig):
    """Members, profiles, preferences, segments, consent, referrals."""

    name = "club"
    verbose_name = _("会员")
    default_auto_field = "django.db.models.BigAutoField"
