"""A complaint's detail page in the admin: the timeline with both notes, an audit row per
view, buttons only for the actions the transition table allows, and each action going
through its service (state changed, one event row), refused ones refused with nothing
written."""

from __future__ import annotations

import pytest

from core.models import AuditEntry
from service import services
from service.choices import EventKind, Severity, Status
from service.lifecycle import TRANSITIONS
from service.models import CaseWriteUp, Complaint
from tests.admin_pages import client_for
from tests.factories import (
    complaint_create,
    complaint_walk,
    department_create,
    service_staff_create,
)
from tests.test_service_admin import refused

pytestmark = pytest.mark.django_db

QUEUE = "/admin/service/complaints/"


@pytest.fixture
def staff(editorial):
    return service_staff_create()


@pytest.fixture
def supervisor(editorial):
    return service_staff_create(supervisor=True)


def detail(complaint) -> str:
    return f"{QUEUE}{complaint.reference}/"


def action(complaint, name) -> str:
    return f"{QUEUE}{complaint.reference}/{name}/"


def offered(client, complaint) -> set[str]:
    body = client.get(detail(complaint)).content.decode()
    return {name for name in TRANSITIONS if f'data-action="{name}"' in body}


def test_the_detail_page_shows_both_notes_and_audits_the_view(staff, supervisor):
    complaint = complaint_walk(complaint_create(), to="IN_PROGRESS", staff=staff)
    services.complaint_record_handling(
        actor=staff, complaint=complaint, internal_note="业主情绪激动", public_note="明天上门"
    )
    body = client_for(staff).get(detail(complaint)).content.decode()
    assert "业主情绪激动" in body and "明天上门" in body and "处理时间线" in body
    entry = AuditEntry.objects.get(operation="service.complaint.view")
    assert (entry.actor, entry.target) == (staff, f"complaint:{complaint.reference}")
    # supervisors see who opened it; staff do not
    assert "data-view-log" not in body
    body = client_for(supervisor).get(detail(complaint)).content.decode()
    assert "data-view-log" in body and staff.username in body


@pytest.mark.parametrize(
    "status, allowed",
    [
        ("RECEIVED", {"acknowledge"}),
        ("ACKNOWLEDGED", {"start"}),
        ("IN_PROGRESS", {"resolve"}),
        ("RESOLVED", {"follow_up", "close", "reopen"}),
        ("FOLLOWED_UP", {"close", "reopen"}),
        ("CLOSED", {"reopen"}),
    ],
)
def test_only_the_transitions_the_table_allows_are_offered(status, allowed, staff):
    complaint = complaint_walk(complaint_create(), to=status, staff=staff)
    assert offered(client_for(staff), complaint) == allowed


def test_a_refused_transition_posted_anyway_is_refused_with_nothing_written(staff):
    complaint = complaint_create()
    client = client_for(staff)
    events = complaint.events.count()
    response = client.post(action(complaint, "resolve"), {"public_note": "已修好"})
    assert response.status_code == 200
    assert "不能进行此操作" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED and complaint.events.count() == events
    # and the form is not even shown for it
    response = client.get(action(complaint, "resolve"))
    assert response.status_code == 302 and response["Location"] == detail(complaint)


def _post(client, complaint, name, data):
    before = complaint.events.count()
    response = client.post(action(complaint, name), data)
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == detail(complaint)
    complaint.refresh_from_db()
    return list(complaint.events.order_by("pk")[before:])


