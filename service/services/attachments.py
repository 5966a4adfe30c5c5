"""Storing complaint attachments: uploaded ahead of a filing (tokens) or with it.

Every file is checked and cleaned first (service.attachments); only when the whole
batch passes is anything written, so a refused file never leaves its siblings behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from service.attachments import MAX_ATTACHMENTS, CleanAttachment, attachments_clean
from service.models import Complaint, ComplaintAttachment

# How long an upload waits for the filing that claims it before the worker deletes it.
PENDING_TTL = dt.timedelta(hours=24)
TOKEN_FIELD = "attachment_tokens"


def attachment_token_digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def _store(
    *, cleaned: list[CleanAttachment], uploader: Any, complaint: Complaint | None
) -> list[tuple[ComplaintAttachment, str]]:
    """Write the files and their rows; delete the files again if the rows fail."""
    stored: list[tuple[ComplaintAttachment, str]] = []
    now = timezone.now()
    try:
        for item in cleaned:
            token = "" if complaint is not None else secrets.token_urlsafe(32)
            attachment = ComplaintAttachment(
                complaint=complaint,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.content),
                token_digest=attachment_token_digest(token) if token else None,
                uploaded_by=uploader if getattr(uploader, "pk", None) else None,
                created_at=now,
            )
            attachment.file.save(f"upload{item.extension}", ContentFile(item.content), save=False)
            attachment.save()
            stored.append((attachment, token))
    except BaseException:
        for attachment, _token in stored:
            attachment.file.delete(save=False)
        raise
    return stored


def attachments_upload(*, uploads: list[Any], uploader: Any = None) -> list[tuple[Any, str]]:
    """Check and store files ahead of a filing; each comes back with its one-time token
    (shown once, only its digest is kept). All or nothing."""
    if not uploads:
        raise DomainError("attachments", "ATTACHMENTS_REQUIRED", _("请选择要上传的文件。"))
    cleaned = attachments_clean(uploads=uploads)
    with transaction.atomic():
        return _store(cleaned=cleaned, uploader=uploader, complaint=None)


def attachment_tokens_check(*, tokens: list[str], with_files: int = 0) -> list[DomainError]:
    """What is wrong with the tokens a filing names (none unknown, used or expired; at
    most MAX_ATTACHMENTS files in all), as errors to report with the other fields."""
    errors: list[DomainError] = []
    tokens = [t for t in dict.fromkeys(tokens or []) if t]
    # Files sent with the filing are counted by their own check; here, the tokens with them.
    if tokens and len(tokens) + with_files > MAX_ATTACHMENTS:
        errors.append(
            DomainError(
                TOKEN_FIELD,
                "ATTACHMENTS_TOO_MANY",
                _("最多上传 %(count)d 个附件。") % {"count": MAX_ATTACHMENTS},
            )
        )
    if tokens and _pending(tokens).count() != len(tokens):
        errors.append(_token_invalid())
    return errors


def _token_invalid() -> DomainError:
    return DomainError(TOKEN_FIELD, "ATTACHMENT_TOKEN_INVALID", _("附件已失效，请重新上传。"))


def _pending(tokens: list[str]):
    return ComplaintAttachment.objects.filter(
        token_digest__in=[attachment_token_digest(t) for t in tokens],
        complaint__isnull=True,
        created_at__gt=timezone.now() - PENDING_TTL,
    )


def attachments_attach(
    *,
    complaint: Complaint,
    cleaned: list[CleanAttachment] = (),
    tokens: list[str] = (),
    uploader: Any = None,
) -> int:
    """Within the filing's transaction: store the files sent with it and claim the
    uploads named by their tokens (each token works once). How many were attached."""
    tokens = [t for t in dict.fromkeys(tokens or []) if t]
    claimed = 0
    if tokens:
        rows = list(_pending(tokens).select_for_update())
        if len(rows) != len(tokens):
            raise _token_invalid()  # claimed by a concurrent filing a moment ago
        claimed = ComplaintAttachment.objects.filter(pk__in=[r.pk for r in rows]).update(
            complaint=complaint, token_digest=None
        )
    stored = _store(cleaned=list(cleaned), uploader=uploader, complaint=complaint)
    return claimed + len(stored)


def attachments_purge_unclaimed(*, now: dt.datetime | None = None) -> int:
    """Delete uploads no filing claimed within PENDING_TTL (files and rows)."""
    cutoff = (now or timezone.now()) - PENDING_TTL
    stale = ComplaintAttachment.objects.filter(complaint__isnull=True, created_at__lte=cutoff)
    deleted = 0
    for attachment in stale.iterator():
        attachment.file.delete(save=False)
        attachment.delete()
        deleted += 1
    return deleted
