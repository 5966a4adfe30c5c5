"""Plone-style editing in the Wagtail admin: roles, moderation, locking, revisions, locales."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content.editorial import (
    EDITORS,
    GROUPS,
    LEGAL,
    LEGAL_TASK,
    MARKETING,
    MODERATION_WORKFLOW,
    PROJECT_WORKFLOW,
    REVIEW_TASK,
    REVIEWERS,
    SALES,
    SERVICE,
    editorial_setup,
)
from content.models import ProjectPage
from tests.admin_pages import client_for, edit_url, form_data
from tests.factories import UserFactory, article_create, project_create

pytestmark = pytest.mark.django_db

ADVERSE_MESSAGE = "红线外不利因素尚未审核公示"


@pytest.fixture
def staff(editorial):
    return {key: UserFactory(groups=[name]) for key, name in GROUPS.items()}


# --- groups and permissions ---------------------------------------------------------------


def test_the_six_staff_groups_exist_under_their_chinese_names(editorial):
    assert GROUPS == {
        "editor": "编辑",
        "reviewer": "审核",
        "legal": "法务",
        "service": "客服",
        "marketing": "营销",
        "sales": "销售",
    }
    assert set(GROUPS.values()) <= set(Group.objects.values_list("name", flat=True))
    # Wagtail's English stock groups are gone, so the admin shows one set of roles.
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_setup_is_idempotent(editorial):
    def counts():
        return (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Workflow.objects.count(),
            WorkflowTask.objects.count(),
            WorkflowPage.objects.count(),
            sum(g.permissions.count() for g in Group.objects.all()),
        )

    before = counts()
    editorial_setup()
    assert counts() == before


def test_every_staff_role_reaches_the_admin(staff):
    for user in staff.values():
        assert user.has_perm("wagtailadmin.access_admin")


def test_editors_edit_but_do_not_publish_reviewers_publish(site_tree, staff):
    article = article_create(site_tree, publish=False)
    editor, reviewer = staff["editor"], staff["reviewer"]
    assert article.permissions_for_user(editor).can_edit()
    assert not article.permissions_for_user(editor).can_publish()
    assert site_tree.articles.permissions_for_user(editor).can_add_subpage()
    assert article.permissions_for_user(reviewer).can_publish()
    for key in ("legal", "service", "marketing", "sales"):
        assert not article.permissions_for_user(staff[key]).can_edit()


def test_only_reviewers_hold_the_late_event_publication_right(staff):
    holders = {key for key, user in staff.items() if user.has_perm("content.publish_event_late")}
    assert holders == {"reviewer"}


def test_editors_manage_merchants_images_and_documents(staff):
    client = client_for(staff["editor"])
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    assert client.get(reverse("wagtaildocs:add")).status_code == 200
    assert staff["editor"].has_perm("content.change_merchant")
    assert not staff["service"].has_perm("content.change_merchant")


# --- workflows ------------------------------------------------------------------------------


def test_all_content_goes_through_review_and_projects_through_legal_first(site_tree, editorial):
    article = article_create(site_tree, publish=False)
    project = project_create(site_tree, publish=False)
    assert site_tree.home.get_workflow().name == MODERATION_WORKFLOW
    assert [t.name for t in article.get_workflow().tasks] == [REVIEW_TASK]
    assert project.get_workflow().name == PROJECT_WORKFLOW
    assert [t.name for t in project.get_workflow().tasks] == [LEGAL_TASK, REVIEW_TASK]


def _submit(editor, page):
    client = client_for(editor)
    data = form_data(client, edit_url(page), type(page), **{"action-submit": "1"})
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    return page.specific_class.objects.get(pk=page.pk)


def _act(user, page, action="approve", xhr=False, client=None):
    page = page.specific_class.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    headers = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if xhr else {}
    return (client or client_for(user)).post(url, {"comment": ""}, **headers)


def _current_task(page):
    page = page.specific_class.objects.get(pk=page.pk)
    return page.current_workflow_task.name if page.current_workflow_task else None


def test_a_project_goes_to_legal_then_reviewers_and_is_published_only_at_the_end(site_tree, staff):
    project = project_create(site_tree, publish=False)
    project = _submit(staff["editor"], project)
    assert _current_task(project) == LEGAL_TASK

    # reviewers cannot skip the legal step
    assert _act(staff["reviewer"], project).status_code in (302, 403)
    assert _current_task(project) == LEGAL_TASK

    assert _act(staff["legal"], project).status_code == 302
    project.refresh_from_db()
    assert _current_task(project) == REVIEW_TASK and not project.live

    # legal's approval is not a reviewer's
    _act(staff["legal"], project)
    assert _current_task(project) == REVIEW_TASK

    assert _act(staff["reviewer"], project).status_code == 302
    project.refresh_from_db()
    assert project.live and _current_task(project) is None


def test_an_article_needs_only_the_reviewers(site_tree, staff):
    article = _submit(staff["editor"], article_create(site_tree, publish=False))
    assert _current_task(article) == REVIEW_TASK
    _act(staff["reviewer"], article)
    article.refresh_from_db()
    assert article.live


@pytest.fixture
def unreviewed_project_awaiting_reviewers(site_tree, staff):
    """A project whose disclosure was never confirmed, already past the legal step."""
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    project.save_revision(user=staff["editor"])
    project.get_workflow().start(project, staff["editor"])
    _act(staff["legal"], project)
    assert _current_task(project) == REVIEW_TASK
    return project


def test_approving_an_unreviewed_project_is_refused_with_the_reason(
    unreviewed_project_awaiting_reviewers, staff
):
    project = unreviewed_project_awaiting_reviewers
    client = client_for(staff["reviewer"])
    response = _act(staff["reviewer"], project, client=client)
    assert response.status_code == 302
    assert response.url == edit_url(project)
    page = client.get(response.url)
    assert ADVERSE_MESSAGE in page.content.decode()
    project.refresh_from_db()
    assert not project.live
    assert _current_task(project) == REVIEW_TASK  # the refused approval left no trace


def test_approving_an_unreviewed_project_from_the_modal_is_refused_too(
    unreviewed_project_awaiting_reviewers, staff
):
    project = unreviewed_project_awaiting_reviewers
    response = _act(staff["reviewer"], project, xhr=True)
    assert response.status_code == 200
    assert response.json()["redirect"] == edit_url(project)
    project.refresh_from_db()
    assert not project.live


def test_approving_an_unreviewed_project_in_the_editor_shows_the_error_on_the_field(
    unreviewed_project_awaiting_reviewers, staff
):
    project = unreviewed_project_awaiting_reviewers
    client = client_for(staff["reviewer"])
    data = form_data(
        client,
        edit_url(project),
        ProjectPage,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    response = client.post(edit_url(project), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["adverse_factors_reviewed"]
    assert ADVERSE_MESSAGE in " ".join(errors)
    project.refresh_from_db()
    assert not project.live


# --- locking, revisions -------------------------------------------------------------------


def test_a_page_locked_by_one_editor_cannot_be_edited_by_another(site_tree, editorial):
    alice, bob = UserFactory(groups=[EDITORS]), UserFactory(groups=[EDITORS])
    article = article_create(site_tree, publish=False, title="原标题")
    lock = client_for(alice).post(reverse("wagtailadmin_pages:lock", args=[article.pk]))
    assert lock.status_code == 302
    article.refresh_from_db()
    assert article.locked and article.locked_by == alice

    client = client_for(bob)
    data = form_data(client, edit_url(article), type(article), title="被改的标题")
    response = client.post(edit_url(article), data)
    assert response.status_code == 200
    assert response.context["locked_for_user"]
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().title == "原标题"

    # the lock holder still edits
    client = client_for(alice)
    data = form_data(client, edit_url(article), type(article), title="作者的新标题")
    assert client.post(edit_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().title == "作者的新标题"


def _published_twice(site_tree):
    article = article_create(site_tree, title="第一版")
    first = article.live_revision
    article.title = "第二版"
    article.save_revision().publish()
    article.refresh_from_db()
    return article, first


def test_revisions_are_compared_and_an_older_one_is_published_again(site_tree, staff):
    article, first = _published_twice(site_tree)
    client = client_for(staff["reviewer"])
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, "latest"])
    response = client.get(compare)
    assert response.status_code == 200
    assert "第一版" in response.content.decode() and "第二版" in response.content.decode()

    revert = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk])
    data = form_data(client, revert, type(article), **{"action-publish": "action-publish"})
    assert client.post(revert, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "第一版" and article.live


def test_an_older_revision_is_published_through_the_model_too(site_tree, staff):
    article, first = _published_twice(site_tree)
    first.publish(user=staff["reviewer"])
    article.refresh_from_db()
    assert article.title == "第一版"


# --- locales and the admin's language ----------------------------------------------------


def _translate_to_english(user, page):
    english = Locale.objects.get(language_code="en")
    url = reverse("simple_translation:submit_page_translation", args=[page.pk])
    response = client_for(user).post(url, {"locales": [english.pk], "include_subtree": "on"})
    assert response.status_code == 302
    return english


def test_the_site_is_translated_to_english_from_the_admin(site_tree, staff):
    article = article_create(site_tree)
    english = _translate_to_english(staff["editor"], site_tree.home)
    translation = article.get_translation(english)
    assert translation.translation_key == article.translation_key
    assert translation.get_parent().specific.locale == english
    assert not translation.live  # a draft, until translated and published through review


def test_a_translated_project_keeps_the_legal_step(site_tree, staff):
    project = project_create(site_tree)
    english = _translate_to_english(staff["editor"], site_tree.home)
    translation = project.get_translation(english)
    assert translation.get_workflow().name == PROJECT_WORKFLOW


def test_chinese_is_the_default_content_locale(site_tree):
    assert site_tree.home.locale.language_code == "zh-hans"
    assert Locale.get_default().language_code == "zh-hans"


def test_the_admin_speaks_chinese_by_default(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_unused_staff_groups_have_only_admin_access_until_their_apps_arrive(staff):
    for name in (SERVICE, MARKETING, SALES, LEGAL):
        group = Group.objects.get(name=name)
        assert "access_admin" in group.permissions.values_list("codename", flat=True)
    assert Page.get_first_root_node().get_workflow().name == MODERATION_WORKFLOW
    assert REVIEWERS in GROUPS.values()
