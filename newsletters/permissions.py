"""Who sends the club magazine and who reads the suppression list.

Sending needs a live (reviewed and published) NewsletterIssuePage, so sending it is not a
second publication: editors who wrote it, the reviewers who published it and marketing may
send. Marketing and customer service may read why an address is suppressed (a member
asking why the magazine stopped arriving). Idempotent; permissions are only ever added.
"""

from __future__ import annotations

from core import roles

SEND = "newsletters.add_newslettersend"
VIEW_SUPPRESSION = "newsletters.view_suppression"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    roles.EDITORS: [SEND],
    roles.REVIEWERS: [SEND],
    roles.MARKETING: [SEND, VIEW_SUPPRESSION],
    roles.SERVICE: [VIEW_SUPPRESSION],
}


def newsletter_permissions_ensure() -> None:
    roles.role_permissions_grant(ROLE_PERMISSIONS)
