"""Demo accounts: one superuser, one staff user per role, and one member.

The demo password exists only here and is only ever set by `manage.py load_demo_data`,
which refuses to run with DEBUG off unless forced. A re-run leaves existing passwords alone
unless asked to reset them, so a developer who changed theirs keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q

DEMO_PASSWORD = "club-demo-2026"

MEMBER_PHONE = "+8613800138000"
MEMBER_EMAIL = "member@example.com"
MEMBER_USERNAME = "member"


@dataclass(frozen=True)
class StaffRole:
    username: str
    full_name: str
    role: str  # what the person does, for the logins table
    group_key: str  # key of the group in content.editorial (see _editorial_groups)


STAFF_ROLES: list[StaffRole] = [
    StaffRole("editor", "陈晓雯", "编辑：撰写新闻、会刊、活动与楼盘资料", "editor"),
    StaffRole("reviewer", "王志强", "审核：审批编辑提交的内容", "reviewer"),
    StaffRole("legal", "刘敏", "法务：审核预售信息与红线外不利因素公示", "legal"),
    StaffRole("service", "张丽", "客户关系中心：受理与跟进投诉", "service"),
    StaffRole("marketing", "李俊", "营销：查询会员数据与推荐归因", "marketing"),
    StaffRole("sales", "赵磊", "销售：登记购房意向、认筹与成交", "sales"),
]


@dataclass(frozen=True)
class DemoLogin:
    login: str
    role: str


def _editorial_groups() -> dict[str, Group]:
    """The staff groups by role key, created by content.editorial.editorial_setup().

    The editorial module owns the groups and their permissions; the demo only places users
    in them, looking each group up by the module's name constants.
    """
    from content import editorial

    editorial.editorial_setup()
    return {key: Group.objects.get(name=name) for key, name in editorial.GROUPS.items()}


def _password_apply(user, *, created: bool, reset_passwords: bool) -> None:
    if created or reset_passwords:
        user.set_password(DEMO_PASSWORD)


@transaction.atomic
def demo_admin_ensure(*, reset_passwords: bool = False):
    """The superuser `admin`; it also holds the late-event-publication override."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@example.com", "first_name": "系统管理员"},
    )
    user.is_staff = user.is_superuser = user.is_active = True
    _password_apply(user, created=created, reset_passwords=reset_passwords)
    user.save()
    return user


@transaction.atomic
def demo_staff_ensure(*, reset_passwords: bool = False) -> dict:
    """One staff user per role, each in the group of that role; users by username."""
    User = get_user_model()
    groups = _editorial_groups()
    users = {}
    for role in STAFF_ROLES:
        user, created = User.objects.get_or_create(
            username=role.username,
            defaults={"email": f"{role.username}@example.com", "first_name": role.full_name},
        )
        user.is_staff = user.is_active = True
        _password_apply(user, created=created, reset_passwords=reset_passwords)
        user.save()
        group = groups.get(role.group_key)
        if group is not None:
            user.groups.add(group)
        users[role.username] = user
    return users


@transaction.atomic
def demo_member_ensure(*, reset_passwords: bool = False):
    """The demo member (signs in with 13800138000 or member@example.com), complete.

    Everything goes through club's services: a full profile (a family with a young child,
    hence CHILD_FOCUSED), a verified e-mail, terms and marketing consents, and preferences
    (interested in the first demo projects once they exist; the command loads content after
    accounts, so a second run, or loading members after content, attaches them).
    """
    import datetime as dt

    from club import services as club
    from club.services.registration import email_verification_token
    from content.models import ProjectPage

    User = get_user_model()
    user = User.objects.filter(
        Q(phone=MEMBER_PHONE) | Q(email=MEMBER_EMAIL) | Q(username=MEMBER_USERNAME)
    ).first()
    created = user is None
    if created:
        user = User(
            username=MEMBER_USERNAME,
            phone=MEMBER_PHONE,
            email=MEMBER_EMAIL,
            first_name="李明",
        )
    _password_apply(user, created=created, reset_passwords=reset_passwords)
    user.save()

    member = getattr(user, "member", None)
    if member is None:
        member = club.member_register_for_user(
            user=user,
            name="李明",
            birth_date=dt.date(1988, 8, 8),
            accept_terms=True,
            marketing_consent=True,
            gender="MALE",
            city="深圳",
            employer="深圳某科技有限公司",
            education="BACHELOR",
            children_ages=[6],
            elderly_at_home=False,
            income_band="MIDDLE",
            source="DEMO",
        )
    if not member.has_marketing_consent and not member.deleted_at:
        club.consent_grant(member=member, kind="MARKETING", source="DEMO")
    if not user.email_verified_at and user.email:
        club.member_email_verify(token=email_verification_token(member))
    preferences = dict(
        rooms=[3, 4],
        area_min=90,
        area_max=140,
        budget_max=600_000_000,  # 600 万元, in 分
        purchase_timeframe="WITHIN_6_MONTHS",
        email_opt_in=True,
        sms_opt_in=True,
        wechat_opt_in=False,
        newsletter_topics=["PROJECT_NEWS", "CLUB_EVENTS", "MEMBER_OFFERS"],
        event_interests=["OPEN_DAY", "FAMILY", "EDUCATION"],
    )
    interested = list(
        ProjectPage.objects.live()
        .filter(slug__in=["yunhai-bay", "meilin-garden"])
        .values_list("slug", flat=True)
    )
    if interested:
        preferences["interested_project_slugs"] = interested
    if not member.deleted_at:
        club.member_preferences_update(member=member, **preferences)
    return user


def demo_logins() -> list[DemoLogin]:
    """The rows of the demo logins table (README and the command's output)."""
    rows = [DemoLogin("admin", "超级管理员（可特批不足三天的活动发布）")]
    rows += [DemoLogin(role.username, role.role) for role in STAFF_ROLES]
    rows.append(DemoLogin(f"{MEMBER_PHONE[3:]} / {MEMBER_EMAIL}", "会员"))
    return rows
