"""The complaints API: filing (with uploads ahead), a form's description, the member's
own complaints and nothing else, rating and reopening, and the staff queue behind the
service permission — masked, audited, and one query whatever its length."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEntry
from service import services
from service.models import Complaint, ComplaintAttachment
from tests.factories import (
    complaint_create,
    complaint_walk,
    department_create,
    member_create,
    phone_code_create,
    service_staff_create,
    staff_with,
)
from tests.members_api import data, gql, sign_in
from tests.service_forms_helpers import EXE_BYTES, demo_forms, photo_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

SECRET = "内部：业主情绪激动，注意措辞"

FILE = """
mutation ($input: ComplaintInput!) {
  fileComplaint(input: $input) {
    complaint { reference kind category status timeline { kind note } }
    errors { field code message }
  }
}"""
MINE = """
query ($first: Int) {
  myComplaints(first: $first) {
    totalCount edges { node { reference title status timeline { at kind note } } }
  }
}"""
ONE = "query ($r: String!) { complaint(reference: $r) { reference status timeline { kind note } } }"
QUEUE = """
query ($first: Int, $filter: ComplaintFilter) {
  complaints(first: $first, filter: $filter) {
    totalCount
    edges { node { reference severity status overdue complainantName complainantPhone
                   projectName departmentName handlerName } }
  }
}"""
FORM = """
query ($slug: String!, $locale: String) {
  complaintForm(slug: $slug, locale: $locale) {
    title kind defaultCategory categoryChoosable maxAttachments attachmentUploadUrl
    fields { name label fieldType required standard choices { value label } }
  }
}"""


def _with_internal_note(member):
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(member=member), to="ACKNOWLEDGED", staff=staff)
    services.complaint_assign(
        actor=staff, complaint=complaint, department=department_create(), handler=staff
    )
    return services.complaint_start(
        actor=staff, complaint=complaint, internal_note=SECRET, public_note="已安排上门。"
    )


# --- filing ---------------------------------------------------------------------------


def test_a_member_files_through_a_form_with_files_uploaded_ahead(client, site_tree):
    _complaints, repairs = demo_forms(site_tree)
    member = member_create()
    sign_in(client, member)
    uploaded = client.post(
        "/service/attachments/",
        {"files": [upload("漏水.jpg", photo_bytes()), upload("图.png", png_bytes())]},
    ).json()["attachments"]
    where = repairs.form_fields.get(label="报修部位").clean_name

    payload = data(
        client,
        FILE,
        {
            "input": {
                "formSlug": "repairs",
                "category": "OTHER",
                "title": "厨房水管漏水",
                "description": "水槽下方接口漏水。",
                "fields": [{"name": where, "value": "厨房"}],
                "attachmentTokens": [a["token"] for a in uploaded],
            }
        },
    )["fileComplaint"]

    assert payload["errors"] == []
    complaint = Complaint.objects.get(reference=payload["complaint"]["reference"])
    assert payload["complaint"]["kind"] == "REPAIR"
    assert payload["complaint"]["category"] == "PROPERTY_MANAGEMENT"
    assert payload["complaint"]["timeline"][0]["kind"] == "FILED"
    assert complaint.member == member and complaint.attachments.count() == 2
    # A token is spent by the filing that claimed it.
    again = data(
        client,
        FILE,
        {
            "input": {
                "category": "OTHER",
                "title": "再来一次",
                "description": "同一附件。",
                "attachmentTokens": [uploaded[0]["token"]],
            }
        },
    )["fileComplaint"]
    assert [e["code"] for e in again["errors"]] == ["ATTACHMENT_TOKEN_INVALID"]
    assert again["errors"][0]["field"] == "attachmentTokens"


def test_an_upload_with_one_refused_file_stores_none(client):
    response = client.post(
        "/service/attachments/",
        {"files": [upload("ok.jpg", photo_bytes()), upload("bad.jpg", EXE_BYTES)]},
    )
    assert response.status_code == 400
    assert [e["code"] for e in response.json()["errors"]] == ["ATTACHMENT_TYPE_NOT_ALLOWED"]
    assert ComplaintAttachment.objects.count() == 0


def test_a_guest_files_with_a_verified_code_and_every_error_comes_at_once(client, site_tree):
    demo_forms(site_tree)
    refused = data(
        client,
        FILE,
        {"input": {"formSlug": "complaints", "category": "OTHER", "title": "", "description": ""}},
    )["fileComplaint"]
    assert sorted(e["code"] for e in refused["errors"]) == [
        "DESCRIPTION_REQUIRED",
        "NAME_REQUIRED",
        "PHONE_INVALID",
        "SMS_CODE_REQUIRED",
        "TITLE_REQUIRED",
    ]

    phone_code_create("13912345678", purpose="GUEST_COMPLAINT", code="135790")
    guest = {
        "formSlug": "complaints",
        "category": "SALES_MANAGEMENT",
        "title": "销售承诺未兑现",
        "description": "购房时承诺的车位未落实。",
        "guestName": "陈女士",
        "guestPhone": "139 1234 5678",
        "peopleCount": 3,
        "legalAction": False,
        "mediaExposure": False,
    }
    wrong = data(client, FILE, {"input": {**guest, "smsCode": "000000"}})["fileComplaint"]
    assert [e["code"] for e in wrong["errors"]] == ["SMS_CODE_INVALID"]

    filed = data(client, FILE, {"input": {**guest, "smsCode": "135790"}})["fileComplaint"]
    assert filed["errors"] == []
    complaint = Complaint.objects.get(reference=filed["complaint"]["reference"])
    assert complaint.member is None and complaint.people_count == 3
    assert complaint.severity == "HOT"  # a collective complaint by 3 people


def test_a_guest_can_request_a_code_for_a_complaint(client):
    body = data(
        client,
        'mutation { requestSmsCode(input: {phone: "13912345678", purpose: GUEST_COMPLAINT}) '
        "{ errors { code } } }",
    )
    assert body["requestSmsCode"]["errors"] == []


# --- the form's description -----------------------------------------------------------


def test_a_forms_fields_are_described_for_any_frontend_in_both_languages(client, site_tree):
    complaints, _repairs = demo_forms(site_tree)
    editor_names = [f.clean_name for f in complaints.form_fields.all()]

    form = data(client, FORM, {"slug": "complaints"})["complaintForm"]
    names = [f["name"] for f in form["fields"]]
    assert (form["kind"], form["defaultCategory"], form["categoryChoosable"]) == (
        "COMPLAINT",
        "ENGINEERING_QUALITY",
        True,
    )
    assert names[:4] == ["project_slug", "building", "unit", "category"]
    assert [f["name"] for f in form["fields"] if not f["standard"]] == editor_names
    assert names[-3:] == ["guest_name", "guest_phone", "sms_code"]  # anonymous: a guest
    when = next(f for f in form["fields"] if f["name"] == editor_names[0])
    assert when["label"] == "期望联系时间" and [c["value"] for c in when["choices"]] == [
        "上午",
        "下午",
        "晚上",
    ]
    assert form["maxAttachments"] == 5 and form["attachmentUploadUrl"] == "/service/attachments/"

    english = data(client, FORM, {"slug": "complaints", "locale": "en"})["complaintForm"]
    assert english["title"] == "Owner complaints"
    assert [f["name"] for f in english["fields"] if not f["standard"]] == editor_names
    assert "Preferred time to call" in [f["label"] for f in english["fields"]]

    sign_in(client, member_create())
    member_form = data(client, FORM, {"slug": "complaints"})["complaintForm"]
    assert "sms_code" not in [f["name"] for f in member_form["fields"]]


# --- who sees what --------------------------------------------------------------------


def test_a_member_never_sees_anothers_complaint_or_any_internal_note(client):
    mine, theirs = member_create(), member_create()
    own = _with_internal_note(mine)
    other = complaint_create(member=theirs)
    sign_in(client, mine)

    _response, body = gql(client, ONE, {"r": other.reference})
    assert body["data"]["complaint"] is None
    listing = data(client, MINE)["myComplaints"]
    assert [e["node"]["reference"] for e in listing["edges"]] == [own.reference]
    seen = data(client, ONE, {"r": own.reference})["complaint"]
    assert "已安排上门。" in [entry["note"] for entry in seen["timeline"]]
    assert SECRET not in str(seen) and SECRET not in str(listing)


def test_staff_without_the_service_permission_see_no_complaint(client):
    complaint = complaint_create()
    client.force_login(staff_with("club.view_member", "club.view_member_pii"))

    queue = data(client, QUEUE)["complaints"]
    assert queue == {"totalCount": 0, "edges": []}
    assert data(client, ONE, {"r": complaint.reference})["complaint"] is None


def test_the_staff_queue_masks_contacts_without_pii_and_audits_each_read(client):
    complaint_create(guest_name="陈小红", guest_phone="+8613712345678")
    staff = service_staff_create()
    client.force_login(staff)

    node = data(client, QUEUE)["complaints"]["edges"][0]["node"]
    assert (node["complainantName"], node["complainantPhone"]) == ("陈**", "137****5678")
    entry = AuditEntry.objects.get(operation="service.complaints.list")
    assert (entry.actor, entry.row_count, entry.pii_unmasked) == (staff, 1, False)

    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="club", codename="view_member_pii")
    )
    client.force_login(type(staff).objects.get(pk=staff.pk))
    node = data(client, QUEUE)["complaints"]["edges"][0]["node"]
    assert (node["complainantName"], node["complainantPhone"]) == ("陈小红", "+8613712345678")


def test_the_staff_queue_filters_by_overdue_and_severity(client):
    complaint_create(people_count=12)  # MAJOR
    complaint_create()
    client.force_login(service_staff_create())
    queue = data(client, QUEUE, {"filter": {"severity": ["MAJOR"], "overdue": False}})
    assert [e["node"]["severity"] for e in queue["complaints"]["edges"]] == ["MAJOR"]


# --- rating and reopening -------------------------------------------------------------

RATE = """mutation ($i: RateComplaintInput!) { rateComplaint(input: $i) {
  complaint { status } errors { field code } } }"""
REOPEN = """mutation ($i: ReopenComplaintInput!) { reopenComplaint(input: $i) {
  complaint { status timeline { kind note } } errors { field code } } }"""


def test_the_complainant_rates_and_reopens_their_own_complaint_only(client):
    member, stranger = member_create(), member_create()
    complaint = complaint_walk(complaint_create(member=member), to="RESOLVED")

    sign_in(client, stranger)
    refused = data(client, RATE, {"i": {"reference": complaint.reference, "rating": 1}})
    assert [e["code"] for e in refused["rateComplaint"]["errors"]] == ["NOT_FOUND"]

    sign_in(client, member)
    bad = data(client, RATE, {"i": {"reference": complaint.reference, "rating": 6}})
    assert [e["code"] for e in bad["rateComplaint"]["errors"]] == ["RATING_INVALID"]
    rated = data(client, RATE, {"i": {"reference": complaint.reference, "rating": 4}})
    assert rated["rateComplaint"] == {"complaint": {"status": "FOLLOWED_UP"}, "errors": []}

    reopened = data(
        client, REOPEN, {"i": {"reference": complaint.reference, "reason": "又漏水了。"}}
    )["reopenComplaint"]
    assert reopened["errors"] == [] and reopened["complaint"]["status"] == "IN_PROGRESS"
    assert {"kind": "REOPENED", "note": "又漏水了。"} in reopened["complaint"]["timeline"]
    complaint.refresh_from_db()
    assert complaint.severity in ("IMPORTANT", "HOT", "MAJOR")


# --- query counts ---------------------------------------------------------------------


def _queries(client, query, variables) -> int:
    with CaptureQueriesContext(connection) as captured:
        data(client, query, variables)
    return len(captured)


def test_my_complaints_cost_the_same_queries_for_10_and_100(client):
    member = member_create()
    for _ in range(100):
        complaint_create(member=member)
    sign_in(client, member)
    assert _queries(client, MINE, {"first": 10}) == _queries(client, MINE, {"first": 100})


def test_the_staff_queue_costs_the_same_queries_for_10_and_100(client):
    members = [member_create() for _ in range(3)]
    department = department_create()
    staff = service_staff_create()
    for n in range(100):
        complaint = complaint_create(member=members[n % 3] if n % 2 else None)
        if n % 5 == 0:
            services.complaint_assign(
                actor=staff, complaint=complaint, department=department, handler=staff
            )
    client.force_login(staff)
    assert _queries(client, QUEUE, {"first": 10}) == _queries(client, QUEUE, {"first": 100})


# --- the upload and download doors ----------------------------------------------------


def test_an_upload_larger_than_five_files_is_refused_before_it_is_read(client):
    response = client.post(
        "/service/attachments/",
        {"files": [upload("a.jpg", photo_bytes())]},
        CONTENT_LENGTH=str(51 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "REQUEST_TOO_LARGE"
    assert ComplaintAttachment.objects.count() == 0


def test_only_staff_with_the_service_permission_download_an_attachment(client, site_tree):
    complaints, _repairs = demo_forms(site_tree)
    member = member_create()
    complaint = services.complaint_file_from_form(
        page=complaints,
        viewer=member.user,
        member=member,
        category="",
        title="墙面开裂",
        description="客厅墙面开裂。",
        uploads=[upload("裂缝.jpg", photo_bytes())],
    )
    attachment = complaint.attachments.get()
    url = f"/service/attachments/{attachment.pk}/"

    sign_in(client, member)
    assert client.get(url).status_code == 404  # not even the complainant: staff only
    client.force_login(staff_with("club.view_member", "club.view_member_pii"))
    assert client.get(url).status_code == 404

    staff = service_staff_create()
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    entry = AuditEntry.objects.get(operation="service.attachment.download")
    assert (entry.actor, entry.target) == (staff, f"complaint:{complaint.reference}")


def test_a_pending_upload_is_nobodys_to_download(client):
    token = client.post("/service/attachments/", {"files": [upload("a.png", png_bytes())]})
    assert token.status_code == 200
    pending = ComplaintAttachment.objects.get()
    client.force_login(service_staff_create())
    assert client.get(f"/service/attachments/{pending.pk}/").status_code == 404