def test_each_lifecycle_action_changes_state_through_the_service(staff):
    client = client_for(staff)
    department = department_create()
    complaint = complaint_create()

    [event] = _post(client, complaint, "acknowledge", {"public_note": "已收到，马上安排"})
    assert (complaint.status, event.kind, event.actor) == (
        Status.ACKNOWLEDGED,
        "ACKNOWLEDGED",
        staff,
    )

    [event] = _post(client, complaint, "assign", {"department": department.pk, "handler": staff.pk})
    assert (complaint.handler, complaint.department, event.kind) == (staff, department, "ASSIGNED")

    [event] = _post(client, complaint, "start", {"internal_note": "安排上门"})
    assert (complaint.status, event.kind) == (Status.IN_PROGRESS, EventKind.STARTED)

    [event] = _post(client, complaint, "handling", {"internal_note": "已查明原因"})
    assert event.kind == EventKind.HANDLING_NOTE

    [event] = _post(client, complaint, "resolve", {"public_note": "已修补"})
    assert (complaint.status, event.kind) == (Status.RESOLVED, EventKind.RESOLVED)

    [event] = _post(client, complaint, "follow_up", {"reached": "no", "internal_note": "无人接听"})
    assert (complaint.status, event.kind) == (Status.RESOLVED, EventKind.FOLLOW_UP_ATTEMPT)

    [event] = _post(
        client,
        complaint,
        "follow_up",
        {"reached": "yes", "rating": "4", "comment": "满意", "internal_note": "电话回访"},
    )
    assert (complaint.status, event.kind) == (Status.FOLLOWED_UP, EventKind.FOLLOWED_UP)
    assert complaint.follow_ups.get().rating == 4

    [event] = _post(client, complaint, "close", {})
    assert (complaint.status, event.kind) == (Status.CLOSED, EventKind.CLOSED)

    events = _post(client, complaint, "reopen", {"reason": "又漏水了"})
    assert complaint.status == Status.IN_PROGRESS
    assert EventKind.REOPENED in [e.kind for e in events]
    assert Severity.rank(complaint.severity) >= Severity.rank(Severity.IMPORTANT)


def test_an_action_form_reports_every_field_error_at_once(staff):
    complaint = complaint_walk(complaint_create(), to="RESOLVED", staff=staff)
    response = client_for(staff).post(action(complaint, "case"), {"cause": "施工问题"})
    errors = response.context["form"].errors
    assert set(errors) == {"handling", "result", "lessons", "corrective_actions"}
    assert not CaseWriteUp.objects.exists()


def test_a_major_complaint_cannot_be_closed_before_its_case_is_written(staff):
    complaint = complaint_walk(complaint_create(legal_action=True), to="FOLLOWED_UP", staff=staff)
    client = client_for(staff)
    response = client.post(action(complaint, "close"), {})
    assert "须先编写案例" in response.content.decode()
    case = {
        "cause": "防水层破损",
        "handling": "返工",
        "result": "已修复",
        "lessons": "加强验收",
        "corrective_actions": "增加闭水试验",
    }
    [event] = _post(client, complaint, "case", case)
    assert event.kind == EventKind.CASE_WRITTEN
    _post(client, complaint, "close", {})
    assert complaint.status == Status.CLOSED


def test_the_flags_raise_the_severity_through_the_engine(staff):
    complaint = complaint_create()
    events = _post(
        client_for(staff),
        complaint,
        "flags",
        {"media_exposure": "on", "people_count": 1, "caused_by_us": "on", "note": "报纸报道"},
    )
    assert complaint.media_exposure and complaint.severity == Severity.MAJOR
    assert [e.kind for e in events] == [EventKind.FLAGS_CHANGED, EventKind.SEVERITY_RAISED]


def test_linking_a_suggested_candidate_makes_an_issue_group(staff):
    first = complaint_create(title="地下车库墙面渗水", description="车库墙面大面积渗水发霉")
    second = complaint_create(title="车库墙面渗水严重", description="地下车库墙面渗水发霉")
    client = client_for(staff)
    body = client.get(detail(first)).content.decode()
    assert second.reference in body  # suggested on the detail page
    events = _post(client, first, "link", {"target": f"complaint:{second.pk}", "title": "车库渗水"})
    second.refresh_from_db()
    assert first.issue_group is not None and second.issue_group == first.issue_group
    assert first.issue_group.title == "车库渗水"
    assert EventKind.LINKED_TO_GROUP in [e.kind for e in events]


