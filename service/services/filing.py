"""Filing a complaint: from a member or guest on the web, or entered by staff.

SLA settings (optional, in Django settings):
    SERVICE_WEB_FIRST_RESPONSE_HOURS    24  working-day hours to answer a web complaint
    SERVICE_STAFF_FIRST_RESPONSE_HOURS   4  ... one staff entered (phone, walk-in, forum)
    SERVICE_HANDLING_RECORD_DAYS         1  working days before a handling record and a
                                            named handler are required
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.auth import normalise_phone
from service.calendar import working_days_later, working_deadline
from service.choices import Category, Channel, EventKind, RequestKind, Status
from service.models import Complaint, ReferenceCounter
from service.permissions import HANDLE
from service.services.common import FieldErrors, event_record, permission_require
from service.services.severity import complaint_reassess_severity

STAFF_CHANNELS = (Channel.PHONE, Channel.FORUM, Channel.ON_SITE, Channel.EMAIL)
MAX_PEOPLE = 100_000


def first_response_hours(*, staff_entered: bool) -> float:
    """Working-day hours allowed for the first response (DOMAIN.md: 24 online, 4 entered
    through the customer information system)."""
    if staff_entered:
        return float(getattr(settings, "SERVICE_STAFF_FIRST_RESPONSE_HOURS", 4))
    return float(getattr(settings, "SERVICE_WEB_FIRST_RESPONSE_HOURS", 24))


def reference_next(*, at: dt.datetime) -> str:
    """The next reference of `at`'s month, e.g. TS202611-000123.

    Must run inside the filing transaction: the counter row stays locked by the UPDATE
    until it commits, so concurrent filings queue for their numbers instead of sharing one.
    """
    period = timezone.localtime(at).strftime("%Y%m")
    while not ReferenceCounter.objects.filter(period=period).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(period=period, last=1)
            break
        except IntegrityError:
            continue  # someone created the month's row first: increment theirs
    number = ReferenceCounter.objects.get(period=period).last
    return f"TS{period}-{number:06d}"


def complaint_fields_check(
    *,
    errors: FieldErrors,
    category: str,
    title: str,
    description: str,
    member: Any = None,
    guest_name: str = "",
    guest_phone: str = "",
    filed_by: Any = None,
    channel: str = Channel.WEB,
    building: str = "",
    unit: str = "",
    people_count: int = 1,
) -> dict[str, Any]:
    """Check a filing's fields into `errors` (every field's error, none raised) and return
    them cleaned. `complaint_file` and the form filing (service.services.forms) share it,
    so a form answers its own extra fields' errors together with these."""
    title = (title or "").strip()
    description = (description or "").strip()
    guest_name = (guest_name or "").strip()
    building, unit = (building or "").strip(), (unit or "").strip()
    staff_entered = filed_by is not None
    if staff_entered:
        permission_require(filed_by, HANDLE)
        errors.check("channel", channel in STAFF_CHANNELS, "CHANNEL_INVALID", _("请选择投诉渠道。"))
    else:
        channel = Channel.WEB
    errors.check("category", category in Category.values, "CATEGORY_INVALID", _("请选择投诉类别。"))
    errors.check("title", bool(title), "TITLE_REQUIRED", _("请填写标题。"))
    errors.check("title", len(title) <= 200, "TITLE_TOO_LONG", _("标题不能超过 200 个字符。"))
    errors.check("description", bool(description), "DESCRIPTION_REQUIRED", _("请填写投诉内容。"))
    errors.check(
        "people_count",
        isinstance(people_count, int) and 1 <= people_count <= MAX_PEOPLE,
        "INVALID_PEOPLE_COUNT",
        _("人数至少为 1。"),
    )
    errors.check(
        "building", len(building) <= 50, "BUILDING_TOO_LONG", _("楼栋不能超过 50 个字符。")
    )
    errors.check("unit", len(unit) <= 50, "UNIT_TOO_LONG", _("房号不能超过 50 个字符。"))
    phone = ""
    if member is None:
        errors.check("guest_name", bool(guest_name), "NAME_REQUIRED", _("请填写姓名。"))
        errors.check(
            "guest_name", len(guest_name) <= 100, "NAME_TOO_LONG", _("姓名不能超过 100 个字符。")
        )
        phone = normalise_phone(guest_phone or "") or ""
        errors.check(
            "guest_phone", bool(phone), "PHONE_INVALID", _("请输入有效的中国大陆手机号码。")
        )
    return {
        "category": category,
        "title": title,
        "description": description,
        "member": member,
        "guest_name": "" if member is not None else guest_name,
        "guest_phone": "" if member is not None else phone,
        "filed_by": filed_by,
        "channel": channel,
        "building": building,
        "unit": unit,
        "people_count": people_count,
    }


def complaint_file(
    *,
    category: str,
    title: str,
    description: str,
    member: Any = None,
    guest_name: str = "",
    guest_phone: str = "",
    filed_by: Any = None,
    channel: str = Channel.WEB,
    project: Any = None,
    building: str = "",
    unit: str = "",
    people_count: int = 1,
    legal_action: bool = False,
    media_exposure: bool = False,
    extra: dict[str, Any] | None = None,
    kind: str = RequestKind.COMPLAINT,
) -> Complaint:
    """File a complaint; every field's error is reported at once.

    The complainant is `member`, or a guest by name and mobile number (the caller has
    verified the number). `filed_by` is the staff user entering it for someone (phone,
    walk-in, forum, e-mail); web filings have none. `kind` is what the form it came from
    asks for (投诉 / 报修 / 建议). Gives the reference, starts the SLA clocks, runs the
    severity engine, and sends the acknowledgement after commit.
    """
    errors = FieldErrors()
    fields = complaint_fields_check(
        errors=errors,
        category=category,
        title=title,
        description=description,
        member=member,
        guest_name=guest_name,
        guest_phone=guest_phone,
        filed_by=filed_by,
        channel=channel,
        building=building,
        unit=unit,
        people_count=people_count,
    )
    errors.check("kind", kind in RequestKind.values, "KIND_INVALID", _("请选择申请类型。"))
    errors.raise_if_any()
    staff_entered = filed_by is not None

    now = timezone.now()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=reference_next(at=now),
            **fields,
            project=project,
            kind=kind,
            status=Status.RECEIVED,
            extra=extra or {},
            legal_action=bool(legal_action),
            media_exposure=bool(media_exposure),
            created_at=now,
            first_response_due_at=working_deadline(
                start=now, hours=first_response_hours(staff_entered=staff_entered)
            ),
            handling_due_at=working_days_later(
                start=now, days=int(getattr(settings, "SERVICE_HANDLING_RECORD_DAYS", 1))
            ),
        )
        event_record(
            complaint=complaint,
            kind=EventKind.FILED,
            actor=filed_by or getattr(member, "user", None),
            public_note=_("您的投诉已受理，编号 %(reference)s。我们会尽快与您联系。")
            % {"reference": complaint.reference},
            to_status=Status.RECEIVED,
            at=now,
        )
        complaint_reassess_severity(complaint=complaint, actor=filed_by, now=now)
        from service.tasks import complaint_send_acknowledgement

        complaint_id = complaint.pk
        transaction.on_commit(lambda: complaint_send_acknowledgement.enqueue(complaint_id))
    return complaint
