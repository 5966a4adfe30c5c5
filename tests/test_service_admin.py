"""The customer-service admin: who gets in, the queue (filters, badges, masking, query
count, bulk assignment), staff entry, the case library and the working calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from service import services
from service.choices import Channel, EventKind, Severity, Status
from service.models import Complaint, WorkingCalendarOverride
from tests.admin_pages import client_for
from tests.factories import (
    UserFactory,
    complaint_create,
    complaint_walk,
    department_create,
    member_create,
    member_reader,
    service_staff_create,
    staff_with,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/service/complaints/"


@pytest.fixture
def staff(editorial):
    return service_staff_create()


@pytest.fixture
def supervisor(editorial):
    return service_staff_create(supervisor=True)


def _service_urls(complaint) -> list[str]:
    ref = complaint.reference
    return [
        QUEUE,
        f"{QUEUE}results/",
        f"{QUEUE}add/",
        f"{QUEUE}{ref}/",
        f"{QUEUE}{ref}/acknowledge/",
        f"{QUEUE}{ref}/lower/",
        "/admin/service/cases/",
        "/admin/service_calendar/",
        "/admin/service_department/",
        f"/admin/bulk/service/complaint/assign/?id={complaint.pk}",
    ]


def menu_labels(user) -> set[str]:
    """The admin menu's labels (submenus included) as the sidebar would show them."""
    from django.test import RequestFactory
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = user
    labels: set[str] = set()

    def walk(menu):
        for item in menu.menu_items_for_request(request):
            labels.add(str(item.label))
            if hasattr(item, "menu"):
                walk(item.menu)

    walk(admin_menu)
    return labels


