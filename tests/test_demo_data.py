"""`manage.py load_demo_data`: a complete, rule-abiding demo club, loaded idempotently.

Loading takes a few seconds, so the module loads once (the `demo` fixture, inside a
transaction rolled back when the module ends) and every test starts from that loaded state;
each test's own changes are rolled back as usual. Loading again in a test is therefore the
"second run" the idempotency rules are about.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision

from content import rules
from content.choices import SalesStatus
from content.models import (
    AdverseFactor,
    ArticlePage,
    EventPage,
    EventPublicationOverride,
    Merchant,
    NewsletterIssuePage,
    ProjectPage,
    UnitType,
)
from core.roles import GROUPS
from events.choices import RecordKind, RegistrationStatus
from events.models import EventRecord, Registration, WalkIn
from events.staff_selectors import event_records_state
from portal.demo.accounts import DEMO_PASSWORD, STAFF_ROLES

pytestmark = pytest.mark.django_db

STAFF_USERNAMES = ["admin"] + [role.username for role in STAFF_ROLES]


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def sign_in(identifier: str, password: str):
    # django-axes, first in AUTHENTICATION_BACKENDS, needs the request.
    return authenticate(RequestFactory().post("/"), username=identifier, password=password)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The command's output of a first load into an empty database, for the whole module."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=media):
        assert not Page.objects.filter(depth__gt=2).exists()
        with transaction.atomic():
            yield load()
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _debug_on(demo, settings):
    """The command is a development tool: it runs with DEBUG on unless forced."""
    settings.DEBUG = True


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "page log entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "merchants": Merchant.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "unit types": UnitType.objects.count(),
        "adverse factors": AdverseFactor.objects.count(),
        "publication overrides": EventPublicationOverride.objects.count(),
        "view restrictions": PageViewRestriction.objects.count(),
        "registrations": Registration.objects.count(),
        "walk-ins": WalkIn.objects.count(),
        "event records": EventRecord.objects.count(),
    }


def test_loading_twice_changes_nothing(demo):
    first = snapshot()
    again = load()
    assert snapshot() == first
    counts = "projects 7, events 20, articles 30, newsletters 12, merchants 15, images 20"
    assert counts in demo and counts in again


def test_demo_content_covers_every_case_the_minimums_ask_for():
    projects = ProjectPage.objects.live()
    assert projects.count() >= 6
    assert set(projects.values_list("city", flat=True)) == {"深圳", "广州", "上海"}
    statuses = set(projects.values_list("sales_status", flat=True))
    assert {SalesStatus.PLANNING, SalesStatus.PRE_SALE, SalesStatus.DELIVERED} <= statuses
    for project in projects:
        assert project.adverse_factors_reviewed
        assert 2 <= project.unit_types.count() <= 4
        assert project.phases.exists() and project.gallery_images.exists()
        assert project.latitude is not None and project.longitude is not None
    assert any(p.adverse_factors.count() == 0 for p in projects), "one 'none identified'"
    assert any(p.open_days.exists() for p in projects)

    events = EventPage.objects.live()
    now = timezone.now()
    assert events.count() >= 20
    assert events.filter(starts_at__lt=now).exists() and events.filter(starts_at__gt=now).exists()
    assert events.filter(price=0).exists() and events.filter(price__gt=0).exists()
    assert len(set(events.values_list("audience", flat=True))) == 3

    issues = NewsletterIssuePage.objects.live()
    assert sorted(issues.values_list("issue_number", flat=True)) == list(range(1, 13))
    assert all(len(issue.sections) >= 3 for issue in issues)
    assert ArticlePage.objects.live().count() >= 30
    assert Merchant.objects.count() >= 15


def test_the_unlicensed_project_has_prices_on_file_but_shows_none_and_needs_a_login():
    planning = ProjectPage.objects.get(sales_status=SalesStatus.PLANNING)
    assert not planning.is_licensed
    assert planning.price_min_per_sqm and planning.price_max_per_sqm
    assert rules.project_price_range(planning) is None
    assert PageViewRestriction.objects.filter(page=planning).exists()

    pre_sale = ProjectPage.objects.filter(sales_status=SalesStatus.PRE_SALE).first()
    assert pre_sale.is_licensed
    assert rules.project_price_range(pre_sale) is not None


def test_events_announced_less_than_three_days_ahead_carry_an_override_record():
    for event in EventPage.objects.live():
        notice = event.starts_at - event.first_published_at
        recorded = event.publication_overrides.exists()
        assert recorded == (notice < dt.timedelta(days=3)), event.title


def test_demo_accounts_sign_in_with_the_demo_password_and_sit_in_their_groups():
    for identifier in ["13800138000", "+8613800138000", "member@example.com"]:
        assert sign_in(identifier, DEMO_PASSWORD) is not None
    for username in STAFF_USERNAMES:
        user = sign_in(username, DEMO_PASSWORD)
        assert user is not None and user.is_staff, username
    assert get_user_model().objects.get(username="admin").is_superuser
    for role in STAFF_ROLES:
        user = get_user_model().objects.get(username=role.username)
        assert user.groups.filter(name=GROUPS[role.group_key]).exists()


def test_a_rerun_keeps_changed_passwords_unless_asked_to_reset_them():
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("my-own-secret-2026")
    editor.save()

    load()
    assert sign_in("editor", "my-own-secret-2026") is not None

    load("--reset-passwords")
    assert sign_in("editor", DEMO_PASSWORD) is not None


def test_the_command_refuses_to_run_with_debug_off_unless_forced(settings):
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("my-own-secret-2026")
    editor.save()
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off.*--force"):
        load("--reset-passwords")
    assert sign_in("editor", "my-own-secret-2026") is not None

    assert "Demo data ready" in load("--force", "--reset-passwords")
    assert sign_in("editor", DEMO_PASSWORD) is not None


def test_the_output_lists_the_demo_logins(demo):
    assert DEMO_PASSWORD in demo
    for login in STAFF_USERNAMES + ["13800138000", "member@example.com"]:
        assert login in demo


def test_the_members_option_adds_bulk_members_once():
    from portal.demo.members import bulk_member_count

    load("--members", "25")
    assert bulk_member_count() == 25
    load("--members", "25")
    assert bulk_member_count() == 25


# --- complaints (portal.demo.complaints) ----------------------------------------------------


def test_demo_complaints_span_a_year_in_the_category_mix():
    from collections import Counter

    from service.models import Complaint

    complaints = Complaint.objects.all()
    assert complaints.count() >= 700
    now = timezone.now()
    first = complaints.order_by("created_at").first().created_at
    assert now - dt.timedelta(days=366) <= first <= now - dt.timedelta(days=330)
    mix = Counter(complaints.values_list("category", flat=True))
    ranked = [category for category, _ in mix.most_common()]
    assert len(mix) == 6
    # DOMAIN.md: engineering quality by far the largest, then planning and design.
    assert ranked[:2] == ["ENGINEERING_QUALITY", "PLANNING_DESIGN"]
    assert mix["ENGINEERING_QUALITY"] > 0.75 * complaints.count()
    assert complaints.filter(member__user__phone="+8613800138000").exists()


def test_demo_complaints_include_escalated_overdue_rated_and_written_up_ones():
    from service.choices import EventKind
    from service.models import CaseWriteUp, Complaint, FollowUp
    from service.selectors.sla import overdue_q
    from service.services import complaint_file

    complaints = Complaint.objects.all()
    assert (
        complaints.filter(severity="HOT").exists() and complaints.filter(severity="MAJOR").exists()
    )
    assert complaints.filter(issue_group__isnull=False).count() >= 12
    assert complaints.filter(overdue_q(timezone.now())).exists()
    assert FollowUp.objects.filter(rating__isnull=False, complaint__status="CLOSED").count() > 300
    assert CaseWriteUp.objects.exists()
    assert not complaints.filter(severity="MAJOR", status="CLOSED", case_write_up__isnull=True)
    # the timeline agrees with the status: filed first, the last transition is the status
    for complaint in complaints.prefetch_related("events")[:200]:
        events = list(complaint.events.all())
        assert events[0].kind == EventKind.FILED
        moves = [e.to_status for e in events if e.to_status]
        assert moves[-1] == complaint.status
    # the reference counters moved past the demo's numbers: a new filing gets a fresh one
    filed = complaint_file(
        category="OTHER",
        title="测试",
        description="测试",
        guest_name="王五",
        guest_phone="13912345678",
    )
    assert Complaint.objects.filter(reference=filed.reference).count() == 1


def test_loading_twice_adds_no_complaints(demo):
    from service.models import Complaint

    before = Complaint.objects.count()
    load()
    assert Complaint.objects.count() == before


def test_demo_free_events_have_registrations_waiting_lists_check_ins_walk_ins_and_records():
    from django.db.models import Sum

    from club.selectors import member_owns_project

    full = EventPage.objects.get(slug="planning-survey-salon")
    by_status = dict(
        Registration.objects.filter(event=full)
        .values_list("status")
        .annotate(n=Sum("party_size"))
        .values_list("status", "n")
    )
    assert by_status == {
        RegistrationStatus.REGISTERED: full.capacity,
        RegistrationStatus.WAITLISTED: 5,
        RegistrationStatus.CANCELLED: 1,
    }
    for event in EventPage.objects.filter(capacity__isnull=False):
        taken = Registration.objects.filter(
            event=event, status=RegistrationStatus.REGISTERED
        ).aggregate(n=Sum("party_size"))["n"]
        assert (taken or 0) <= event.capacity, event.slug

    fair = EventPage.objects.get(slug="guangzhou-mid-autumn-fair")
    checked = Registration.objects.filter(event=fair, checked_in_at__isnull=False)
    assert 0 < checked.count() < Registration.objects.filter(event=fair).count()
    assert WalkIn.objects.filter(event=fair).exists()
    assert set(EventRecord.objects.filter(event=fair).values_list("kind", flat=True)) == {
        RecordKind.SIGN_IN_SHEET,
        RecordKind.PHOTO,
    }

    meeting = EventPage.objects.get(slug="meilin-owners-meeting")
    state = event_records_state(event=meeting)
    assert state.owner_meeting and state.has_minutes and state.closed_at is not None
    attendees = Registration.objects.filter(event=meeting).select_related("member")
    assert attendees and all(
        member_owns_project(member=r.member, project=meeting.audience_project) for r in attendees
    )
