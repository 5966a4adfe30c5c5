"""Who may do what in the Wagtail admin, and the approval workflows content goes through.

`editorial_setup()` creates (or restores) the staff groups, their permissions and the two
moderation workflows. It is idempotent: the content data migration runs it, and so do the
demo-data command and the tests after the page tree exists. Permissions are only ever added
(an administrator's extra grants survive a re-run); the workflows and their assignment are
restored to what is documented here, because they are the publication process itself.

Stable identifiers. Groups are stored under their Chinese names (what staff see in the
admin); code refers to them through the constants below, keyed by role in `GROUPS`:

    key        Group.name   who
    editor     编辑          write pages, merchants, images, documents; submit for review
    reviewer   审核          approve and publish; may publish an event notice late (recorded)
    legal      法务          approve the legal step of a project's publication
    service    客服          customer-service staff (their app adds its own permissions)
    marketing  营销          marketing (idem)
    sales      销售          sales (idem)

Workflows (names are stable too): `审核发布` (one step: 审核 by Reviewers) covers every page,
being assigned to the root of the page tree so that each locale's home page and everything
below it is covered, including trees created later by translation; `楼盘审核发布` (法务审核
by Legal, then 审核 by Reviewers) is assigned to every project index page, so project pages
need the legal step before they go live.

Page permissions are granted on the root page for the same reason (every locale's tree).
Only Wagtail and auth models plus content types are touched here, never a content page
model's table, so the data migration keeps working when content models change later.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

# The roles themselves are core's (shared with club/); re-exported for this module's callers.
from core.roles import (  # noqa: E402
    EDITORS,
    GROUPS,
    LEGAL,
    MARKETING,
    REVIEWERS,
    SALES,
    SERVICE,
)

REVIEW_TASK = "审核"
LEGAL_TASK = "法务审核"
MODERATION_WORKFLOW = "审核发布"
PROJECT_WORKFLOW = "楼盘审核发布"

ACCESS_ADMIN = "wagtailadmin.access_admin"
SUBMIT_TRANSLATION = "simple_translation.submit_translation"
MERCHANT_PERMISSIONS = [f"content.{a}_merchant" for a in ("add", "change", "delete", "view")]

_MEDIA = [
    f"{app}.{action}_{model}"
    for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
    for action in ("add", "change", "choose")
]

# Model-level permissions (app_label.codename) per group.
_GROUP_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [ACCESS_ADMIN, SUBMIT_TRANSLATION, *MERCHANT_PERMISSIONS],
    REVIEWERS: [
        ACCESS_ADMIN,
        SUBMIT_TRANSLATION,
        *MERCHANT_PERMISSIONS,
        "content.publish_event_late",
        "content.view_eventpublicationoverride",
    ],
    LEGAL: [ACCESS_ADMIN],
    SERVICE: [ACCESS_ADMIN],
    MARKETING: [ACCESS_ADMIN],
    SALES: [ACCESS_ADMIN],
}
# Images and documents, on the root collection.
_COLLECTION_PERMISSIONS: dict[str, list[str]] = {EDITORS: _MEDIA, REVIEWERS: _MEDIA}
# Page permissions on the root page. Editors have no `publish`: they submit for review.
_PAGE_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# What a fresh Wagtail database ships with; replaced by the groups and workflow above.
_STOCK_GROUPS = ("Editors", "Moderators")
_STOCK_WORKFLOW = "Moderators approval"

_APPS_WITH_PERMISSIONS = (
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "simple_translation",
    "content",
)


@transaction.atomic
def editorial_setup() -> dict[str, Group]:
    """Create or restore the groups, their permissions and the workflows; idempotent."""
    _permissions_ensure_exist()
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS.values()}
    for name, perms in _GROUP_PERMISSIONS.items():
        groups[name].permissions.add(*[_permission(p) for p in perms])
    root_collection = Collection.get_first_root_node()
    for name, perms in _COLLECTION_PERMISSIONS.items():
        for perm in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=_permission(perm)
            )
    root_page = Page.get_first_root_node()
    for name, codenames in _PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name],
                page=root_page,
                permission=_permission(f"wagtailcore.{codename}"),
            )
    editorial_workflows_ensure(groups=groups)
    _stock_setup_retire()
    return groups


def editorial_workflows_ensure(*, groups: dict[str, Group] | None = None) -> None:
    """Create the two workflows and assign them: moderation to the root, projects' to every
    project index page (called again after a translation creates a new project index)."""
    if groups is None:
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUPS.values()}
    review = _approval_task(REVIEW_TASK, groups[REVIEWERS])
    legal = _approval_task(LEGAL_TASK, groups[LEGAL])
    moderation = _workflow(MODERATION_WORKFLOW, [review])
    projects = _workflow(PROJECT_WORKFLOW, [legal, review])
    _workflow_assign(moderation, Page.get_first_root_node())
    for index in Page.objects.filter(
        content_type__app_label="content", content_type__model="projectindexpage"
    ):
        _workflow_assign(projects, index)


def _permissions_ensure_exist() -> None:
    """Permissions are normally created after `migrate`; the data migration runs earlier."""
    for label in _APPS_WITH_PERMISSIONS:
        create_permissions(apps.get_app_config(label), verbosity=0)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _approval_task(name: str, group: Group) -> GroupApprovalTask:
    task = GroupApprovalTask.objects.filter(name=name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=name)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([group])
    return task


def _workflow(name: str, tasks: list[GroupApprovalTask]) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    current = list(workflow.workflow_tasks.order_by("sort_order").values_list("task_id", flat=True))
    if current != [t.pk for t in tasks]:
        workflow.workflow_tasks.all().delete()
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def _workflow_assign(workflow: Workflow, page: Page) -> None:
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def _stock_setup_retire() -> None:
    """Remove Wagtail's English stock groups while nobody is in them, and retire the stock
    workflow once nothing uses it, so the admin shows one coherent set of roles."""
    Group.objects.filter(name__in=_STOCK_GROUPS, user__isnull=True).delete()
    stock = Workflow.objects.filter(name=_STOCK_WORKFLOW, active=True).first()
    if stock is None or stock.workflow_pages.exists():
        return
    if WorkflowState.objects.filter(workflow=stock).active().exists():
        return
    stock.active = False
    stock.save(update_fields=["active"])
    for task in stock.tasks.filter(active=True):
        if not task.workflow_tasks.exclude(workflow=stock).exists():
            task.active = False
            task.save(update_fields=["active"])
