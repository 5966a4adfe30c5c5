"""Background work of the service domain (django-tasks; run by the worker).

Enqueued after commit by the services, so a rolled-back filing never sends anything:
- `complaint_send_acknowledgement`: the immediate receipt with the reference, by e-mail
  when the member has an address, by SMS to the member's or guest's mobile otherwise.
- `complaint_notify_escalation`: HOT → the assigned department's head (the customer-service
  centre's while unassigned); MAJOR → the quality department and management
  (departments marked `receives_major_reports`), DOMAIN.md's report within a working day.
Scheduled (see docs/operations.md):
- `complaints_reassess_severity`: the time rules (unresolved a week / a month).
- `complaint_uploads_purge`: attachments uploaded for a filing that never came.

- `service_clock`: the service domain's clock, enqueued by `manage.py service_scheduler`
  every 15 minutes: the time rules above, then the monthly reporting that is due
  (statistics by the 28th, the public summary's draft by the 30th; service.services.reports).
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from service.choices import Severity


@task()
def complaint_send_acknowledgement(complaint_id: int) -> str:
    """Tell the complainant their complaint was received, with its reference."""
    from club.sms import send_sms
    from service.models import Complaint

    complaint = Complaint.objects.select_related("member__user").get(pk=complaint_id)
    text = _("【万客会】您的投诉（编号 %(reference)s）已受理，我们将在一个工作日内答复您。") % {
        "reference": complaint.reference
    }
    if complaint.member_id:
        from notifications.services import notify

        (row,) = notify(
            member=complaint.member,
            key="complaint_received",
            context={"reference": complaint.reference},
            now=True,
        )
        row.refresh_from_db()
        return row.channel.lower() if row.status == "SENT" else "none"
    # A guest (no account) is answered by text at the number they gave.
    phone = str(complaint.guest_phone or "")
    if phone:
        send_sms(phone=phone, text=text)
        return "sms"
    return "none"


def escalation_recipients(complaint) -> list[str]:
    """Who hears of a complaint reaching its current severity (see the module docstring)."""
    from service.models import Department

    if complaint.severity == Severity.MAJOR:
        departments = list(
            Department.objects.filter(receives_major_reports=True).select_related("head")
        )
    elif complaint.department_id:
        departments = [complaint.department]
    else:
        departments = list(Department.objects.filter(is_intake=True).select_related("head"))
    if complaint.severity == Severity.HOT:
        # The head, not the whole department mailbox, hears of a HOT complaint.
        addresses = [d.head.email for d in departments if d.head_id and d.head.email]
    else:
        addresses = [a for d in departments for a in d.notification_addresses()]
    return sorted(set(addresses))


@task()
def complaint_notify_escalation(complaint_id: int, severity: str) -> int:
    """E-mail the people DOMAIN.md names when a complaint becomes HOT or MAJOR."""
    from service.models import Complaint

    complaint = Complaint.objects.select_related("department__head", "project").get(pk=complaint_id)
    if complaint.severity != severity:
        return 0  # raised further since: that raise sends its own notice
    recipients = escalation_recipients(complaint)
    if not recipients:
        return 0
    level = Severity(severity).label
    body = _(
        "投诉 %(reference)s 已升级为%(level)s投诉。\n标题：%(title)s\n楼盘：%(project)s\n"
        "类别：%(category)s\n受理时间：%(created)s\n\n%(description)s"
    ) % {
        "reference": complaint.reference,
        "level": level,
        "title": complaint.title,
        "project": complaint.project.title if complaint.project_id else "—",
        "category": complaint.get_category_display(),
        "created": f"{timezone.localtime(complaint.created_at):%Y-%m-%d %H:%M}",
        "description": complaint.description,
    }
    if severity == Severity.MAJOR:
        body += "\n\n" + _("请在一个工作日内上报品质管理部和分管领导，并编写案例。")
    return send_mail(
        subject=_("【%(level)s投诉】%(reference)s %(title)s")
        % {"level": level, "reference": complaint.reference, "title": complaint.title},
        message=body,
        from_email=None,
        recipient_list=recipients,
    )


@task()
def complaints_reassess_severity() -> int:
    """Apply the time rules to every open complaint; returns how many were raised."""
    from service.services import complaints_reassess_open

    return complaints_reassess_open()


@task()
def complaint_uploads_purge() -> int:
    """Delete attachments uploaded for a filing that never came (after a day)."""
    from service.services import attachments_purge_unclaimed

    return attachments_purge_unclaimed()


@task()
def service_clock() -> dict:
    """Run what the service domain owes at this time; idempotent, so a late or repeated
    run catches up without doing anything twice."""
    from service.services import complaints_reassess_open
    from service.services.reports import complaint_reports_due

    raised = complaints_reassess_open()
    done = complaint_reports_due()
    return {"severity_raised": raised, "statistics": done.frozen, "summaries": done.drafted}
