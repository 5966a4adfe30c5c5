"""Checking and cleaning complaint attachments before anything is stored.

Rules (issue: up to 5 files, images or PDF, at most 10 MB each):
- the type is decided from the content, never from the file name or the client's
  content type: a PDF starts with `%PDF-`; an image is whatever Pillow recognises from
  its bytes *and* verifies (JPEG, PNG, WebP only);
- photos are decoded and saved again by Pillow, turned upright by their EXIF orientation,
  without any metadata (EXIF with its GPS position and camera serial, XMP, text chunks):
  only the pixels (and the colour profile) are kept;
- an image of more than MAX_PIXELS pixels is refused before it is decoded, so a small
  file that inflates to gigabytes (a decompression bomb) costs nothing;
- every file's error is reported at once, and nothing is stored when any is refused (the
  callers check the whole batch first).
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError, DomainErrors

MAX_ATTACHMENTS = 5
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# A request carrying files: five at the limit plus the multipart framing and the fields.
MAX_REQUEST_BYTES = MAX_ATTACHMENTS * MAX_BYTES + 256 * 1024
PDF = ("application/pdf", ".pdf")
IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
ALLOWED_CONTENT_TYPES = (PDF[0], *(kind for kind, _ext in IMAGE_FORMATS.values()))
FIELD = "attachments"


@dataclass(frozen=True)
class CleanAttachment:
    """A file that passed the checks, ready to store: cleaned bytes and detected type."""

    name: str
    content: bytes
    content_type: str
    extension: str


def _display_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return base[:100] or _("未命名文件")


def _too_large(name: str, field: str) -> DomainError:
    return DomainError(
        field,
        "ATTACHMENT_TOO_LARGE",
        _("“%(name)s”超过 10 MB，请压缩后再上传。") % {"name": name},
    )


def _type_refused(name: str, field: str) -> DomainError:
    return DomainError(
        field,
        "ATTACHMENT_TYPE_NOT_ALLOWED",
        _("“%(name)s”不是图片（JPEG、PNG、WebP）或 PDF 文件。") % {"name": name},
    )


def _image_stripped(data: bytes, *, name: str, field: str) -> tuple[bytes, str, str] | None:
    """The image re-encoded without metadata, or None when the bytes are not an allowed
    image. Raises ATTACHMENT_TOO_LARGE for images of too many pixels."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in IMAGE_FORMATS:
                    return None
                if probe.width * probe.height > MAX_PIXELS:
                    raise _too_large(name, field)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                upright = ImageOps.exif_transpose(image)
                upright.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(name, field) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            return None
    icc_profile = upright.info.get("icc_profile")
    # Drop everything Pillow carried over from the original: EXIF (GPS, camera), XMP,
    # comments and PNG text chunks live in `info`; only the colour profile is kept.
    upright.info = {}
    options: dict[str, Any] = {"icc_profile": icc_profile} if icc_profile else {}
    if fmt == "JPEG":
        options.update(quality=90, optimize=True)
    output = io.BytesIO()
    upright.save(output, format=fmt, **options)
    content_type, extension = IMAGE_FORMATS[fmt]
    return output.getvalue(), content_type, extension


def attachment_clean(*, name: str, data: bytes, field: str = FIELD) -> CleanAttachment:
    """Check one file by its content and clean it; a coded DomainError if refused."""
    shown = _display_name(name)
    if len(data) > MAX_BYTES:
        raise _too_large(shown, field)
    if data.startswith(b"%PDF-"):
        content_type, extension = PDF
        return CleanAttachment(shown, data, content_type, extension)
    image = _image_stripped(data, name=shown, field=field)
    if image is None:
        raise _type_refused(shown, field)
    content, content_type, extension = image
    return CleanAttachment(shown, content, content_type, extension)


def uploaded_file_read(upload: Any, *, field: str = FIELD) -> tuple[str, bytes]:
    """The name and bytes of an uploaded file, reading at most one byte past the limit
    (a file that claims a small size cannot make us read gigabytes)."""
    name = _display_name(getattr(upload, "name", ""))
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        raise _too_large(name, field)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    return name, data


def attachments_clean(*, uploads: list[Any], field: str = FIELD) -> list[CleanAttachment]:
    """Check a batch of uploaded files (Django UploadedFile objects); every refusal is
    reported together, and nothing is returned unless all pass."""
    errors: list[DomainError] = []
    if len(uploads) > MAX_ATTACHMENTS:
        errors.append(
            DomainError(
                field,
                "ATTACHMENTS_TOO_MANY",
                _("最多上传 %(count)d 个附件。") % {"count": MAX_ATTACHMENTS},
            )
        )
    cleaned: list[CleanAttachment] = []
    for upload in uploads[: MAX_ATTACHMENTS + 1]:
        try:
            name, data = uploaded_file_read(upload, field=field)
            cleaned.append(attachment_clean(name=name, data=data, field=field))
        except DomainError as error:
            errors.append(error)
    if errors:
        raise errors[0] if len(errors) == 1 else DomainErrors(errors)
    return cleaned
