"""The pre-licence rule and the legal review hold under drafts, direct publishing and time.

Each test reproduces from outside what an editor, a reviewer or an anonymous visitor did
(issue: editorial integrity): a saved draft must not expose an unlicensed project, the
editor's 发布 button must not skip the legal step, and a licence counts from its date in
China, when a scheduled task makes the project public.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction, TaskState

from content import rules
from content.editorial import LEGAL, LEGAL_TASK, REVIEWERS
from content.models import ProjectPage
from content.services import project_publish_through_workflow, projects_licence_go_live
from tests.admin_pages import client_for, edit_url, form_data
from tests.factories import UserFactory, project_create

pytestmark = pytest.mark.django_db

REST_PROJECTS = "/api/v2/pages/?type=content.ProjectPage"


def gql(client, query, **extra):
    response = client.post("/graphql/", {"query": query}, content_type="application/json", **extra)
    return response.json()


def anonymous_sees(client, slug: str) -> dict[str, bool]:
    """Where an anonymous visitor finds the project: every generic path and ours."""
    rest = [item["meta"]["slug"] for item in client.get(REST_PROJECTS).json()["items"]]
    page = gql(client, f'{{ page(slug: "{slug}") {{ title }} }}')["data"]["page"]
    pages = gql(client, '{ pages(contentType: "content.ProjectPage") { slug } }')["data"]
    project = gql(client, f'{{ project(slug: "{slug}") {{ slug }} }}')["data"]["project"]
    return {
        "rest": slug in rest,
        "grapple page": page is not None,
        "grapple pages": {"slug": slug} in pages["pages"],
        "projects API": project is not None,
        "sitemap": f"/projects/{slug}/" in client.get("/sitemap.xml").content.decode(),
    }


NOWHERE = {
    "rest": False,
    "grapple page": False,
    "grapple pages": False,
    "projects API": False,
    "sitemap": False,
}


@pytest.fixture
def reviewer(editorial):
    return UserFactory(groups=[REVIEWERS])


@pytest.fixture
def legal(editorial):
    return UserFactory(groups=[LEGAL])


# --- 1. a draft never lifts the rule ---------------------------------------------------


def test_saving_a_draft_with_a_licence_keeps_an_unlicensed_live_project_hidden(
    client, site_tree, reviewer
):
    project = project_create(site_tree, licensed=False, slug="baiyun-hills")
    # an editor types a licence into the live project and saves a draft (what autosave does)
    editor_client = client_for(reviewer)
    data = form_data(
        editor_client,
        edit_url(project),
        ProjectPage,
        presale_licence_number="穗房预许字（2026）第001号",
        presale_licence_date="2026-03-01",
    )
    response = editor_client.post(edit_url(project), data)
    assert response.status_code == 302
    assert ProjectPage.objects.get(pk=project.pk).has_unpublished_changes

    assert anonymous_sees(client, "baiyun-hills") == NOWHERE
    assert PageViewRestriction.objects.filter(page=project).exists()


def test_a_draft_revision_saved_in_a_shell_changes_nothing_either(client, site_tree):
    project = project_create(site_tree, licensed=False, slug="baiyun-hills")
    draft = ProjectPage.objects.get(pk=project.pk)
    draft.presale_licence_number = "穗房预许字（2026）第001号"
    draft.presale_licence_date = dt.date(2026, 3, 1)
    draft.save_revision()

    assert anonymous_sees(client, "baiyun-hills") == NOWHERE


def test_the_generic_paths_apply_the_licence_rule_without_a_restriction_row(client, site_tree):
    project = project_create(site_tree, licensed=False, slug="baiyun-hills")
    PageViewRestriction.objects.filter(page=project).delete()  # the second wall is gone

    assert anonymous_sees(client, "baiyun-hills") == NOWHERE
    assert client.get(project.url).status_code == 404


def test_publishing_the_licence_through_the_workflow_makes_the_project_public(
    client, site_tree, legal, reviewer
):
    project = project_create(site_tree, licensed=False, slug="baiyun-hills")
    project.presale_licence_number = "穗房预许字（2026）第001号"
    project.presale_licence_date = dt.date(2026, 3, 1)
    revision = project.save_revision()

    project_publish_through_workflow(revision=revision, legal=legal, reviewer=reviewer)

    assert anonymous_sees(client, "baiyun-hills") == dict.fromkeys(NOWHERE, True)
    assert not PageViewRestriction.objects.filter(page=project).exists()


# --- 2. a project goes live only through its legal approval -------------------------------


def test_a_project_revision_without_legal_approval_is_refused_on_the_model_path(
    site_tree, reviewer
):
    project = project_create(site_tree, publish=False)
    with pytest.raises(ValidationError, match="法务审核"):
        project.save_revision().publish(user=reviewer)
    assert not ProjectPage.objects.get(pk=project.pk).live


def test_the_legal_approval_of_that_very_revision_publishes_it(site_tree, legal, reviewer):
    project = project_create(site_tree, publish=False)
    revision = project.save_revision()

    project_publish_through_workflow(revision=revision, legal=legal, reviewer=reviewer)

    project.refresh_from_db()
    assert project.live and project.live_revision_id == revision.pk
    approval = TaskState.objects.get(revision=revision, task__name=LEGAL_TASK)
    assert approval.status == TaskState.STATUS_APPROVED and approval.finished_by == legal


def test_a_revision_edited_after_the_legal_approval_goes_back_to_legal(site_tree, legal, reviewer):
    project = project_create(site_tree, publish=False)
    project.save_revision()
    state = project.get_workflow().start(project, reviewer)
    state.current_task_state.approve(user=legal)  # legal approves that revision
    project.intro = "法务审核后又改了文字"
    edited = project.save_revision()  # an edit while the review step is pending

    state.refresh_from_db()
    TaskState.objects.get(pk=state.current_task_state.pk).approve(user=reviewer)

    state.refresh_from_db()
    assert not ProjectPage.objects.get(pk=project.pk).live
    assert state.current_task_state.task.name == LEGAL_TASK  # legal again, for the edit
    TaskState.objects.get(pk=state.current_task_state.pk).approve(user=legal)
    state.refresh_from_db()
    TaskState.objects.get(pk=state.current_task_state.pk).approve(user=reviewer)
    published = ProjectPage.objects.get(pk=project.pk)
    assert published.live and published.live_revision_id == edited.pk


def test_an_unapproved_revision_is_refused_even_at_the_workflows_end(site_tree, legal, reviewer):
    project = project_create(site_tree, publish=False)
    first = project.save_revision()
    project_publish_through_workflow(revision=first, legal=legal, reviewer=reviewer)
    project.intro = "未经法务审核的修改"
    with pytest.raises(ValidationError, match="法务审核"):
        project.save_revision().publish(user=reviewer)
    assert ProjectPage.objects.get(pk=project.pk).live_revision_id == first.pk


# --- 3. a licence counts from its date, China time ---------------------------------------


def test_a_licence_counts_from_midnight_of_its_date_in_china():
    issued = dt.date(2026, 12, 20)
    project = ProjectPage(presale_licence_number="深房许字第1号", presale_licence_date=issued)
    # 2026-12-19 15:59 UTC is 23:59 in Shanghai; 16:00 UTC is midnight of the 20th there
    before = dt.datetime(2026, 12, 19, 15, 59, tzinfo=dt.UTC)
    at = dt.datetime(2026, 12, 19, 16, 0, tzinfo=dt.UTC)

    assert not rules.project_is_licensed(project, today=rules.licence_today(before))
    assert rules.project_is_licensed(project, today=rules.licence_today(at))
    assert ProjectPage.objects.none().licensed(today=rules.licence_today(at)).count() == 0


def test_a_future_dated_licence_shows_neither_the_project_nor_prices(client, site_tree):
    tomorrow = rules.licence_today() + dt.timedelta(days=1)
    project_create(site_tree, slug="future", presale_licence_date=tomorrow)

    assert anonymous_sees(client, "future") == NOWHERE
    member = client_for(UserFactory())
    body = gql(
        member, '{ project(slug: "future") { presaleLicence { number } priceRange { minPerSqm } } }'
    )
    assert body["data"]["project"] == {"presaleLicence": None, "priceRange": None}


def test_the_project_becomes_public_on_its_licence_day_by_the_go_live_task(client, site_tree):
    today = rules.licence_today()
    project = project_create(site_tree, slug="future", presale_licence_date=today)
    # published while the licence still lay in the future: behind the restriction
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)

    assert projects_licence_go_live(today=today - dt.timedelta(days=1)) == []
    assert PageViewRestriction.objects.filter(page=project).exists()
    assert [p.pk for p in projects_licence_go_live(today=today)] == [project.pk]
    assert not PageViewRestriction.objects.filter(page=project).exists()
    assert anonymous_sees(client, "future") == dict.fromkeys(NOWHERE, True)


def test_copying_a_project_as_published_is_refused(site_tree, reviewer):
    project = project_create(site_tree, slug="original")
    client = client_for(reviewer)
    response = client.post(
        f"/admin/pages/{project.pk}/copy/",
        {
            "new_title": "复制的楼盘",
            "new_slug": "copied",
            "new_parent_page": site_tree.projects.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert not ProjectPage.objects.filter(slug="copied", live=True).exists()


def test_the_licensed_queryset_and_the_rule_agree_on_every_case(site_tree):
    today = rules.licence_today()
    cases = {
        "complete": ("深房许字第1号", today - dt.timedelta(days=1)),
        "today": ("深房许字第2号", today),
        "tomorrow": ("深房许字第3号", today + dt.timedelta(days=1)),
        "blank-number": ("   ", today),
        "no-date": ("深房许字第4号", None),
    }
    for slug, (number, issued_on) in cases.items():
        project = project_create(site_tree, slug=slug, publish=False)
        ProjectPage.objects.filter(pk=project.pk).update(
            presale_licence_number=number, presale_licence_date=issued_on
        )

    in_sql = set(ProjectPage.objects.licensed().values_list("slug", flat=True))
    in_python = {p.slug for p in ProjectPage.objects.all() if rules.project_is_licensed(p)}

    assert in_sql == in_python == {"complete", "today"}
    assert set(ProjectPage.objects.unlicensed().values_list("slug", flat=True)) == {
        "tomorrow",
        "blank-number",
        "no-date",
    }
