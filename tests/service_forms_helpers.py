"""Builders for the complaint-form and attachment tests: forms as the demo makes them,
and files as phones and scanners make them."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import UserFactory

GPS_IFD = 0x8825
MAKE = 0x010F


def demo_forms(site_tree):
    """The demo's two editor-built forms (业主投诉, 在线报修), published, with English."""
    from portal.demo.pages import Staff
    from portal.demo.service_forms import demo_service_forms_ensure

    admin = UserFactory(is_superuser=True, is_staff=True)
    complaints, repairs = demo_service_forms_ensure(
        tree=site_tree, staff=Staff(author=admin, publisher=admin)
    )
    return complaints, repairs


def photo_bytes(*, size=(64, 48), fmt="JPEG") -> bytes:
    """A photo as a phone saves it: EXIF with the camera make and the GPS position."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 1.0), 3: "E", 4: (114.0, 3.0, 2.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A Windows executable's header: refused whatever its name and declared type say.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
