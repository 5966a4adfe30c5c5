"""Attaching the event's records after it took place (DOMAIN.md: sign-in, photos, minutes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.errors import DomainError, PermissionDeniedError
from events.choices import RecordKind
from events.errors import raise_all
from events.models import EventRecord

if TYPE_CHECKING:
    from content.models import EventPage

RECORD_PERMISSION = "events.add_eventrecord"


def event_record_attach(
    *, actor, event: EventPage, kind: str, document=None, image=None, note: str = ""
) -> EventRecord:
    """Attach one file: photos are images; the sign-in sheet and minutes are documents
    (a scanned sheet may also be an image)."""
    if not actor.has_perm(RECORD_PERMISSION):
        raise PermissionDeniedError(_("您没有上传活动记录的权限。"))
    errors: list[DomainError] = []
    if kind not in RecordKind.values:
        errors.append(DomainError("kind", "RECORD_KIND_INVALID", _("请选择记录类型。")))
    if (document is None) == (image is None):
        errors.append(DomainError(None, "RECORD_FILE_REQUIRED", _("请上传一个文件或一张图片。")))
    elif kind == RecordKind.PHOTO and image is None:
        errors.append(DomainError("image", "PHOTO_MUST_BE_IMAGE", _("活动照片须上传图片。")))
    elif kind == RecordKind.MINUTES and document is None:
        errors.append(
            DomainError("document", "MINUTES_MUST_BE_DOCUMENT", _("会议纪要须上传文件。"))
        )
    if len(note or "") > 200:
        errors.append(DomainError("note", "NOTE_TOO_LONG", _("说明不能超过 200 个字符。")))
    raise_all(errors)
    return EventRecord.objects.create(
        event=event, kind=kind, document=document, image=image, note=note or "", attached_by=actor
    )
