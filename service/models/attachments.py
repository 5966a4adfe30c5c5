"""Files a complainant attaches: images (metadata stripped) and PDFs, kept out of public media.

An attachment is uploaded before the complaint exists (the API's upload endpoint, see
service.views) and is *pending* until a filing claims it with its one-time token; the
worker deletes pending uploads nobody claimed (service.tasks). Only the token's SHA-256
digest is stored, so the table never holds a usable token.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

STORAGE_ALIAS = "complaint_attachments"


class PrivateAttachmentStorage(FileSystemStorage):
    """Files under SERVICE_ATTACHMENTS_ROOT, a directory no web server serves: they are
    read only through the permission-checked download view. The root is read on every
    access, so a changed setting (tests) takes effect at once."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(settings.SERVICE_ATTACHMENTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def deconstruct(self):
        return ("service.models.attachments.PrivateAttachmentStorage", (), {})


def attachment_storage():
    """A STORAGES["complaint_attachments"] entry (a private bucket at scale) if configured,
    else the private directory."""
    if STORAGE_ALIAS in settings.STORAGES:
        return storages[STORAGE_ALIAS]
    return PrivateAttachmentStorage()


def attachment_path(instance: ComplaintAttachment, filename: str) -> str:
    # A random name: the original one is member input and is kept in `original_name` only.
    extension = os.path.splitext(filename)[1].lower()
    return f"complaints/{instance.created_at:%Y/%m}/{uuid.uuid4().hex}{extension}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        "service.Complaint",
        verbose_name=_("投诉"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, storage=attachment_storage)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), db_index=True)

    class Meta:
        verbose_name = _("投诉附件")
        verbose_name_plural = _("投诉附件")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
