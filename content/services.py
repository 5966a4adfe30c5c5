"""Writes in the content domain used by every front (admin, tasks, demo data, tests).

`content.rules` decides; the side effects of its answers are written here: a project's
login restriction, a late event's override record, a project's publication through its
workflow, the daily licence go-live.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale, Page, PageViewRestriction, Revision, Site, TaskState

from content import rules
from content.editorial import LEGAL_TASK, PROJECT_WORKFLOW, editorial_workflows_ensure
from content.models import (
    ArticleIndexPage,
    ArticlePage,
    EventIndexPage,
    EventPage,
    EventPublicationOverride,
    HomePage,
    NewsletterIndexPage,
    ProjectIndexPage,
    ProjectPage,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteTree:
    home: HomePage
    articles: ArticleIndexPage
    newsletters: NewsletterIndexPage
    events: EventIndexPage
    projects: ProjectIndexPage


_SECTIONS = [
    ("articles", ArticleIndexPage, "会员动态", "news"),
    ("newsletters", NewsletterIndexPage, "万客会会刊", "newsletters"),
    ("events", EventIndexPage, "会员活动", "events"),
    ("projects", ProjectIndexPage, "楼盘资讯", "projects"),
]


@transaction.atomic
def site_tree_ensure(*, hostname: str = "localhost", port: int = 80) -> SiteTree:
    """Make sure the club's home page and its four sections exist, in zh-Hans; idempotent.

    Replaces Wagtail's placeholder "Welcome" page with the club's HomePage as the default
    site root.
    """
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    Locale.objects.get_or_create(language_code="en")
    # A flushed database (e.g. after a transactional test) has no tree root at all.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        # Wagtail's fresh database has a placeholder "Welcome" page (and a site on it).
        for placeholder in Page.objects.filter(depth=2, slug="home"):
            if placeholder.specific_class is Page and placeholder.numchild == 0:
                placeholder.delete()
        home = HomePage(title="万客会", slug="home", locale=locale, intro="<p>欢迎来到万客会。</p>")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="万客会"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "万客会"
        site.save()
    sections = {}
    for key, model, title, slug in _SECTIONS:
        page = model.objects.child_of(home).first()
        if page is None:
            page = model(title=title, slug=slug, locale=locale)
            home.add_child(instance=page)
            page.save_revision().publish()
        sections[key] = page
    # A new project index needs the projects' workflow (legal step) before any project.
    editorial_workflows_ensure()
    return SiteTree(home=home, **sections)


# --- projects: the pre-licence rule's second wall ----------------------------------------


def project_view_restriction_sync(*, project: ProjectPage, today: dt.date | None = None) -> None:
    """Keep a live project without a counting licence behind Wagtail's login restriction.

    Called with the *live* project after a publication (never with a draft's values) and
    by the daily licence go-live. The restriction is a second wall: the generic paths
    (grapple, REST, sitemap, search, page serving) apply `ProjectPage.objects.licensed()`
    themselves, and the restriction also covers paths we do not own (grapple's
    `children`/`descendants` fields use Wagtail's `.public()`).
    """
    restrictions = PageViewRestriction.objects.filter(
        page=project, restriction_type=PageViewRestriction.LOGIN
    )
    if rules.project_is_licensed(project, today=today):
        restrictions.delete()
    elif not restrictions.exists():
        PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)


def projects_licence_go_live(*, today: dt.date | None = None) -> list[ProjectPage]:
    """Lift the restriction of live projects whose licence date has come (China time).

    Run by the periodic content task (content.tasks): a licence dated in the future makes
    the project public on that day, without anybody publishing it again.
    """
    today = today or rules.licence_today()
    due = list(
        ProjectPage.objects.live()
        .licensed(today=today)
        .filter(
            pk__in=PageViewRestriction.objects.filter(
                restriction_type=PageViewRestriction.LOGIN
            ).values("page_id")
        )
    )
    for project in due:
        project_view_restriction_sync(project=project, today=today)
        logger.info("Licence of %s counts from %s: now public", project.slug, today)
    return due


@transaction.atomic
def project_publish_through_workflow(
    *, revision: Revision, submitted_by=None, legal=None, reviewer=None
) -> None:
    """Publish a project revision the only way a project goes live: its workflow
    (楼盘审核发布), the legal step approving this very revision, then the review step.

    For callers outside the admin (demo data, imports, tests); each approval is recorded
    in the page's history under the given staff member, as if done in the admin.
    """
    page = revision.content_object
    if page.latest_revision_id != revision.pk:
        # A workflow reviews the page's latest revision; anything else would be approved
        # in name only.
        raise ValueError("Only a page's latest revision can go through its workflow.")
    workflow = page.get_workflow()
    if workflow is None or workflow.name != PROJECT_WORKFLOW:
        editorial_workflows_ensure()  # a project index created after the setup ran
        workflow = page.get_workflow()
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=submitted_by)
    state = workflow.start(page, submitted_by)
    approvers = {LEGAL_TASK: legal}
    while state.status == state.STATUS_IN_PROGRESS:
        task_state = TaskState.objects.get(pk=state.current_task_state.pk)
        task_state.approve(user=approvers.get(task_state.task.name, reviewer))
        state.refresh_from_db()


# --- articles drafted by other apps ------------------------------------------------------


@transaction.atomic
def article_draft_create(
    *, title: str, slug: str, intro: str, body: list[dict], date: dt.date | None = None
) -> ArticlePage:
    """A news article saved as a draft (never live) under the club's news section, for
    editors to review and publish through the usual workflow.

    Used by tasks that draft text for people (the monthly public summary of complaints);
    nothing drafted this way reaches the public without an editor publishing it. `body`
    is StreamField raw data (BodyBlock). A taken slug gets a numeric suffix.
    """
    parent = site_tree_ensure().articles
    taken = set(parent.get_children().values_list("slug", flat=True))
    unique, n = slug, 1
    while unique in taken:
        n += 1
        unique = f"{slug}-{n}"
    page = ArticlePage(
        title=title,
        slug=unique,
        intro=intro[:300],
        search_description=intro[:300],
        body=body,
        live=False,
        **({"date": date} if date else {}),
    )
    parent.add_child(instance=page)
    page.save_revision(log_action=True)
    return page


# --- events: the record of a late notice -------------------------------------------------


def event_late_publication_record(*, event: EventPage, user=None) -> None:
    """Record who published an event with less than three days' notice, once.

    Called with the live event after a publication, from `ClubPage.publish()` and from the
    editor's publish button (content.wagtail_hooks), which bypasses it.
    """
    first, last = event.first_published_at, event.last_published_at
    if first is None or last != first:
        return  # not live yet (scheduled), or not the first publication
    if not rules.event_lead_time_is_late(starts_at=event.starts_at, first_published_at=first):
        return
    if event.publication_overrides.exists():
        return
    EventPublicationOverride.objects.create(
        event=event,
        user=user if getattr(user, "pk", None) else None,
        published_at=first,
        starts_at=event.starts_at,
        hours_before_start=int((event.starts_at - first).total_seconds() // 3600),
    )
