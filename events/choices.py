from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    REGISTERED = "REGISTERED", _("已报名")
    WAITLISTED = "WAITLISTED", _("候补中")
    CANCELLED = "CANCELLED", _("已取消")


class RecordKind(models.TextChoices):
    SIGN_IN_SHEET = "SIGN_IN_SHEET", _("签到表")
    PHOTO = "PHOTO", _("活动照片")
    MINUTES = "MINUTES", _("恳谈会纪要")
