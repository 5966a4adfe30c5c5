"""Enumerations of the members domain, with the labels users read (DESIGN.md vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.vocabulary import Segment

__all__ = [
    "ConsentKind",
    "Education",
    "EventInterest",
    "Gender",
    "IncomeBand",
    "LedgerReason",
    "NewsletterTopic",
    "PurchaseTimeframe",
    "Segment",
    "SmsPurpose",
]


class Gender(models.TextChoices):
    MALE = "MALE", _("男")
    FEMALE = "FEMALE", _("女")
    UNDISCLOSED = "UNDISCLOSED", _("不愿透露")


class Education(models.TextChoices):
    JUNIOR_HIGH_OR_BELOW = "JUNIOR_HIGH_OR_BELOW", _("初中及以下")
    HIGH_SCHOOL = "HIGH_SCHOOL", _("高中/中专")
    COLLEGE = "COLLEGE", _("大专")
    BACHELOR = "BACHELOR", _("本科")
    MASTER_OR_ABOVE = "MASTER_OR_ABOVE", _("硕士及以上")


class IncomeBand(models.TextChoices):
    """Household annual income (家庭年收入). Drives AFFLUENT_FAMILY / PRAGMATIC_FAMILY."""

    LOW = "LOW", _("15 万元以下")
    MIDDLE = "MIDDLE", _("15–50 万元")
    HIGH = "HIGH", _("50 万元以上")
    UNDISCLOSED = "UNDISCLOSED", _("不愿透露")


class PurchaseTimeframe(models.TextChoices):
    NOW = "NOW", _("近期即购")
    WITHIN_3_MONTHS = "WITHIN_3_MONTHS", _("3 个月内")
    WITHIN_6_MONTHS = "WITHIN_6_MONTHS", _("6 个月内")
    WITHIN_1_YEAR = "WITHIN_1_YEAR", _("1 年内")
    LATER = "LATER", _("1 年以后")


class NewsletterTopic(models.TextChoices):
    PROJECT_NEWS = "PROJECT_NEWS", _("楼盘资讯与销售信息")
    CLUB_EVENTS = "CLUB_EVENTS", _("会员活动")
    MEMBER_OFFERS = "MEMBER_OFFERS", _("会员优惠与特约商户")
    HOME_LIVING = "HOME_LIVING", _("家居生活")
    COMMUNITY = "COMMUNITY", _("社区文化")


class EventInterest(models.TextChoices):
    OPEN_DAY = "OPEN_DAY", _("工地开放日")
    FAMILY = "FAMILY", _("亲子家庭")
    CULTURE = "CULTURE", _("文化艺术")
    SPORTS = "SPORTS", _("运动健康")
    EDUCATION = "EDUCATION", _("教育讲座")
    SENIOR = "SENIOR", _("长者关怀")


class ConsentKind(models.TextChoices):
    """Separate consents under PIPL: using the service, and receiving marketing."""

    TERMS_PRIVACY = "TERMS_PRIVACY", _("用户协议与隐私政策")
    MARKETING = "MARKETING", _("营销信息推送")


class LedgerReason(models.TextChoices):
    REFERRAL_PURCHASE = "REFERRAL_PURCHASE", _("推荐购房奖励")
    ADJUSTMENT = "ADJUSTMENT", _("人工调整")


class SmsPurpose(models.TextChoices):
    LOGIN = "LOGIN", _("短信登录")
    VERIFY_PHONE = "VERIFY_PHONE", _("验证手机号")
    GUEST_COMPLAINT = "GUEST_COMPLAINT", _("访客投诉验证")
