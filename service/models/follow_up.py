"""After resolution: the follow-up call (回访) and, for MAJOR complaints, the case write-up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from service.choices import FollowUpOutcome


class FollowUp(models.Model):
    """The follow-up task a resolution creates (one per resolution: a reopened complaint
    gets a new one when it is resolved again).

    Done when the complainant rates the handling, when staff reach them by phone, or —
    for closing without it — after `failed_attempts` reaches the documented limit (each
    attempt is a FOLLOW_UP_ATTEMPT event with its note).
    """

    complaint = models.ForeignKey(
        "service.Complaint",
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(_("创建时间"))
    outcome = models.CharField(
        _("结果"),
        max_length=12,
        choices=FollowUpOutcome.choices,
        default=FollowUpOutcome.PENDING,
    )
    failed_attempts = models.PositiveSmallIntegerField(_("未接通次数"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("满意度"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("评价"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="follow_up_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_outcome_display()}"


class CaseWriteUp(models.Model):
    """The case (案例) a MAJOR complaint must have before it closes; the case library.

    `search_text` holds the segmented words of every field (core.text.segment), so the
    library is searched by words on any database.
    """

    complaint = models.OneToOneField(
        "service.Complaint",
        verbose_name=_("投诉"),
        on_delete=models.CASCADE,
        related_name="case_write_up",
    )
    cause = models.TextField(_("原因"))
    handling = models.TextField(_("处理过程"))
    result = models.TextField(_("处理结果"))
    lessons = models.TextField(_("经验教训"))
    corrective_actions = models.TextField(_("纠正措施"))
    search_text = models.TextField(editable=False, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("案例")
        verbose_name_plural = _("案例")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.complaint_id)
