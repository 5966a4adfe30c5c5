"""The complaint record, its timeline and the issue groups staff link complaints into."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from service.choices import Category, Channel, EventKind, RequestKind, Severity, Status


class ReferenceCounter(models.Model):
    """The last reference number handed out in one month (TS202611-000123 → 123).

    Incremented with a single UPDATE, which locks the row until the filing transaction
    ends, so two concurrent filings can never draw the same number.
    """

    period = models.CharField(max_length=6, unique=True)  # YYYYMM, Beijing time
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("投诉编号计数")
        verbose_name_plural = _("投诉编号计数")

    def __str__(self) -> str:
        return f"{self.period}: {self.last}"


class IssueGroup(models.Model):
    """Complaints staff judged to be about the same issue (相同投诉).

    Three or more different complainants within a month make every complaint of the group
    HOT (see service.severity).
    """

    title = models.CharField(_("问题"), max_length=200)
    project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("楼盘"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("同类问题")
        verbose_name_plural = _("同类问题")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Complaint(models.Model):
    """One complaint (投诉) from filing to closure.

    Status and severity are written only by the services (service.services), which check
    the transition table (service.lifecycle) and run the severity engine (service.severity)
    on every change. The SLA deadlines are computed once, at filing, on the working-day
    calendar; whether they are missed is computed in SQL (service.selectors.sla).
    """

    reference = models.CharField(_("投诉编号"), max_length=20, unique=True, editable=False)
    member = models.ForeignKey(
        "club.Member",
        verbose_name=_("会员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    guest_name = models.CharField(_("投诉人姓名"), max_length=100, blank=True)
    guest_phone = PhoneNumberField(_("投诉人手机号"), region="CN", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("员工代为录入（电话、现场、论坛）时为该员工"),
    )
    project = models.ForeignKey(
        "content.ProjectPage",
        verbose_name=_("楼盘"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    building = models.CharField(_("楼栋"), max_length=50, blank=True)
    unit = models.CharField(_("房号"), max_length=50, blank=True)

    kind = models.CharField(
        _("申请类型"), max_length=12, choices=RequestKind.choices, default=RequestKind.COMPLAINT
    )
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    severity = models.CharField(
        _("级别"), max_length=12, choices=Severity.choices, default=Severity.NORMAL
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("内容"))
    extra = models.JSONField(_("表单其他字段"), default=dict, blank=True)

    # The facts the severity engine reads. Flags are staff judgements except the first
    # three, which the complainant may state when filing.
    people_count = models.PositiveIntegerField(_("投诉人数"), default=1)
    legal_action = models.BooleanField(_("已引发法律诉讼"), default=False)
    media_exposure = models.BooleanField(_("已被媒体曝光"), default=False)
    may_escalate = models.BooleanField(_("可能引发诉讼或曝光"), default=False)
    needs_outside_support = models.BooleanField(_("需顾问或其他公司协助"), default=False)
    # Whether the time rules apply ("unresolved ... through our fault"). On by default:
    # a delay counts against us unless staff record that the cause lies elsewhere.
    caused_by_us = models.BooleanField(_("我方原因未解决"), default=True)
    reopen_count = models.PositiveSmallIntegerField(_("再次投诉次数"), default=0)
    issue_group = models.ForeignKey(
        IssueGroup,
        verbose_name=_("同类问题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    # Set when a supervisor lowers the severity: what the engine computed then. Automatic
    # raising resumes only once the facts call for more than that (service.severity).
    severity_override_of = models.CharField(
        _("下调时的计算级别"), max_length=12, choices=Severity.choices, blank=True
    )

    department = models.ForeignKey(
        "service.Department",
        verbose_name=_("处理部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_complaints",
    )

    created_at = models.DateTimeField(_("受理时间"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    first_response_due_at = models.DateTimeField(_("响应时限"))
    handling_due_at = models.DateTimeField(_("处理记录时限"))
    acknowledged_at = models.DateTimeField(_("响应时间"), null=True, blank=True)
    handling_recorded_at = models.DateTimeField(_("首次处理记录时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("handle_complaint", _("处理投诉")),
            ("supervise_complaint", _("督导投诉（下调级别）")),
        ]
        indexes = [
            # The staff queue: by status and severity, newest first; by handler.
            models.Index(fields=["status", "severity", "-created_at"], name="complaint_queue"),
            models.Index(fields=["handler", "status"], name="complaint_handler"),
            models.Index(fields=["category", "-created_at"], name="complaint_category"),
            models.Index(fields=["project", "-created_at"], name="complaint_project"),
            # The overdue filters only ever look at complaints still waiting for the step.
            models.Index(
                fields=["first_response_due_at"],
                condition=Q(acknowledged_at__isnull=True),
                name="complaint_response_due",
            ),
            models.Index(
                fields=["handling_due_at"],
                condition=Q(status__in=["RECEIVED", "ACKNOWLEDGED", "IN_PROGRESS"]),
                name="complaint_handling_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def complainant_key(self) -> str:
        """Who complained, for counting different complainants: the member, else the
        guest's phone number, else the guest's name."""
        if self.member_id:
            return f"member:{self.member_id}"
        if self.guest_phone:
            return f"phone:{self.guest_phone}"
        return f"name:{self.guest_name.strip()}"


class ComplaintEvent(models.Model):
    """One entry of a complaint's timeline: every change writes one.

    `public_note` is what the complainant reads; `internal_note` is for staff only and
    never leaves the staff selectors.
    """

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("原状态"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=Status.choices, blank=True)
    public_note = models.TextField(_("给投诉人的说明"), blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)

    class Meta:
        verbose_name = _("投诉记录")
        verbose_name_plural = _("投诉记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"], name="complaint_event_timeline")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