def refused(response) -> bool:
    """Wagtail answers a refusal in the admin with 403, or (a page, not a fragment) by
    sending the browser back to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.mark.parametrize("role", ["编辑", "营销", "销售", "审核"])
def test_a_staff_role_without_the_service_permission_gets_403_and_no_menu(role, editorial):
    complaint = complaint_create()
    user = UserFactory(is_staff=True, groups=[role])
    client = client_for(user)
    for url in _service_urls(complaint):
        assert refused(client.get(url)), url
    response = client.post(f"{QUEUE}{complaint.reference}/acknowledge/", {"public_note": "x"})
    assert refused(response)
    assert Complaint.objects.get().status == Status.RECEIVED
    assert not {"客户服务", "投诉队列", "案例库", "工作日历"} & menu_labels(user)
    assert not AuditEntry.objects.filter(operation__startswith="service.").exists()


def test_service_staff_see_the_menu_and_every_page(staff):
    complaint = complaint_create()
    client = client_for(staff)
    assert {"客户服务", "投诉队列", "案例库", "工作日历", "处理部门"} <= menu_labels(staff)
    for url in _service_urls(complaint):
        response = client.get(url)
        if url.endswith("/lower/"):  # supervisors only
            assert refused(response), url
        else:
            assert response.status_code == 200, url


def test_the_queue_masks_complainants_without_the_pii_permission_and_audits_the_read(staff):
    complaint_create(guest_name="李大伟", guest_phone="+8613912345678")
    body = client_for(staff).get(QUEUE).content.decode()
    assert "李**" in body and "139****5678" in body
    assert "李大伟" not in body and "13912345678" not in body
    entry = AuditEntry.objects.get(operation="service.complaint.list")
    assert (entry.actor, entry.row_count, entry.pii_unmasked) == (staff, 1, False)


def test_the_pii_permission_shows_complainants_in_clear(editorial):
    complaint_create(guest_name="李大伟", guest_phone="+8613912345678")
    user = service_staff_create()
    pii = staff_with("club.view_member_pii")
    user.user_permissions.add(*pii.user_permissions.all())
    body = client_for(user).get(QUEUE).content.decode()
    assert "李大伟" in body and "13912345678" in body


def test_the_queue_filters_by_overdue_and_shows_sla_badges(staff):
    late = complaint_create(title="逾期未响应")
    fresh = complaint_create(title="刚刚受理")
    Complaint.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    client = client_for(staff)
    body = client.get(QUEUE, {"overdue": "yes"}).content.decode()
    assert late.reference in body and fresh.reference not in body
    assert "响应超时" in body
    body = client.get(QUEUE, {"overdue": "no"}).content.decode()
    assert fresh.reference in body and late.reference not in body
    assert "小时内到期" in body


def test_the_queue_filters_by_status_severity_category_and_handler(staff):
    plain = complaint_create(category="PROPERTY_MANAGEMENT")
    major = complaint_create(legal_action=True)
    handled = complaint_walk(complaint_create(), to="IN_PROGRESS", staff=staff)
    client = client_for(staff)

    def refs(**params):
        body = client.get(QUEUE, params).content.decode()
        return {c.reference for c in (plain, major, handled) if c.reference in body}

    assert refs(severity="MAJOR") == {major.reference}
    assert refs(category="PROPERTY_MANAGEMENT") == {plain.reference}
    assert refs(status="IN_PROGRESS") == {handled.reference}
    assert refs(handler=staff.pk) == {handled.reference}
    assert refs(status=["RECEIVED", "IN_PROGRESS"]) == {
        plain.reference,
        major.reference,
        handled.reference,
    }


def test_sorting_by_severity_puts_the_highest_level_first(staff):
    normal = complaint_create(title="普通")
    major = complaint_create(title="重大", legal_action=True)
    hot = complaint_create(title="热点", people_count=3)
    body = client_for(staff).get(QUEUE, {"ordering": "severity"}).content.decode()
    positions = [body.index(c.reference) for c in (major, hot, normal)]
    assert positions == sorted(positions)
    assert Complaint.objects.get(pk=hot.pk).severity == Severity.HOT


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(QUEUE).status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_costs_the_same_queries_for_10_and_100_rows(staff, settings):
    member = member_create()
    handler = service_staff_create()
    department = department_create()
    client = client_for(staff)
    for i in range(10):
        complaint_create(member=member if i % 2 else None)
    Complaint.objects.update(handler=handler, department=department)
    client.get(QUEUE)  # per-process caches (content types, menus) warmed
    with_10 = _queue_queries(client)
    for i in range(90):
        complaint_create(member=member if i % 2 else None)
    Complaint.objects.update(handler=handler, department=department)
    with_100 = _queue_queries(client)
    assert with_10 == with_100
    assert client.get(QUEUE).content.decode().count("data-object-id=") == 100


def test_bulk_assignment_assigns_each_complaint_through_the_service(staff):
    first, second = complaint_create(), complaint_create()
    closed = complaint_walk(complaint_create(), to="CLOSED", staff=staff)
    department = department_create(name="工程部")
    handler = service_staff_create()
    url = f"/admin/bulk/service/complaint/assign/?id={first.pk}&id={second.pk}&id={closed.pk}"
    client = client_for(staff)
    page = client.get(url).content.decode()
    assert "已关闭，不能分派" in page
    response = client.post(
        url + "&next=" + QUEUE,
        {"department": department.pk, "handler": handler.pk, "note": "批量分派"},
    )
    assert response.status_code == 302
    for complaint in (first, second):
        complaint.refresh_from_db()
        assert (complaint.department, complaint.handler) == (department, handler)
        assert complaint.events.filter(kind=EventKind.ASSIGNED).count() == 1
    assert not closed.events.filter(kind=EventKind.ASSIGNED, internal_note="批量分派").exists()


def test_bulk_assignment_needs_the_handle_permission(editorial):
    complaint = complaint_create()
    viewer = staff_with("wagtailadmin.access_admin", "service.view_complaint")
    response = client_for(viewer).post(
        f"/admin/bulk/service/complaint/assign/?id={complaint.pk}",
        {"department": department_create().pk, "handler": viewer.pk},
    )
    assert refused(response)
    assert not complaint.events.filter(kind=EventKind.ASSIGNED).exists()


def test_staff_enter_a_phone_complaint_through_the_filing_service(staff):
    response = client_for(staff).post(
        f"{QUEUE}add/",
        {
            "channel": Channel.PHONE,
            "guest_name": "赵女士",
            "guest_phone": "13700001111",
            "category": "PROPERTY_MANAGEMENT",
            "title": "电梯经常停运",
            "description": "3 号楼电梯本周停运两次。",
            "people_count": 1,
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}{complaint.reference}/"
    assert (complaint.channel, complaint.filed_by) == (Channel.PHONE, staff)
    # staff-entered: the four-hour clock, not the web's 24 hours
    assert complaint.first_response_due_at - complaint.created_at <= dt.timedelta(days=4)
    assert complaint.events.get().kind == EventKind.FILED


def test_staff_entry_reports_every_field_error_at_once(staff):
    response = client_for(staff).post(f"{QUEUE}add/", {"channel": "PHONE", "people_count": 1})
    form = response.context["form"]
    assert set(form.errors) >= {"category", "title", "description", "guest_name", "guest_phone"}
    assert not Complaint.objects.exists()


def test_the_case_library_finds_cases_by_words(staff):
    complaint = complaint_walk(complaint_create(title="地下车库漏水"), to="RESOLVED", staff=staff)
    services.case_write_up(
        actor=staff,
        complaint=complaint,
        cause="防水层施工不规范",
        handling="返工",
        result="不再漏水",
        lessons="加强隐蔽工程验收",
        corrective_actions="增加闭水试验",
    )
    client = client_for(staff)
    assert (
        complaint.reference in client.get("/admin/service/cases/", {"q": "防水"}).content.decode()
    )
    assert (
        complaint.reference
        not in client.get("/admin/service/cases/", {"q": "电梯"}).content.decode()
    )


def test_supervisors_add_calendar_overrides_and_service_staff_only_read_them(staff, supervisor):
    data = {"date": "2027-10-09", "is_working_day": "on", "name": "国庆调休上班"}
    assert refused(client_for(staff).post("/admin/service_calendar/new/", data))
    assert client_for(supervisor).post("/admin/service_calendar/new/", data).status_code == 302
    override = WorkingCalendarOverride.objects.get()
    assert (override.date, override.is_working_day) == (dt.date(2027, 10, 9), True)
    assert "国庆调休上班" in client_for(staff).get("/admin/service_calendar/").content.decode()


def test_the_members_record_shows_complaints_only_to_service_staff(editorial):
    member = member_create(name="王小明")
    complaint = complaint_create(member=member, title="门窗漏风")
    record = reverse("club_member:inspect", args=[member.pk])

    reader = member_reader(is_staff=True)
    reader.user_permissions.add(*staff_with("wagtailadmin.access_admin").user_permissions.all())
    body = client_for(reader).get(record).content.decode()
    assert "投诉记录" not in body and complaint.reference not in body
    assert not AuditEntry.objects.filter(operation="service.member_complaints.view").exists()

    entitled = service_staff_create()
    entitled.user_permissions.add(*reader.user_permissions.all())
    body = client_for(entitled).get(record).content.decode()
    assert "投诉记录" in body and complaint.reference in body
    entry = AuditEntry.objects.get(operation="service.member_complaints.view")
    assert (entry.actor, entry.target, entry.row_count) == (entitled, f"member:{member.pk}", 1)
