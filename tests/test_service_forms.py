"""Editor-built complaint forms: a submission becomes a Complaint (standard fields mapped,
extra fields kept), attachments are judged by their bytes and cleaned, guests prove their
mobile, and every error of a submission comes back at once with nothing saved."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from wagtail.contrib.forms.models import FormSubmission

from club.models import SmsCode
from core.errors import DomainError
from service.choices import Category, RequestKind
from service.models import Complaint, ComplaintAttachment
from service.services import complaint_file_from_form
from tests.factories import member_create, phone_code_create, project_create
from tests.service_forms_helpers import (
    EXE_BYTES,
    GPS_IFD,
    MAKE,
    PDF_BYTES,
    demo_forms,
    photo_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.SERVICE_ATTACHMENTS_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def codes(exc: DomainError) -> list[str]:
    return sorted(e.code for e in getattr(exc, "errors", [exc]))


def file_form(page, member, **fields):
    values = dict(
        category="",
        title="厨房水管漏水",
        description="厨房水槽下方水管接口漏水。",
        extra_values={},
    )
    values.update(fields)
    return complaint_file_from_form(page=page, viewer=member.user, member=member, **values)


def test_a_form_page_submission_is_filed_as_a_complaint_not_a_form_submission(client, site_tree):
    _complaints, repairs = demo_forms(site_tree)
    member = member_create()
    client.force_login(member.user)
    where = repairs.form_fields.get(label="报修部位").clean_name

    response = client.post(
        repairs.get_url(),
        {
            "title": "卫生间地漏返味",
            "description": "主卫地漏返臭味。",
            "category": "SALES_MANAGEMENT",  # not choosable on this form: the default applies
            where: "卫生间",
            "attachments": [upload("地漏.jpg", photo_bytes())],
        },
    )

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.reference in response.content.decode()
    assert complaint.member == member
    assert complaint.kind == RequestKind.REPAIR
    assert complaint.category == Category.PROPERTY_MANAGEMENT
    assert complaint.extra["form"]["page"] == repairs.pk
    assert complaint.extra["fields"] == [{"name": where, "label": "报修部位", "value": "卫生间"}]
    assert complaint.attachments.count() == 1
    assert FormSubmission.objects.count() == 0


def test_a_form_page_answers_every_error_beside_its_field(client, site_tree):
    _complaints, repairs = demo_forms(site_tree)
    client.force_login(member_create().user)

    response = client.post(repairs.get_url(), {"title": "", "description": ""})

    body = response.content.decode()
    assert response.status_code == 200
    assert "请填写标题。" in body and "请填写投诉内容。" in body and "请填写此项。" in body
    assert Complaint.objects.count() == 0


def test_every_error_of_a_filing_comes_back_at_once(site_tree):
    _complaints, repairs = demo_forms(site_tree)
    member = member_create()

    with pytest.raises(DomainError) as refused:
        file_form(
            repairs,
            member,
            title="",
            people_count=0,
            project_slug="nowhere",
            uploads=[upload("病毒.jpg", EXE_BYTES)],
        )

    assert codes(refused.value) == sorted(
        [
            "TITLE_REQUIRED",
            "INVALID_PEOPLE_COUNT",
            "PROJECT_NOT_FOUND",
            "FIELD_REQUIRED",
            "ATTACHMENT_TYPE_NOT_ALLOWED",
        ]
    )
    assert Complaint.objects.count() == 0 and stored_files() == []


def test_standard_fields_are_mapped_onto_the_complaint(site_tree):
    complaints, _repairs = demo_forms(site_tree)
    project = project_create(site_tree)
    member = member_create()

    complaint = file_form(
        complaints,
        member,
        category="PLANNING_DESIGN",
        project_slug=project.slug,
        building="3栋",
        unit="1201",
        people_count=12,
        legal_action=False,
        media_exposure=True,
    )

    assert (complaint.project, complaint.building, complaint.unit) == (project, "3栋", "1201")
    assert complaint.category == Category.PLANNING_DESIGN  # choosable on this form
    assert complaint.people_count == 12 and complaint.media_exposure
    assert complaint.severity == "MAJOR"  # the engine ran: 10 or more people, media
    assert complaint.reference.startswith("TS")
    assert complaint.events.first().kind == "FILED"


def test_the_acknowledgement_is_queued_when_the_filing_commits(
    site_tree, django_capture_on_commit_callbacks
):
    complaints, _repairs = demo_forms(site_tree)
    member = member_create()  # (joining queues its own welcome)
    with django_capture_on_commit_callbacks() as callbacks:
        file_form(complaints, member)
    assert len(callbacks) == 1


# --- attachments ------------------------------------------------------------------------


def test_photos_are_stored_without_their_location_or_camera(site_tree):
    complaints, _repairs = demo_forms(site_tree)

    complaint = file_form(complaints, member_create(), uploads=[upload("a.jpg", photo_bytes())])

    attachment = complaint.attachments.get()
    with attachment.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        exif = image.getexif()
    assert attachment.content_type == "image/jpeg"
    assert GPS_IFD not in exif and MAKE not in exif and not exif.get_ifd(GPS_IFD)
    assert Path(attachment.file.name).name != "a.jpg"  # our name, not the member's


def test_a_file_is_judged_by_its_content_not_its_name_or_declared_type(site_tree):
    complaints, _repairs = demo_forms(site_tree)
    member = member_create()

    with pytest.raises(DomainError) as refused:
        file_form(complaints, member, uploads=[upload("发票.pdf", EXE_BYTES, "application/pdf")])
    assert refused.value.code == "ATTACHMENT_TYPE_NOT_ALLOWED"

    complaint = file_form(
        complaints,
        member,
        uploads=[
            upload("截图.pdf", png_bytes(), "application/pdf"),
            upload("合同", PDF_BYTES, "application/octet-stream"),
        ],
    )
    assert sorted(complaint.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_too_large_and_too_many_files_are_refused_and_nothing_is_saved(site_tree):
    complaints, _repairs = demo_forms(site_tree)
    big = upload("扫描件.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), "application/pdf")
    files = [upload(f"{n}.jpg", photo_bytes()) for n in range(5)] + [big]

    with pytest.raises(DomainError) as refused:
        file_form(complaints, member_create(), uploads=files)

    assert sorted(codes(refused.value)) == ["ATTACHMENTS_TOO_MANY", "ATTACHMENT_TOO_LARGE"]
    assert Complaint.objects.count() == 0
    assert ComplaintAttachment.objects.count() == 0 and stored_files() == []


def test_exactly_ten_megabytes_is_allowed():
    from service.attachments import MAX_BYTES, attachment_clean

    data = PDF_BYTES + b"0" * (MAX_BYTES - len(PDF_BYTES))
    assert attachment_clean(name="a.pdf", data=data).content_type == "application/pdf"
    with pytest.raises(DomainError):
        attachment_clean(name="a.pdf", data=data + b"0")


# --- guests ---------------------------------------------------------------------------


def guest_file(page, **fields):
    values = dict(
        category="",
        title="小区门禁坏了",
        description="东门门禁刷卡无反应。",
        guest_name="陈女士",
        guest_phone="13912345678",
        extra_values={},
    )
    values.update(fields)
    return complaint_file_from_form(page=page, viewer=None, member=None, **values)


def test_a_guest_files_only_with_the_code_texted_to_their_mobile(site_tree):
    complaints, _repairs = demo_forms(site_tree)

    with pytest.raises(DomainError) as missing:
        guest_file(complaints, guest_name="")
    assert codes(missing.value) == ["NAME_REQUIRED", "SMS_CODE_REQUIRED"]
    assert {e.field for e in missing.value.errors} == {"guest_name", "sms_code"}

    phone_code_create("13912345678", purpose="GUEST_COMPLAINT", code="135790")
    with pytest.raises(DomainError) as wrong:
        guest_file(complaints, sms_code="000000")
    assert wrong.value.code == "SMS_CODE_INVALID"
    assert SmsCode.objects.get().attempts == 1  # counted, not rolled back
    assert Complaint.objects.count() == 0

    complaint = guest_file(complaints, sms_code="135790")
    assert (complaint.guest_name, str(complaint.guest_phone)) == ("陈女士", "+8613912345678")
    assert SmsCode.objects.get().used_at is not None  # a code proves a number once


def test_a_code_for_another_purpose_does_not_prove_a_guest(site_tree):
    complaints, _repairs = demo_forms(site_tree)
    phone_code_create("13912345678", purpose="LOGIN", code="135790")
    with pytest.raises(DomainError) as refused:
        guest_file(complaints, sms_code="135790")
    assert refused.value.code == "SMS_CODE_INVALID"


# --- editors build the form in the admin ------------------------------------------------


def _admin_add(client, home, label):
    url = f"/admin/pages/add/service/complaintformpage/{home.pk}/"
    return client.post(
        url,
        {
            "title": "投诉建议",
            "slug": "feedback",
            "intro": "",
            "request_kind": "SUGGESTION",
            "default_category": "CUSTOMER_SERVICE",
            "thank_you_text": "",
            "form_fields-TOTAL_FORMS": "1",
            "form_fields-INITIAL_FORMS": "0",
            "form_fields-MIN_NUM_FORMS": "0",
            "form_fields-MAX_NUM_FORMS": "1000",
            "form_fields-0-label": label,
            "form_fields-0-field_type": "singleline",
            "form_fields-0-required": "",
            "form_fields-0-ORDER": "1",
            "form_fields-0-choices": "",
            "form_fields-0-default_value": "",
            "form_fields-0-help_text": "",
        },
    )


def test_editors_add_fields_but_not_under_a_standard_fields_name(client, site_tree):
    from service.models import ComplaintFormPage
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    refused = _admin_add(client, site_tree.home, "Title")
    assert refused.status_code == 200
    assert "该名称已被标准字段使用，请换一个。" in refused.content.decode()
    assert not ComplaintFormPage.objects.exists()

    _admin_add(client, site_tree.home, "您的建议涉及哪个部门")
    page = ComplaintFormPage.objects.get()
    assert page.request_kind == "SUGGESTION"
    assert [f.label for f in page.form_fields.all()] == ["您的建议涉及哪个部门"]


def test_the_demo_forms_are_made_once(site_tree):
    first = demo_forms(site_tree)
    again = demo_forms(site_tree)
    assert [p.pk for p in first] == [p.pk for p in again]


def test_a_members_export_holds_what_they_told_us_through_a_form(site_tree):
    import json

    from club.services import member_data_export

    _complaints, repairs = demo_forms(site_tree)
    member = member_create()
    where = repairs.form_fields.get(label="报修部位").clean_name
    file_form(
        repairs, member, extra_values={where: "阳台"}, uploads=[upload("a.jpg", photo_bytes())]
    )

    exported = json.loads(json.dumps(member_data_export(member=member)))["complaints"][0]
    assert exported["kind"] == "REPAIR"
    assert exported["form_fields"] == [{"name": where, "label": "报修部位", "value": "阳台"}]
    assert exported["attachments"] == ["a.jpg"]


def test_a_form_page_refuses_an_oversized_body_before_reading_it(client, site_tree):
    _complaints, repairs = demo_forms(site_tree)
    client.force_login(member_create().user)
    response = client.post(repairs.get_url(), {"title": "x"}, CONTENT_LENGTH=str(60 * 1024 * 1024))
    assert "一次最多上传 5 个文件" in response.content.decode()
    assert Complaint.objects.count() == 0
