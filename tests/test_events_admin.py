"""The event staff's admin: check-in at the door, walk-ins, the attendance report and its
export, the records kept after the event, and who may see any of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from content.choices import EventAudience
from core import roles
from core.models import AuditEntry
from events.choices import RecordKind
from events.models import EventClosure, EventRecord, Registration, WalkIn
from events.permissions import EVENT_STAFF_PERMISSIONS
from events.services import event_register, ticket_code
from tests.factories import UserFactory, event_create, member_create, project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(site_tree):
    return event_create(site_tree, title="中秋游园会", capacity=10, max_party_size=3)


@pytest.fixture
def door(client):
    """A client signed in as a member of the event staff group (活动工作人员)."""
    client.force_login(UserFactory(is_staff=True, groups=[roles.EVENT_STAFF]))
    return client


def _registration(event, name="王小明", party_size=2):
    return event_register(member=member_create(name=name), event=event, party_size=party_size)


def _scan(client, event, code):
    url = reverse("events_staff_scan", args=[event.pk])
    return client.post(url, {"code": code}).json()


# --- the group and who sees what ----------------------------------------------------------


def test_the_event_staff_group_holds_the_door_permissions_but_no_member_pii():
    group = Group.objects.get(name=roles.EVENT_STAFF)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert set(EVENT_STAFF_PERMISSIONS) | {"wagtailadmin.access_admin"} == held
    assert "club.view_member_pii" not in held


def test_the_menu_is_shown_to_event_staff_and_hidden_from_other_staff(door, editorial):
    assert reverse("events_staff_index") in door.get("/admin/").content.decode()
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, groups=[roles.EDITORS]))
    assert reverse("events_staff_index") not in editor.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "events_staff_check_in",
        "events_staff_scan",
        "events_staff_walk_in",
        "events_staff_attendance",
        "events_staff_records",
        "events_staff_close",
    ],
)
def test_other_staff_get_403_on_every_event_staff_url(event, editorial, name):
    editor = Client()
    editor.force_login(UserFactory(is_staff=True, groups=[roles.EDITORS]))
    url = reverse(name, args=[event.pk])
    assert editor.get(url).status_code in (403, 405)
    assert editor.post(url, {"code": "x"}).status_code == 403
    assert editor.get(reverse("events_staff_index")).status_code == 403


def test_an_unknown_event_is_404_for_event_staff(door):
    assert door.get(reverse("events_staff_check_in", args=[999999])).status_code == 404


# --- check-in at the door -----------------------------------------------------------------


def test_a_typed_code_checks_in_and_shows_the_masked_name_and_party_size(door, event):
    registration = _registration(event)
    url = reverse("events_staff_check_in", args=[event.pk])

    page = door.post(url, {"code": ticket_code(registration=registration)}).content.decode()

    assert 'data-result="CHECKED_IN"' in page
    assert "已签到" in page and "王**" in page and "共 2 人" in page
    assert "王小明" not in page
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_a_second_scan_says_already_checked_in_at_the_time_of_the_first(door, event):
    code = ticket_code(registration=_registration(event))
    first = _scan(door, event, code)
    second = _scan(door, event, code)

    at = timezone.localtime(Registration.objects.get().checked_in_at)
    assert first["outcome"] == "CHECKED_IN"
    assert second == {
        "outcome": "ALREADY_CHECKED_IN",
        "message": f"已于 {at:%H:%M} 签到过",
        "name": "王**",
        "partySize": 2,
        "checkedInAt": f"{at:%H:%M}",
    }


def test_a_ticket_for_another_event_or_a_forged_code_is_refused_at_this_door(
    door, event, site_tree
):
    other = event_create(site_tree)
    elsewhere = ticket_code(registration=_registration(other))

    assert _scan(door, event, elsewhere)["outcome"] == "TICKET_OTHER_EVENT"
    assert _scan(door, event, "ABC:forged")["outcome"] == "TICKET_INVALID"
    assert _scan(door, event, "")["outcome"] == "TICKET_INVALID"
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_a_reader_with_the_pii_permission_sees_the_name_and_it_is_audited(event):
    reader = UserFactory(is_staff=True, groups=[roles.EVENT_STAFF])
    from django.contrib.auth.models import Permission

    reader.user_permissions.add(Permission.objects.get(codename="view_member_pii"))
    client = Client()
    client.force_login(reader)

    answer = _scan(client, event, ticket_code(registration=_registration(event)))

    assert answer["name"] == "王小明"
    entry = AuditEntry.objects.get(operation="events.check_in")
    assert (entry.actor, entry.pii_unmasked) == (reader, True)


def test_the_door_page_loads_the_decoder_from_our_own_static_files(door, event):
    page = door.get(reverse("events_staff_check_in", args=[event.pk])).content.decode()
    assert "/static/events/vendor/barcode-detector/ponyfill.js" in page
    assert "/static/events/vendor/barcode-detector/zxing_reader.wasm" in page
    assert "cdn" not in page.lower() and "jsdelivr" not in page.lower()


# --- walk-ins -----------------------------------------------------------------------------


def test_a_walk_in_is_recorded_from_the_door_screen(door, event):
    response = door.post(
        reverse("events_staff_walk_in", args=[event.pk]),
        {"name": "李四", "phone": "13912345678", "party_size": 3, "note": ""},
    )
    assert response.status_code == 302
    walk_in = WalkIn.objects.get()
    assert (walk_in.name, walk_in.party_size, walk_in.event_id) == ("李四", 3, event.pk)


def test_the_walk_in_form_shows_every_error_at_once(door, event):
    page = door.post(
        reverse("events_staff_walk_in", args=[event.pk]),
        {"name": " ", "phone": "12345", "party_size": 0},
    ).content.decode()
    assert "请填写姓名" in page and "人数至少为 1" in page and "手机号码" in page
    assert not WalkIn.objects.exists()


# --- the attendance report ----------------------------------------------------------------


def test_the_attendance_report_is_masked_and_audited(door, event):
    _registration(event)
    page = door.get(reverse("events_staff_attendance", args=[event.pk])).content.decode()
    assert "王**" in page and "王小明" not in page
    assert AuditEntry.objects.filter(operation="events.attendance", row_count=1).exists()


def test_the_attendance_export_in_csv_and_excel_is_masked_and_audited_as_an_export(door, event):
    member = member_create(name="=HYPERLINK(1)", phone="+8613812345678")
    event_register(member=member, event=event)
    url = reverse("events_staff_attendance", args=[event.pk])

    csv_response = door.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode())))
    xlsx = door.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]

    assert rows[0][:3] == ["姓名", "手机号", "人数"]
    # masked (=************) and kept from running as a formula (the leading apostrophe)
    assert rows[1][:4] == ["'=" + "*" * 12, "138****5678", "1", "已报名"]
    assert cells[1][1] == "138****5678"
    assert AuditEntry.objects.filter(operation="events.attendance.export").count() == 2


# --- records after the event --------------------------------------------------------------


def _pdf(name="sheet.pdf", body=b"%PDF-1.4\n%%EOF\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _png(name="group.png"):
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _docx(name="minutes.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def _upload(client, event, kind, upload, note=""):
    url = reverse("events_staff_records", args=[event.pk])
    return client.post(url, {"kind": kind, "file": upload, "note": note})


def test_staff_attach_a_sign_in_sheet_and_a_photo_from_the_admin(door, event):
    assert _upload(door, event, RecordKind.SIGN_IN_SHEET, _pdf()).status_code == 302
    photo = _png()
    assert _upload(door, event, RecordKind.PHOTO, photo).status_code == 302

    sheet, picture = (
        EventRecord.objects.order_by("kind")[:2][::-1]
        if False
        else (
            EventRecord.objects.get(kind=RecordKind.SIGN_IN_SHEET),
            EventRecord.objects.get(kind=RecordKind.PHOTO),
        )
    )
    assert sheet.document is not None and sheet.document.collection.name == "活动记录"
    assert picture.image is not None


def test_a_renamed_file_or_a_wrong_type_for_the_kind_is_refused_with_nothing_stored(door, event):
    fake_pdf = _pdf(body=b"<html><script>alert(1)</script></html>")
    minutes_as_picture = _png("minutes.png")

    fake = _upload(door, event, RecordKind.SIGN_IN_SHEET, fake_pdf).content.decode()
    wrong = _upload(door, event, RecordKind.MINUTES, minutes_as_picture).content.decode()

    assert "文件内容与扩展名不符" in fake
    assert "只接受以下格式" in wrong
    assert not EventRecord.objects.exists()


def test_sign_in_sheets_are_not_served_to_the_public(door, event, client):
    _upload(door, event, RecordKind.SIGN_IN_SHEET, _pdf())
    url = EventRecord.objects.get().document.url
    anonymous = Client()
    assert anonymous.get(url).status_code in (302, 403)
    assert door.get(url).status_code == 200


def test_an_event_cannot_be_closed_before_it_ends(door, event):
    page = door.post(reverse("events_staff_close", args=[event.pk]), follow=True)
    assert "活动结束后才能归档" in page.content.decode()
    assert not EventClosure.objects.exists()


def _past_owner_meeting(site_tree):
    project = project_create(site_tree, title="梅林翠园", slug="meilin-garden")
    return event_create(
        site_tree,
        publish=False,
        starts_in=-dt.timedelta(days=2),
        title="梅林翠园业主恳谈会",
        audience=EventAudience.PROJECT_OWNERS,
        audience_project=project,
    )


def test_closing_an_owner_meeting_without_minutes_is_flagged_until_they_are_attached(
    door, site_tree
):
    meeting = _past_owner_meeting(site_tree)
    records_url = reverse("events_staff_records", args=[meeting.pk])

    closed = door.post(reverse("events_staff_close", args=[meeting.pk]), follow=True)
    assert "还没有会议纪要" in closed.content.decode()
    assert 'data-flag="minutes-missing"' in door.get(records_url).content.decode()

    assert _upload(door, meeting, RecordKind.MINUTES, _docx()).status_code == 302
    assert 'data-flag="minutes-missing"' not in door.get(records_url).content.decode()


def test_the_event_list_shows_the_flag_and_costs_the_same_queries_for_2_and_12_events(
    door, site_tree
):
    for n in range(2):
        event_register(member=member_create(), event=event_create(site_tree, capacity=5))
    door.get(reverse("events_staff_index"))  # per-process caches (menus, locales) warmed
    with CaptureQueriesContext(connection) as few:
        door.get(reverse("events_staff_index"))
    for n in range(10):
        event_register(member=member_create(), event=event_create(site_tree, capacity=5))
    with CaptureQueriesContext(connection) as many:
        page = door.get(reverse("events_staff_index")).content.decode()
    assert len(few) == len(many)
    assert page.count("<tr data-event=") == 12


# --- every screen works, in Chinese ------------------------------------------------------


def test_every_event_staff_screen_answers_in_chinese_for_event_staff_and_superusers(
    site_tree, editorial
):
    from tests.admin_pages import client_for
    from tests.test_admin_in_chinese import _english_on

    event = event_create(site_tree, title="亲子运动会", max_party_size=3)
    _registration(event)
    paths = [reverse("events_staff_index")] + [
        reverse(name, args=[event.pk])
        for name in ("events_staff_check_in", "events_staff_attendance", "events_staff_records")
    ]
    for user in (
        UserFactory(is_staff=True, groups=[roles.EVENT_STAFF]),
        UserFactory(is_staff=True, is_superuser=True),
    ):
        client = client_for(user)
        assert [client.get(path).status_code for path in paths] == [200] * len(paths)
        assert _english_on(client, paths) == {}
