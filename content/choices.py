"""Enumerations of the content domain, with the labels users read (DESIGN.md vocabulary)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SalesStatus(models.TextChoices):
    PLANNING = "PLANNING", _("规划中")
    PRE_SALE = "PRE_SALE", _("预售")
    ON_SALE = "ON_SALE", _("在售")
    SOLD_OUT = "SOLD_OUT", _("售罄")
    DELIVERED = "DELIVERED", _("已交付")


class AdverseFactorCategory(models.TextChoices):
    """红线外不利因素 categories, as in DOMAIN.md."""

    NOISE = "NOISE", _("噪音（机场、铁路、高速公路、高架桥、工厂、市场）")
    ODOUR = "ODOUR", _("异味（垃圾场、污水处理、屠宰场、制革厂、养殖场、动物园）")
    POLLUTION = "POLLUTION", _("污染（造纸厂、化工厂、橡胶厂、废品站）")
    BELIEF = "BELIEF", _("宗教信仰（寺庙、教堂、清真寺）")
    ENVIRONMENT_CHANGE = "ENVIRONMENT_CHANGE", _("环境变化（规划道路/铁路/高架、绿地或水系变更）")
    TABOO = "TABOO", _("忌讳（殡仪馆、火葬场、墓地、监狱、核电站、油气库）")


class EventAudience(models.TextChoices):
    ALL_MEMBERS = "ALL_MEMBERS", _("全体会员")
    PROJECT_OWNERS = "PROJECT_OWNERS", _("指定项目业主")
    SEGMENT = "SEGMENT", _("指定客户细分")


class MerchantCategory(models.TextChoices):
    DINING = "DINING", _("餐饮")
    SHOPPING = "SHOPPING", _("购物")
    EDUCATION = "EDUCATION", _("教育")
    HEALTH = "HEALTH", _("健康医疗")
    HOME = "HOME", _("家居装修")
    LEISURE = "LEISURE", _("休闲娱乐")
    OTHER = "OTHER", _("其他")
