"""Load the whole demo data set: accounts first (the content is authored by them), then content."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from content.models import ProjectPage
from content.services import site_tree_ensure
from portal.demo.accounts import (
    demo_admin_ensure,
    demo_logins,
    demo_member_ensure,
    demo_staff_ensure,
)
from portal.demo.complaints import demo_complaints_ensure
from portal.demo.content import ContentCounts, demo_content_ensure
from portal.demo.event_activity import demo_event_activity_ensure
from portal.demo.pages import Staff
from portal.demo.payments import demo_payments_ensure
from portal.demo.service_forms import demo_service_forms_ensure


@dataclass(frozen=True)
class DemoSummary:
    counts: ContentCounts
    staff_users: int
    logins: list


@transaction.atomic
def demo_data_load(*, reset_passwords: bool = False) -> DemoSummary:
    """Create whatever demo data is missing, in one transaction; idempotent.

    Runs in a single transaction so that a failure leaves nothing half-loaded (and SQLite
    writes once instead of once per page).
    """
    # The tree first: editorial_setup() (called for the staff groups) assigns the project
    # workflow to the project index page, which must therefore exist.
    tree = site_tree_ensure()
    admin = demo_admin_ensure(reset_passwords=reset_passwords)
    staff_users = demo_staff_ensure(reset_passwords=reset_passwords)
    content_staff = Staff(
        author=staff_users["editor"],
        publisher=admin,
        legal=staff_users["legal"],
        reviewer=staff_users["reviewer"],
    )
    counts = demo_content_ensure(
        tree=tree,
        staff=content_staff,
    )
    # After the content: the demo member's preferences name projects that must exist.
    member_user = demo_member_ensure(reset_passwords=reset_passwords)
    # The service desk: the editor-built complaint and repair forms, then a year of complaints.
    demo_service_forms_ensure(tree=tree, staff=content_staff)
    demo_complaints_ensure(
        handler=staff_users["service"],
        projects=list(ProjectPage.objects.live().order_by("pk")),
        member=getattr(member_user, "member", None),
    )
    # Then life around the free events: guests, registrations, check-ins, records.
    demo_event_activity_ensure(admin=admin, staff_users=staff_users)
    # Paid tickets and numbered deposits, recorded without Stripe (portal/demo/payments.py).
    demo_payments_ensure()
    return DemoSummary(counts=counts, staff_users=len(staff_users) + 1, logins=demo_logins())