def test_only_a_supervisor_lowers_a_severity_and_must_give_a_reason(staff, supervisor):
    complaint = complaint_create(people_count=3)
    assert complaint.severity == Severity.HOT
    assert refused(
        client_for(staff).post(action(complaint, "lower"), {"severity": "NORMAL", "reason": "x"})
    )
    staff_page = client_for(staff).get(detail(complaint)).content.decode()
    assert 'data-action="lower"' not in staff_page
    client = client_for(supervisor)
    assert 'data-action="lower"' in client.get(detail(complaint)).content.decode()
    response = client.post(action(complaint, "lower"), {"severity": "NORMAL", "reason": ""})
    assert "reason" in response.context["form"].errors
    [event] = _post(client, complaint, "lower", {"severity": "NORMAL", "reason": "经核实仅一户"})
    assert (complaint.severity, event.kind) == (Severity.NORMAL, EventKind.SEVERITY_LOWERED)
    assert event.internal_note == "经核实仅一户"
    assert Complaint.objects.get().severity_override_of == Severity.HOT


def test_the_service_admin_pages_show_no_english(supervisor):
    from tests.test_admin_in_chinese import _english_on

    complaint = complaint_walk(complaint_create(legal_action=True), to="RESOLVED", staff=supervisor)
    other = complaint_create()
    services.case_write_up(
        actor=supervisor,
        complaint=complaint,
        cause="原因",
        handling="过程",
        result="结果",
        lessons="教训",
        corrective_actions="措施",
    )
    paths = [
        QUEUE,
        f"{QUEUE}?overdue=yes&ordering=severity",
        f"{QUEUE}add/",
        detail(complaint),
        detail(other),
        *(action(complaint, name) for name in ("follow_up", "close", "reopen", "case", "lower")),
        *(action(complaint, name) for name in ("assign", "handling", "flags", "link")),
        action(other, "acknowledge"),
        f"/admin/bulk/service/complaint/assign/?id={other.pk}",
        "/admin/service/cases/",
        "/admin/service/cases/?q=原因",
        "/admin/service_calendar/",
        "/admin/service_calendar/new/",
        "/admin/service_department/",
        "/admin/service_department/new/",
    ]
    client = client_for(supervisor)
    assert all(client.get(p).status_code == 200 for p in paths)
    assert _english_on(client, paths) == {}


def test_three_failed_follow_up_calls_recorded_in_the_admin_allow_closing(staff):
    complaint = complaint_walk(complaint_create(), to="RESOLVED", staff=staff)
    client = client_for(staff)
    response = client.post(action(complaint, "close"), {})
    assert "回访" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RESOLVED
    for n in range(3):
        _post(
            client, complaint, "follow_up", {"reached": "no", "internal_note": f"第{n + 1}次未接"}
        )
    assert complaint.follow_ups.get().failed_attempts == 3
    [event] = _post(client, complaint, "close", {"internal_note": "三次未能联系"})
    assert (complaint.status, event.kind) == (Status.CLOSED, EventKind.CLOSED)


def test_the_detail_page_masks_the_complainant_without_the_pii_permission(staff):
    complaint = complaint_create(guest_name="李大伟", guest_phone="+8613912345678")
    body = client_for(staff).get(detail(complaint)).content.decode()
    assert "李**" in body and "139****5678" in body
    assert "李大伟" not in body and "13912345678" not in body


def test_the_detail_page_lists_the_attachments_behind_the_audited_download(staff):
    from service.attachments import attachments_clean
    from service.services.attachments import attachments_attach
    from tests.service_forms_helpers import PDF_BYTES, upload

    complaint = complaint_create()
    attachments_attach(
        complaint=complaint,
        cleaned=attachments_clean(uploads=[upload("验收单.pdf", PDF_BYTES, "application/pdf")]),
    )
    [attachment] = complaint.attachments.all()

    body = client_for(staff).get(detail(complaint)).content.decode()

    assert "验收单.pdf" in body
    assert f'href="/service/attachments/{attachment.pk}/"' in body
