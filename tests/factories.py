"""Test data builders. Pages go through Wagtail's tree API and real publication."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import ArticlePage, EventPage, NewsletterIssuePage, ProjectPage
from content.services import SiteTree, project_publish_through_workflow

_seq = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-2026")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if extracted:
            from django.contrib.auth.models import Group

            self.groups.set([Group.objects.get(name=name) for name in extracted])
        self.save()


def _add(parent, page, *, publish: bool):
    page.live = False  # a draft until published through the real publication path
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        if isinstance(page, ProjectPage):
            # A project goes live only through its workflow's legal approval.
            project_publish_through_workflow(revision=revision)
        else:
            revision.publish()
        page.refresh_from_db()
    return page


def project_create(
    tree: SiteTree, *, publish: bool = True, licensed: bool = True, **fields
) -> ProjectPage:
    n = next(_seq)
    defaults = dict(
        title=f"测试楼盘{n}",
        slug=f"project-{n}",
        city="深圳",
        district="南山区",
        sales_status="ON_SALE" if licensed else "PLANNING",
        price_min_per_sqm=5_000_000,
        price_max_per_sqm=8_000_000,
        adverse_factors_reviewed=True,
        intro="紧邻优质学区房，配套成熟。",
    )
    if licensed:
        defaults.update(
            presale_licence_number=f"深房许字（2026）第{n:03d}号",
            presale_licence_date=dt.date(2026, 3, 1),
        )
    defaults.update(fields)
    return _add(tree.projects, ProjectPage(**defaults), publish=publish)


def event_create(
    tree: SiteTree,
    *,
    publish: bool = True,
    starts_in: dt.timedelta = dt.timedelta(days=10),
    **fields,
) -> EventPage:
    n = next(_seq)
    starts_at = timezone.now() + starts_in
    defaults = dict(
        title=f"测试活动{n}",
        slug=f"event-{n}",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        venue="会所",
        capacity=50,
        price=0,
    )
    defaults.update(fields)
    return _add(tree.events, EventPage(**defaults), publish=publish)


def article_create(tree: SiteTree, *, publish: bool = True, **fields) -> ArticlePage:
    n = next(_seq)
    defaults = dict(title=f"测试新闻{n}", slug=f"article-{n}", intro="会员动态")
    defaults.update(fields)
    return _add(tree.articles, ArticlePage(**defaults), publish=publish)


def newsletter_create(tree: SiteTree, *, publish: bool = True, **fields) -> NewsletterIssuePage:
    n = next(_seq)
    defaults = dict(title=f"会刊第{n}期", slug=f"issue-{n}", issue_number=n)
    defaults.update(fields)
    return _add(tree.newsletters, NewsletterIssuePage(**defaults), publish=publish)


_phone_seq = itertools.count(1)


def phone_code_create(phone: str, *, purpose: str = "VERIFY_PHONE", code: str = "246810") -> str:
    """A live one-time code for `phone`, as `requestSmsCode` would have texted it."""
    from club.models import SmsCode
    from club.services.auth import SMS_CODE_TTL, sms_code_digest
    from core.auth import normalise_phone

    phone = normalise_phone(phone or "") or phone
    SmsCode.objects.create(
        phone=phone,
        purpose=purpose,
        digest=sms_code_digest(phone, purpose, code),
        expires_at=timezone.now() + SMS_CODE_TTL,
    )
    return code


def member_create(*, marketing_consent: bool = True, **fields):
    """A member registered through the real service (18+, unique phone, terms accepted)."""
    from club.services import member_register

    n = next(_phone_seq)
    defaults = dict(
        name=f"会员{n}",
        phone=f"+86139{n:08d}",
        password="pw-for-tests-2026",
        birth_date=dt.date(1990, 5, 17),
        accept_terms=True,
        marketing_consent=marketing_consent,
        city="深圳",
    )
    defaults.update(fields)
    defaults.setdefault("sms_code", phone_code_create(defaults["phone"]))
    return member_register(**defaults)


def member_reader(*, pii: bool = True, **fields):
    """A staff user whose permissions grant read:members (and read:members:pii if `pii`),
    so tokens issued to them are within their owner's rights."""
    from django.contrib.auth.models import Permission

    user = UserFactory(**fields)
    codenames = ["view_member", "view_member_pii"] if pii else ["view_member"]
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="club", codename__in=codenames)
    )
    return user


