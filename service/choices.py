"""Enumerations of the service domain, with the labels staff and members read.

The names are DESIGN.md's vocabulary (category, severity, status, channel); the rest are
this app's own. `Severity` is ordered: `Severity.rank()` compares two levels, which is all
the severity engine needs ("only ever raised").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """By profession (按专业)."""

    ENGINEERING_QUALITY = "ENGINEERING_QUALITY", _("工程质量")
    PLANNING_DESIGN = "PLANNING_DESIGN", _("规划设计")
    SALES_MANAGEMENT = "SALES_MANAGEMENT", _("销售管理")
    PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT", _("物业管理")
    CUSTOMER_SERVICE = "CUSTOMER_SERVICE", _("客户服务")
    OTHER = "OTHER", _("其他")


class RequestKind(models.TextChoices):
    """What a complainant asks for; each editor-built form is mapped to one."""

    COMPLAINT = "COMPLAINT", _("投诉")
    REPAIR = "REPAIR", _("报修")
    SUGGESTION = "SUGGESTION", _("建议")


class Severity(models.TextChoices):
    """By nature (按性质), lowest first."""

    NORMAL = "NORMAL", _("一般")
    IMPORTANT = "IMPORTANT", _("重要")
    HOT = "HOT", _("热点")
    MAJOR = "MAJOR", _("重大")

    @classmethod
    def rank(cls, value: str) -> int:
        return cls.values.index(value)

    @classmethod
    def highest(cls, *values: str) -> str:
        return max(values, key=cls.rank)


class Status(models.TextChoices):
    RECEIVED = "RECEIVED", _("已受理")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("已响应")
    IN_PROGRESS = "IN_PROGRESS", _("处理中")
    RESOLVED = "RESOLVED", _("已解决")
    FOLLOWED_UP = "FOLLOWED_UP", _("已回访")
    CLOSED = "CLOSED", _("已关闭")


# A complaint in one of these is still waiting for us: the time rules of the severity
# engine and the SLA clocks run only while it is here.
OPEN_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.IN_PROGRESS)


class Channel(models.TextChoices):
    WEB = "WEB", _("网上")
    PHONE = "PHONE", _("电话")
    FORUM = "FORUM", _("论坛")
    ON_SITE = "ON_SITE", _("现场")
    EMAIL = "EMAIL", _("邮件")


class EventKind(models.TextChoices):
    FILED = "FILED", _("已受理")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("已响应")
    ASSIGNED = "ASSIGNED", _("已分派")
    STARTED = "STARTED", _("开始处理")
    HANDLING_NOTE = "HANDLING_NOTE", _("处理记录")
    RESOLVED = "RESOLVED", _("已解决")
    REOPENED = "REOPENED", _("再次投诉")
    FOLLOW_UP_ATTEMPT = "FOLLOW_UP_ATTEMPT", _("回访未接通")
    FOLLOWED_UP = "FOLLOWED_UP", _("已回访")
    RATED = "RATED", _("已评价")
    CLOSED = "CLOSED", _("已关闭")
    SEVERITY_RAISED = "SEVERITY_RAISED", _("级别上调")
    SEVERITY_LOWERED = "SEVERITY_LOWERED", _("级别下调")
    FLAGS_CHANGED = "FLAGS_CHANGED", _("标记变更")
    LINKED_TO_GROUP = "LINKED_TO_GROUP", _("归入同类问题")
    CASE_WRITTEN = "CASE_WRITTEN", _("案例已编写")


# The kinds a complainant sees on their timeline (with the public note only, never the
# internal one). Everything else is staff bookkeeping.
PUBLIC_EVENT_KINDS = frozenset(
    {
        EventKind.FILED,
        EventKind.ACKNOWLEDGED,
        EventKind.STARTED,
        EventKind.RESOLVED,
        EventKind.REOPENED,
        EventKind.FOLLOWED_UP,
        EventKind.RATED,
        EventKind.CLOSED,
    }
)


class FollowUpOutcome(models.TextChoices):
    PENDING = "PENDING", _("待回访")
    REACHED = "REACHED", _("已回访")
    RATED = "RATED", _("客户已评价")
    UNREACHABLE = "UNREACHABLE", _("多次联系未果")
    SUPERSEDED = "SUPERSEDED", _("投诉已重开")
