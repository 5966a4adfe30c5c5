from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    REGISTERED = "REGISTERED", _("已报名")
    WAITLISTED = "WAITLISTED", _("候补中")
    CANCELLED = "CANCELLED", _("已取消")
    # A paid event's seat, held while the member pays (the payments app confirms or releases).
    PENDING_PAYMENT = "PENDING_PAYMENT", _("待支付")


# The statuses that hold seats: a seat held for payment counts against the capacity.
SEAT_HOLDING = (RegistrationStatus.REGISTERED, RegistrationStatus.PENDING_PAYMENT)


class RecordKind(models.TextChoices):
    SIGN_IN_SHEET = "SIGN_IN_SHEET", _("签到表")
    PHOTO = "PHOTO", _("活动照片")
    MINUTES = "MINUTES", _("恳谈会纪要")