# --- service (complaints) ------------------------------------------------------------------


def service_staff_create(*, supervisor: bool = False, email: str | None = None, **fields):
    """A customer-service user (客服), or a supervisor (客服主管) when asked."""
    from service.permissions import SERVICE_GROUP, SUPERVISOR_GROUP

    group = SUPERVISOR_GROUP if supervisor else SERVICE_GROUP
    n = next(_seq)
    return UserFactory(groups=[group], email=email or f"staff{n}@example.com", **fields)


def department_create(**fields):
    from service.models import Department

    n = next(_seq)
    defaults = dict(name=f"部门{n}")
    defaults.update(fields)
    return Department.objects.create(**defaults)


_guest_seq = itertools.count(1)


def complaint_create(*, age: dt.timedelta | None = None, **fields):
    """A complaint filed through the real service, by a fresh guest unless `member` is given.

    `age` backdates the filing (and nothing else), for the time rules.
    """
    from service.models import Complaint
    from service.services import complaint_file

    defaults = dict(
        category="ENGINEERING_QUALITY", title="外墙渗水", description="客厅外墙雨天渗水。"
    )
    if fields.get("member") is None:
        n = next(_guest_seq)
        defaults.update(guest_name=f"业主{n}", guest_phone=f"+86137{n:08d}")
    defaults.update(fields)
    complaint = complaint_file(**defaults)
    if age is not None:
        Complaint.objects.filter(pk=complaint.pk).update(created_at=timezone.now() - age)
        complaint.refresh_from_db()
    return complaint


def complaint_walk(complaint, *, to: str, staff=None, department=None):
    """Take a complaint through the real services up to status `to` (RESOLVED, ...)."""
    from service import services

    order = ["RECEIVED", "ACKNOWLEDGED", "IN_PROGRESS", "RESOLVED", "FOLLOWED_UP", "CLOSED"]
    staff = staff or service_staff_create()
    steps = {
        "ACKNOWLEDGED": lambda c: services.complaint_acknowledge(
            actor=staff, complaint=c, public_note="您好，已收到，我们马上安排。"
        ),
        "IN_PROGRESS": lambda c: services.complaint_start(
            actor=staff,
            complaint=services.complaint_assign(
                actor=staff,
                complaint=c,
                department=department or department_create(),
                handler=staff,
            ),
            internal_note="安排工程部上门查看。",
        ),
        "RESOLVED": lambda c: services.complaint_resolve(
            actor=staff, complaint=c, public_note="已修补外墙并做闭水试验。"
        ),
        "FOLLOWED_UP": lambda c: services.complaint_follow_up_record(
            actor=staff, complaint=c, reached=True, internal_note="电话回访，业主满意。", rating=5
        ),
        "CLOSED": lambda c: services.complaint_close(actor=staff, complaint=c),
    }
    for status in order[order.index(complaint.status) + 1 : order.index(to) + 1]:
        complaint = steps[status](complaint)
    return complaint


def owner_of(member, project, *, unit: str | None = None):
    """Make the member an owner (业主) of the project: a purchase as sales record it."""
    from club.models import Purchase

    return Purchase.objects.create(
        member=member,
        project=project,
        unit=unit or f"{next(_seq)}-101",
        purchased_on=dt.date(2026, 1, 10),
    )


def staff_with(*perms: str, **fields):
    """A staff user holding the given "app_label.codename" permissions."""
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True, **fields)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user
