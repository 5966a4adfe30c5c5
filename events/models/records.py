"""What stays after an event (活动记录): sign-in sheet, photos, minutes of owner meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.choices import RecordKind


class EventRecord(models.Model):
    """One attachment: a Wagtail document (sheet, minutes) or a Wagtail image (photo)."""

    event = models.ForeignKey(
        "content.EventPage",
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RecordKind.choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attached_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["kind", "attached_at", "pk"]
        constraints = [
            # Exactly one file: a document or an image.
            models.CheckConstraint(
                condition=(Q(document__isnull=False) & Q(image__isnull=True))
                | (Q(document__isnull=True) & Q(image__isnull=False)),
                name="events_record_one_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.kind}"


class EventClosure(models.Model):
    """Staff declared the event's records complete (活动归档): who and when.

    Whether an owner meeting was closed without minutes is not stored but read from the
    records (events.staff_selectors), so minutes attached later clear the flag.
    """

    wagtail_reference_index_ignore = True

    event = models.OneToOneField(
        "content.EventPage",
        verbose_name=_("活动"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="closure",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("归档时间"))

    class Meta:
        verbose_name = _("活动归档")
        verbose_name_plural = _("活动归档")

    def __str__(self) -> str:
        return f"closure of event {self.event_id}"
