"""Who sees which complaint, and what of it: members their own and public notes only;
staff with the service permission everything, audited; anyone else nothing. Plus the
staff queue's query count, issue-group suggestions and the case library."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.errors import NotFoundError
from core.models import AuditEntry
from service import selectors, services
from service.choices import EventKind, Severity
from service.models import Complaint
from service.permissions import HANDLE, SUPERVISE, VIEW
from tests.factories import (
    UserFactory,
    complaint_create,
    complaint_walk,
    department_create,
    member_create,
    project_create,
    service_staff_create,
)

pytestmark = pytest.mark.django_db

SECRET = "内部：业主情绪激动，注意措辞"


def _complaint_with_internal_note(member):
    staff = service_staff_create()
    complaint = complaint_walk(complaint_create(member=member), to="ACKNOWLEDGED", staff=staff)
    services.complaint_assign(
        actor=staff, complaint=complaint, department=department_create(), handler=staff
    )
    return services.complaint_start(
        actor=staff, complaint=complaint, internal_note=SECRET, public_note="已安排上门。"
    )


def test_the_service_group_handles_and_supervisors_also_supervise():
    assert {p.codename for p in Group.objects.get(name="客服").permissions.all()} >= {
        "view_complaint",
        "handle_complaint",
    }
    staff, supervisor = service_staff_create(), service_staff_create(supervisor=True)
    assert staff.has_perms([VIEW, HANDLE]) and not staff.has_perm(SUPERVISE)
    assert supervisor.has_perms([VIEW, HANDLE, SUPERVISE])


def test_a_member_sees_only_their_own_complaints():
    mine, theirs = member_create(), member_create()
    own = complaint_create(member=mine)
    other = complaint_create(member=theirs)
    assert list(selectors.complaints_for_member(member=mine)) == [own]
    with pytest.raises(NotFoundError):
        selectors.complaint_by_reference(actor=mine.user, reference=other.reference)
    assert selectors.complaint_by_reference(actor=mine.user, reference=own.reference) == own


def test_a_member_never_sees_an_internal_note():
    member = member_create()
    complaint = _complaint_with_internal_note(member)
    fetched = selectors.complaint_for_member(member=member, reference=complaint.reference)
    timeline = selectors.complaint_public_timeline(complaint=fetched)
    assert [e.kind for e in timeline] == [
        EventKind.FILED,
        EventKind.ACKNOWLEDGED,
        EventKind.STARTED,
    ]
    assert timeline[-1].note == "已安排上门。"
    assert all(SECRET not in e.note for e in timeline)
    assert not hasattr(timeline[0], "internal_note")
    # a handling record shows on the timeline only when it has a note for the complainant
    staff = service_staff_create()
    services.complaint_record_handling(actor=staff, complaint=complaint, internal_note="只给员工看")
    services.complaint_record_handling(
        actor=staff,
        complaint=complaint,
        internal_note="材料已订",
        public_note="材料已到，周五施工。",
    )
    timeline = selectors.complaint_public_timeline(complaint=complaint)
    assert [e.note for e in timeline][-1] == "材料已到，周五施工。"
    assert len(timeline) == 4 and all("只给员工看" not in e.note for e in timeline)
    # staff see it
    notes = selectors.complaint_staff_timeline(actor=staff, complaint=complaint)
    assert SECRET in [e.internal_note for e in notes]


def test_the_members_list_prefetches_the_public_timeline(django_assert_num_queries):
    member = member_create()
    for _ in range(3):
        complaint_create(member=member)
    with django_assert_num_queries(2):
        rows = list(selectors.complaints_for_member(member=member))
        timelines = [selectors.complaint_public_timeline(complaint=c) for c in rows]
    assert [len(t) for t in timelines] == [1, 1, 1]


def test_a_staff_role_without_the_service_permission_sees_no_complaint():
    complaint = complaint_create()
    marketing = UserFactory(groups=["营销"])
    assert list(selectors.complaints_for_staff(actor=marketing)) == []
    with pytest.raises(NotFoundError):
        selectors.complaint_by_reference(actor=marketing, reference=complaint.reference)
    assert list(selectors.complaint_staff_timeline(actor=marketing, complaint=complaint)) == []
    assert selectors.issue_group_candidates(actor=marketing, complaint=complaint) == []


def test_every_staff_view_of_a_complaint_is_audited():
    staff = service_staff_create()
    complaint = complaint_create()
    selectors.complaint_by_reference(actor=staff, reference=complaint.reference)
    selectors.complaint_for_staff(actor=staff, reference=complaint.reference)
    log = selectors.complaint_view_log(actor=staff, complaint=complaint)
    assert [(e.actor, e.target) for e in log] == [(staff, f"complaint:{complaint.reference}")] * 2


def test_a_member_reading_their_own_complaint_is_not_a_staff_view():
    member = member_create()
    complaint = complaint_create(member=member)
    selectors.complaint_by_reference(actor=member.user, reference=complaint.reference)
    assert not AuditEntry.objects.filter(operation="service.complaint.view").exists()


def _read_queue(staff, n):
    rows = list(selectors.complaints_for_staff(actor=staff)[:n])
    return [
        (
            c.reference,
            c.project and c.project.title,
            c.department and c.department.name,
            c.handler and c.handler.username,
            c.member and c.member.name,
            c.overdue,
        )
        for c in rows
    ]


def test_the_staff_queue_costs_the_same_queries_for_10_and_100_rows(
    site_tree, django_assert_num_queries
):
    staff = service_staff_create()
    project = project_create(site_tree)
    department = department_create()
    member = member_create()
    for i in range(100):
        complaint_create(project=project, member=member if i % 2 else None)
    Complaint.objects.update(department=department, handler=staff)
    staff = type(staff).objects.get(pk=staff.pk)  # a fresh user: permission cache empty

    with django_assert_num_queries(3):  # the user's two permission lookups, one SELECT
        assert len(_read_queue(staff, 10)) == 10
    with django_assert_num_queries(1):
        assert len(_read_queue(staff, 100)) == 100


def test_the_queue_filters_by_status_severity_category_project_and_handler(site_tree):
    staff = service_staff_create()
    project = project_create(site_tree)
    hot = complaint_create(people_count=3, project=project)
    planning = complaint_create(category="PLANNING_DESIGN")
    handled = complaint_walk(complaint_create(), to="IN_PROGRESS", staff=staff)

    def refs(**filters):
        qs = selectors.complaints_for_staff(
            actor=staff, filters=selectors.ComplaintFilter(**filters)
        )
        return {c.pk for c in qs}

    assert refs(severity=[Severity.HOT]) == {hot.pk}
    assert refs(category=["PLANNING_DESIGN"]) == {planning.pk}
    assert refs(project_ids=[project.pk]) == {hot.pk}
    assert refs(handler_ids=[staff.pk]) == {handled.pk}
    assert refs(status=["IN_PROGRESS"]) == {handled.pk}
    assert refs(unassigned=True) == {hot.pk, planning.pk}


def test_similar_complaints_on_the_same_project_are_suggested_for_an_issue_group(site_tree):
    staff = service_staff_create()
    project, elsewhere = project_create(site_tree), project_create(site_tree)
    complaint = complaint_create(
        project=project, title="地下车库漏水", description="地下车库顶板漏水，车被泡。"
    )
    similar = complaint_create(
        project=project, title="车库顶板漏水", description="地下车库顶板一直漏水。"
    )
    unrelated = complaint_create(
        project=project, title="物业费太高", description="物业收费不合理。"
    )
    complaint_create(project=elsewhere, title="地下车库漏水", description="地下车库漏水。")
    complaint_create(
        project=project, category="PROPERTY_MANAGEMENT", title="地下车库漏水", description="漏水"
    )

    candidates = selectors.issue_group_candidates(actor=staff, complaint=complaint)

    assert [c.complaint for c in candidates] == [similar]
    assert candidates[0].score > 0.3
    assert unrelated not in [c.complaint for c in candidates]


def test_the_case_library_finds_cases_by_chinese_words():
    staff = service_staff_create()
    complaint = complaint_create(title="外墙渗水", description="雨季外墙渗水严重。")
    services.case_write_up(
        actor=staff,
        complaint=complaint,
        cause="防水层施工不到位",
        handling="重做防水",
        result="业主满意",
        lessons="淋水试验",
        corrective_actions="增加工序",
    )
    assert [c.complaint for c in selectors.case_library_search(actor=staff, query="防水施工")] == [
        complaint
    ]
    assert list(selectors.case_library_search(actor=staff, query="电梯")) == []
    assert list(selectors.case_library_search(actor=UserFactory(), query="防水")) == []


def test_a_members_data_export_holds_their_complaints_without_internal_notes():
    import json

    from club.services import member_data_export

    member = member_create()
    complaint = _complaint_with_internal_note(member)
    complaint_create(member=member_create())  # someone else's

    exported = json.loads(json.dumps(member_data_export(member=member)))["complaints"]

    assert [c["reference"] for c in exported] == [complaint.reference]
    assert [e["kind"] for e in exported[0]["timeline"]] == ["FILED", "ACKNOWLEDGED", "STARTED"]
    assert SECRET not in json.dumps(exported, ensure_ascii=False)
