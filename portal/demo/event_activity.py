"""Demo life around the free events: guests, registrations, waiting lists, check-ins on
past events, walk-ins, and the records staff keep afterwards (sign-in sheet, photos,
minutes of the owner meeting).

- Guests: 60 members (`demo-guest-NN`, unusable passwords, registered through club's
  service), six of them owners of 梅林翠园 so its owner meeting has its audience.
- Upcoming events go through `events.services.event_register`, the member's path, so the
  seat rules hold: 规划中项目户型与价格意见沙龙 (50 seats) fills up and keeps a waiting list.
- Past events cannot be registered for any more (the services refuse after the deadline),
  so their history is written as the records it would have left: registrations dated
  before the deadline, most checked in around the start by the demo event staff (the
  客户关系中心 user, who is put in 活动工作人员), a few walk-ins. Records are uploaded through
  `events.services.event_record_upload` (with its file checks) and closed.
- Idempotent and quick: an event that already has registrations is left alone; a
  generator seeded per event makes the same history every time.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core import roles
from events.choices import RecordKind, RegistrationStatus
from events.models import Registration, WalkIn
from events.services import (
    event_record_upload,
    event_records_close,
    event_register,
    event_registration_cancel,
)

GUESTS = 60
GUEST_PREFIX = "demo-guest-"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "霞",
]
MEILIN_OWNERS = 6
# Past free events for all members: (slug, registrations, share checked in, walk-ins).
PAST: list[tuple[str, int, float, int]] = [
    ("guangzhou-mid-autumn-fair", 40, 0.9, 4),
    ("pujiang-site-open-day", 24, 0.85, 2),
    ("bund-greenway-walk", 30, 0.8, 3),
    ("home-renovation-talk", 26, 0.75, 2),
]
FULL_EVENT = "planning-survey-salon"  # 50 seats, one per registration
OPEN_EVENTS = ["winter-basketball", "pearl-river-open-day", "spring-couplets"]


def _guests() -> list:
    from club.services import member_register_for_user

    User = get_user_model()
    existing = {
        u.username: u
        for u in User.objects.filter(username__startswith=GUEST_PREFIX).select_related("member")
    }
    members = []
    for n in range(1, GUESTS + 1):
        username = f"{GUEST_PREFIX}{n:02d}"
        user = existing.get(username)
        if user is None:
            user = User(username=username, phone=f"+86170{n:08d}")
            user.set_unusable_password()
            user.save()
        member = getattr(user, "member", None)
        if member is None:
            member = member_register_for_user(
                user=user,
                name=SURNAMES[n % len(SURNAMES)]
                + GIVEN[n % len(GIVEN)]
                + GIVEN[(n * 7) % len(GIVEN)],
                birth_date=dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
                accept_terms=True,
                city=("深圳", "广州", "上海")[n % 3],
                source="DEMO",
            )
        members.append(member)
    return members


def _meilin_owners(guests: list, *, sales, projects: dict) -> None:
    from club.selectors import member_owns_project
    from club.services import purchase_record

    project = projects.get("meilin-garden")
    if project is None:
        return
    for n, member in enumerate(guests[:MEILIN_OWNERS], start=1):
        if not member_owns_project(member=member, project=project):
            purchase_record(actor=sales, member=member, project=project, unit=f"8-{n:02d}01")


def _pdf(title: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n% " + title.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile("sign-in-sheet.pdf", body)


def _png(seed: int) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    colour = (80 + seed * 37 % 150, 120 + seed * 53 % 120, 90 + seed * 29 % 140)
    Image.new("RGB", (320, 200), colour).save(buffer, "PNG")
    return SimpleUploadedFile(f"photo-{seed}.png", buffer.getvalue())


def _minutes() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", "<document>业主恳谈会会议纪要</document>")
    return SimpleUploadedFile("minutes.docx", buffer.getvalue())


def _history(event, members: list, *, share: float, walk_ins: int, door_staff) -> None:
    """Registrations as they were before the deadline, check-ins around the start."""
    rng = random.Random(event.slug)  # noqa: S311 - demo data, reproducible
    deadline = event.registration_deadline or event.starts_at
    rows = []
    for n, member in enumerate(members):
        party = 1 + rng.randrange(event.max_party_size)
        checked = rng.random() < share
        rows.append(
            Registration(
                event=event,
                member=member,
                party_size=party,
                status=RegistrationStatus.REGISTERED,
                ticket_token=f"DEMO{event.pk:06d}{n:06d}",
                checked_in_at=event.starts_at + dt.timedelta(minutes=rng.randint(-30, 20))
                if checked
                else None,
                checked_in_by=door_staff if checked else None,
            )
        )
    created = Registration.objects.bulk_create(rows)
    # created_at is auto_now_add: date the registrations back to before the deadline.
    for n, registration in enumerate(created):
        Registration.objects.filter(pk=registration.pk).update(
            created_at=deadline - dt.timedelta(days=10) + dt.timedelta(hours=n * 3)
        )
    for n in range(walk_ins):
        walk_in = WalkIn.objects.create(
            event=event,
            name=SURNAMES[(n * 5) % len(SURNAMES)] + "先生" if n % 2 else SURNAMES[n] + "女士",
            party_size=1 + n % 2,
            note="现场登记",
            recorded_by=door_staff,
        )
        WalkIn.objects.filter(pk=walk_in.pk).update(
            recorded_at=event.starts_at + dt.timedelta(minutes=5 + n)
        )


def _records(event, *, staff, minutes: bool = False) -> None:
    event_record_upload(
        actor=staff, event=event, kind=RecordKind.SIGN_IN_SHEET, upload=_pdf(event.slug)
    )
    for seed in range(2):
        event_record_upload(
            actor=staff,
            event=event,
            kind=RecordKind.PHOTO,
            upload=_png(event.pk + seed),
            note="活动现场",
        )
    if minutes:
        event_record_upload(actor=staff, event=event, kind=RecordKind.MINUTES, upload=_minutes())
    event_records_close(actor=staff, event=event)


def demo_event_activity_ensure(*, admin, staff_users: dict) -> int:
    """Registrations and records for the demo's free events; returns registrations made."""
    from content.models import EventPage, ProjectPage
    from events.services.registration import registration_deadline

    events = {e.slug: e for e in EventPage.objects.live()}
    projects = {p.slug: p for p in ProjectPage.objects.live()}
    door_staff = staff_users.get("service") or admin
    group, _created = Group.objects.get_or_create(name=roles.EVENT_STAFF)
    door_staff.groups.add(group)
    guests = _guests()
    _meilin_owners(guests, sales=admin, projects=projects)
    made = 0

    meeting = events.get("meilin-owners-meeting")
    if meeting is not None and not Registration.objects.filter(event=meeting).exists():
        _history(meeting, guests[:MEILIN_OWNERS], share=1.0, walk_ins=0, door_staff=door_staff)
        _records(meeting, staff=admin, minutes=True)
        made += MEILIN_OWNERS
    for slug, count, share, walk_ins in PAST:
        event = events.get(slug)
        if event is None or Registration.objects.filter(event=event).exists():
            continue
        rng = random.Random(slug)  # noqa: S311 - demo data, reproducible
        _history(
            event, rng.sample(guests, count), share=share, walk_ins=walk_ins, door_staff=door_staff
        )
        if slug != "home-renovation-talk":  # two days ago: the records are still coming in
            _records(event, staff=admin)
        made += count

    full = events.get(FULL_EVENT)
    if (
        full is not None
        and not Registration.objects.filter(event=full).exists()
        and registration_deadline(event=full) > timezone.now()
    ):
        for member in guests[: full.capacity + 6]:
            event_register(member=member, event=full)
        # one waiting guest gives up their place
        last = Registration.objects.filter(event=full, status=RegistrationStatus.WAITLISTED).last()
        event_registration_cancel(member=last.member, registration=last)
        made += full.capacity + 6
    for offset, slug in enumerate(OPEN_EVENTS):
        event = events.get(slug)
        if event is None or Registration.objects.filter(event=event).exists():
            continue
        if registration_deadline(event=event) < timezone.now():
            continue  # loaded again days later: too late to register
        for member in guests[offset * 10 : offset * 10 + 12]:
            event_register(member=member, event=event, party_size=min(2, event.max_party_size))
            made += 1
    return made
