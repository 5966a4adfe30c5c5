"""Creating a demo page the way an editor would: a draft, a revision, a real publication."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.log_actions import log
from wagtail.models import Page

from content.models import ProjectPage
from content.services import project_publish_through_workflow


@dataclass(frozen=True)
class Staff:
    """Who writes the demo content and who publishes it.

    `author` (the editor) owns the pages and their revisions. `publisher` is the superuser
    `admin`: it passes Wagtail's publish permission check on every section and holds
    `content.publish_event_late`, which the domain needs for events announced less than three
    days ahead (see portal.demo.events). Projects are published through their workflow
    instead: `legal` approves the legal step and `reviewer` the review step, as in the admin.
    """

    author: object
    publisher: object
    legal: object = None
    reviewer: object = None


def page_ensure(parent: Page, page: Page, *, staff: Staff) -> tuple[Page, bool]:
    """Publish `page` under `parent` unless a page with its slug is already there.

    Returns the page (existing or new) and whether it was created. Existing pages are left
    exactly as they are, so a second run of the demo loader changes nothing.

    Publication goes through `revision.publish()`, i.e. `ClubPage.publish()`, which checks
    the domain rules (adverse factors reviewed, three days' notice for events) and raises if
    they are not met: demo data cannot be published where an editor could not. A project
    goes through its workflow (legal, then review), the only way a project goes live.
    """
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    page.live = False  # a draft until the publication below
    page.owner = staff.author
    parent.add_child(instance=page)
    log(instance=page, action="wagtail.create", user=staff.author)
    revision = page.save_revision(user=staff.author, log_action=True)
    if isinstance(page, ProjectPage):
        project_publish_through_workflow(
            revision=revision, submitted_by=staff.author, legal=staff.legal, reviewer=staff.reviewer
        )
    else:
        revision.publish(user=staff.publisher)
    page.refresh_from_db()
    return page, True


def paragraph(text: str) -> dict:
    """One rich-text paragraph block, in StreamField's raw form."""
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text: str, size: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "size": size}}


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def image_block(image, caption: str = "") -> dict:
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "alt_text": caption or image.title, "decorative": False},
            "caption": caption,
        },
    }
