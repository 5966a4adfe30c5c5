"""The publication rules, as editors meet them in the Wagtail editor and at go-live.

A project is not published before its adverse factors outside the boundary are reviewed;
an event notice goes out at least three days ahead, unless someone holding the late
publication right publishes it, which is recorded.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision

from content.models import EventPage, EventPublicationOverride, ProjectPage
from core.roles import EDITORS, REVIEWERS
from tests.admin_pages import admin_datetime, client_for, create_url, edit_url, form_data
from tests.factories import UserFactory, article_create, event_create, project_create

pytestmark = pytest.mark.django_db

JUST_UNDER = dt.timedelta(days=2, hours=23)
JUST_OVER = dt.timedelta(days=3, minutes=5)
ADVERSE_MESSAGE = "红线外不利因素尚未审核公示"
LATE_MESSAGE = "活动通知须至少提前三天发布"


@pytest.fixture
def reviewer(editorial):
    return UserFactory(groups=[REVIEWERS])


@pytest.fixture
def editor(editorial):
    return UserFactory(groups=[EDITORS])


@pytest.fixture
def publisher(editorial):
    """May publish pages but holds no late-publication right."""
    group = Group.objects.create(name="发布员（测试）")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return UserFactory(groups=[group.name])


def publish_in_editor(user, page, **changes):
    client = client_for(user)
    data = form_data(client, edit_url(page), type(page), **changes)
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data)


def field_errors(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# --- projects: adverse factors ----------------------------------------------------------


def test_publishing_an_unreviewed_project_in_the_editor_shows_the_error_on_the_field(
    site_tree, reviewer
):
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    response = publish_in_editor(reviewer, project)
    assert response.status_code == 200
    assert ADVERSE_MESSAGE in " ".join(field_errors(response, "adverse_factors_reviewed"))
    project.refresh_from_db()
    assert not project.live


def test_a_reviewed_project_is_still_not_published_from_the_editor_without_legal(
    site_tree, reviewer
):
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    response = publish_in_editor(reviewer, project, adverse_factors_reviewed="on")
    assert response.status_code == 200
    assert "楼盘须经法务审核通过后方可发布" in response.content.decode()
    project.refresh_from_db()
    assert not project.live


def test_creating_and_publishing_an_unreviewed_project_creates_nothing(site_tree, reviewer):
    client = client_for(reviewer)
    url = create_url(ProjectPage, site_tree.projects)
    data = form_data(client, url, ProjectPage, title="新盘", slug="new-project", city="深圳")
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200
    assert ADVERSE_MESSAGE in " ".join(field_errors(response, "adverse_factors_reviewed"))
    assert not ProjectPage.objects.filter(slug="new-project").exists()


def test_an_editor_cannot_submit_an_unreviewed_project_for_review(site_tree, editor):
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    client = client_for(editor)
    data = form_data(client, edit_url(project), ProjectPage, **{"action-submit": "1"})
    response = client.post(edit_url(project), data)
    assert response.status_code == 200
    assert ADVERSE_MESSAGE in " ".join(field_errors(response, "adverse_factors_reviewed"))
    assert project.current_workflow_state is None


def test_the_model_refuses_an_unreviewed_project_on_every_other_path(site_tree, reviewer):
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    with pytest.raises(ValidationError, match=ADVERSE_MESSAGE):
        project.save_revision().publish(user=reviewer)
    project.refresh_from_db()
    assert not project.live


# --- events: three days' notice ----------------------------------------------------------


def test_a_publisher_without_the_right_cannot_publish_an_event_2_days_23_hours_ahead(
    site_tree, publisher
):
    event = event_create(site_tree, publish=False, starts_in=JUST_UNDER)
    response = publish_in_editor(publisher, event)
    assert response.status_code == 200
    assert LATE_MESSAGE in " ".join(field_errors(response, "starts_at"))
    event.refresh_from_db()
    assert not event.live


def test_a_publisher_without_the_right_publishes_an_event_3_days_ahead(site_tree, publisher):
    event = event_create(site_tree, publish=False, starts_in=JUST_OVER)
    response = publish_in_editor(publisher, event)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live
    assert not EventPublicationOverride.objects.exists()


def test_a_late_event_submitted_by_an_editor_is_published_only_by_an_approver_with_the_right(
    site_tree, editor, reviewer, publisher
):
    # the editor may submit it: the approval that publishes it is what the rule judges
    event = event_create(site_tree, publish=False, starts_in=JUST_UNDER)
    client = client_for(editor)
    data = form_data(client, edit_url(event), EventPage, **{"action-submit": "1"})
    assert client.post(edit_url(event), data).status_code == 302
    event.refresh_from_db()
    task_state = event.current_workflow_state.current_task_state

    # an approver without the late-publication right is refused, and nothing is published
    with pytest.raises(ValidationError), transaction.atomic():
        task_state.approve(user=publisher)
    event.refresh_from_db()
    assert not event.live

    # a reviewer holding it publishes, and the override is recorded against them
    task_state.refresh_from_db()
    task_state.approve(user=reviewer)
    event.refresh_from_db()
    assert event.live
    assert EventPublicationOverride.objects.get(event=event).user == reviewer


def test_an_editor_submits_an_event_3_days_ahead_for_review(site_tree, editor):
    event = event_create(site_tree, publish=False, starts_in=JUST_OVER)
    client = client_for(editor)
    data = form_data(client, edit_url(event), EventPage, **{"action-submit": "1"})
    response = client.post(edit_url(event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.current_workflow_state is not None and not event.live


def test_a_reviewer_publishes_a_late_event_and_the_override_is_recorded(site_tree, reviewer):
    event = event_create(site_tree, publish=False, starts_in=JUST_UNDER)
    response = publish_in_editor(reviewer, event)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live
    override = EventPublicationOverride.objects.get(event=event)
    assert override.user == reviewer
    assert abs(override.published_at - event.first_published_at) < dt.timedelta(seconds=1)
    assert override.hours_before_start == 70  # 2 days 22 h 59 min, minutes dropped by the form


def test_a_late_event_created_and_published_by_a_reviewer_is_recorded_once(site_tree, reviewer):
    client = client_for(reviewer)
    url = create_url(EventPage, site_tree.events)
    starts_at = timezone.now() + JUST_UNDER
    data = form_data(
        client,
        url,
        EventPage,
        title="周末亲子活动",
        slug="weekend",
        starts_at=admin_datetime(starts_at),
        **{"action-publish": "action-publish"},
    )
    response = client.post(url, data)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="weekend", alias_of__isnull=True)
    assert event.live
    assert EventPublicationOverride.objects.filter(event=event, user=reviewer).count() == 1


def test_the_model_path_records_who_published_late(site_tree, reviewer):
    event = event_create(site_tree, publish=False, starts_in=JUST_UNDER)
    event.save_revision().publish(user=reviewer)
    override = EventPublicationOverride.objects.get(event=event)
    assert (override.user, override.hours_before_start) == (reviewer, 70)


def test_the_model_path_refuses_a_late_event_to_a_user_without_the_right(site_tree):
    event = event_create(site_tree, publish=False, starts_in=JUST_UNDER)
    with pytest.raises(ValidationError, match=LATE_MESSAGE):
        event.save_revision().publish(user=UserFactory())
    event.refresh_from_db()
    assert not event.live
    assert not EventPublicationOverride.objects.exists()


def test_scheduling_is_judged_at_go_live_without_a_personal_override(site_tree, reviewer):
    # the event starts in 4 days; going live in 2 days leaves only 2 days' notice
    event = event_create(site_tree, publish=False, starts_in=dt.timedelta(days=4))
    go_live = admin_datetime(timezone.now() + dt.timedelta(days=2))
    response = publish_in_editor(reviewer, event, go_live_at=go_live)
    assert response.status_code == 200
    assert LATE_MESSAGE in " ".join(field_errors(response, "starts_at"))


# --- scheduled publishing ---------------------------------------------------------------


def _schedule_in_editor(user, page, go_live_at):
    response = publish_in_editor(user, page, go_live_at=admin_datetime(go_live_at))
    assert response.status_code == 302
    return Revision.page_revisions.filter(object_id=str(page.pk)).get(
        approved_go_live_at__isnull=False
    )


def _make_due(revision):
    """As if the go-live time had come: it is now a minute past."""
    due = timezone.now() - dt.timedelta(minutes=1)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()


def test_a_scheduled_page_goes_live_with_publish_scheduled(site_tree, reviewer):
    article = article_create(site_tree, publish=False)
    revision = _schedule_in_editor(reviewer, article, timezone.now() + dt.timedelta(hours=2))
    article.refresh_from_db()
    assert not article.live
    _make_due(revision)
    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.live


def test_the_rules_still_apply_at_go_live_and_a_refusal_does_not_hold_back_others(site_tree):
    # an event scheduled long ago, when its notice period was fine, now starts in 2 days
    late = event_create(site_tree, publish=False, starts_in=dt.timedelta(days=2))
    late_revision = late.save_revision()
    # and a project scheduled without its adverse-factor review
    unreviewed = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    unreviewed_revision = unreviewed.save_revision()
    fine = event_create(site_tree, publish=False, starts_in=dt.timedelta(days=10))
    fine_revision = fine.save_revision()
    for revision in (late_revision, unreviewed_revision, fine_revision):
        _make_due(revision)

    stderr = io.StringIO()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=stderr)

    for page in (late, unreviewed, fine):
        page.refresh_from_db()
    assert not late.live and not unreviewed.live
    assert fine.live
    assert LATE_MESSAGE in stderr.getvalue() and ADVERSE_MESSAGE in stderr.getvalue()
    late_revision.refresh_from_db()
    assert late_revision.approved_go_live_at is None  # unscheduled, so it blocks nothing
