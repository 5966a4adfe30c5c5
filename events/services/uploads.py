"""Uploading an event's records from the admin: file type checks, then one attachment.

What each kind accepts (DOMAIN.md: sign-in sheet, photos, minutes of owner meetings):

    kind            accepted                         stored as
    SIGN_IN_SHEET   PDF, Word, Excel, or a JPEG/PNG  document, or image for a photo of
                    photo of the paper sheet         the paper sheet
    PHOTO           JPEG, PNG, WebP                  image
    MINUTES         PDF, Word                        document

The extension must be one of these *and* the content must be what the extension says
(PDF header, an Office Open XML package of the right kind, an image Pillow can read in
that format), so a renamed executable or HTML page is refused. Sheets and minutes carry
members' names and signatures, so documents go into the private collection 活动记录,
served only to the event staff group (and superusers).
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core import roles
from core.errors import DomainError, PermissionDeniedError
from events.choices import RecordKind
from events.errors import raise_all
from events.models import EventRecord
from events.services.records import RECORD_PERMISSION, event_record_attach

if TYPE_CHECKING:
    from content.models import EventPage

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
RECORDS_COLLECTION = "活动记录"

IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
DOCUMENT_EXTENSIONS = {"pdf", "docx", "xlsx"}
ACCEPTED: dict[str, set[str]] = {
    RecordKind.SIGN_IN_SHEET: {"pdf", "docx", "xlsx", "jpg", "jpeg", "png"},
    RecordKind.PHOTO: {"jpg", "jpeg", "png", "webp"},
    RecordKind.MINUTES: {"pdf", "docx"},
}
# The part an Office Open XML package of each kind must contain.
_OOXML_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _extension(upload: UploadedFile) -> str:
    name = upload.name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    """Whether the bytes are what the extension says (never trusting the browser's type)."""
    upload.seek(0)
    try:
        if extension in IMAGE_FORMATS:
            from PIL import Image as PillowImage

            with PillowImage.open(upload) as picture:
                picture.verify()
                return picture.format == IMAGE_FORMATS[extension]
        if extension == "pdf":
            return upload.read(5) == b"%PDF-"
        if extension in _OOXML_MAIN_PART:
            with zipfile.ZipFile(upload) as package:
                return _OOXML_MAIN_PART[extension] in package.namelist()
    except Exception:  # noqa: BLE001 - any parser failure means "not that type"
        return False
    finally:
        upload.seek(0)
    return False


def _upload_errors(*, kind: str, upload: UploadedFile | None, note: str) -> list[DomainError]:
    errors: list[DomainError] = []
    if kind not in RecordKind.values:
        errors.append(DomainError("kind", "RECORD_KIND_INVALID", _("请选择记录类型。")))
    if upload is None:
        errors.append(DomainError("file", "RECORD_FILE_REQUIRED", _("请选择要上传的文件。")))
    elif upload.size > MAX_UPLOAD_BYTES:
        errors.append(
            DomainError("file", "FILE_TOO_LARGE", _("文件不能超过 %(mb)d MB。") % {"mb": 20})
        )
    elif kind in ACCEPTED:
        extension = _extension(upload)
        if extension not in ACCEPTED[kind]:
            allowed = "、".join(sorted(ACCEPTED[kind]))
            errors.append(
                DomainError(
                    "file",
                    "FILE_TYPE_NOT_ALLOWED",
                    _("该类型的记录只接受以下格式：%(allowed)s。") % {"allowed": allowed},
                )
            )
        elif not _content_matches(upload, extension):
            errors.append(DomainError("file", "FILE_CONTENT_MISMATCH", _("文件内容与扩展名不符。")))
    if len(note or "") > 200:
        errors.append(DomainError("note", "NOTE_TOO_LONG", _("说明不能超过 200 个字符。")))
    return errors


def records_collection():
    """The private collection for event documents, created on first use (idempotent)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=RECORDS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=RECORDS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        group, _created = Group.objects.get_or_create(name=roles.EVENT_STAFF)
        restriction.groups.add(group)
    return collection


def event_record_upload(
    *, actor, event: EventPage, kind: str, upload: UploadedFile | None, note: str = ""
) -> EventRecord:
    """Store an uploaded file as a Wagtail image or document and attach it to the event.

    Every field error at once; nothing is stored when any check fails.
    """
    if not actor.has_perm(RECORD_PERMISSION):
        raise PermissionDeniedError(_("您没有上传活动记录的权限。"))
    raise_all(_upload_errors(kind=kind, upload=upload, note=note))
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    title = f"{event.title} · {RecordKind(kind).label}"
    with transaction.atomic():
        collection = records_collection()
        if _extension(upload) in IMAGE_FORMATS:
            image = get_image_model()(
                title=title, file=upload, collection=collection, uploaded_by_user=actor
            )
            image.save()
            return event_record_attach(actor=actor, event=event, kind=kind, image=image, note=note)
        document = get_document_model()(
            title=title, file=upload, collection=collection, uploaded_by_user=actor
        )
        document.save()
        return event_record_attach(
            actor=actor, event=event, kind=kind, document=document, note=note
        )
