"""The content domain's business rules (DOMAIN.md), as plain functions.

Models call these from `clean()` (consistency, checked on every save) and from
`publish_errors()` (checked at publication, whichever path it takes); selectors and the
APIs call `project_is_licensed` / `project_price_range` so that the pre-licence rule is
decided in one place. Rules only answer questions: what follows from them (view
restrictions, records of late publications) is written by `content.services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

if TYPE_CHECKING:
    from content.models import EventPage, ProjectPage

EVENT_NOTICE_PERIOD = timedelta(days=3)
LATE_PUBLICATION_PERMISSION = "content.publish_event_late"
# Rules that a publisher holding an override permission may waive. They do not stop an
# editor from submitting the page for review: the approval that publishes it is judged
# with the approver's permissions.
WAIVABLE_AT_REVIEW = frozenset({"EVENT_NOTICE_TOO_LATE"})
CURRENCY = "CNY"
# Licences are issued by mainland authorities: a licence dated D counts from 00:00 on D in
# China, whatever the server's time zone.
LICENCE_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def raise_for(errors: list[DomainError]) -> None:
    """Raise the errors as one ValidationError keyed by field, as Django forms expect."""
    if errors:
        raise ValidationError(
            {e.field or "__all__": ValidationError(e.message, code=e.code) for e in errors}
        )


# --- projects ---------------------------------------------------------------------------


def licence_today(now: datetime | None = None) -> date:
    """Today's date in China, the calendar a licence's date is written in."""
    return timezone.localtime(now or timezone.now(), LICENCE_TIME_ZONE).date()


def project_is_licensed(project: ProjectPage, *, today: date | None = None) -> bool:
    """A project may be advertised only once it has a pre-sale licence number and date,
    and from that date on (China time): a licence dated in the future does not count yet.

    `ProjectPage.objects.licensed()` is the same rule in SQL; keep them together.
    """
    issued_on = project.presale_licence_date
    if not (project.presale_licence_number.strip() and issued_on):
        return False
    return issued_on <= (today or licence_today())


@dataclass(frozen=True)
class PriceRange:
    min_per_sqm: int
    max_per_sqm: int
    currency: str = CURRENCY


def project_price_range(project: ProjectPage) -> PriceRange | None:
    """The price range shown to anyone, or None: never before the pre-sale licence."""
    if not project_is_licensed(project):
        return None
    if project.price_min_per_sqm is None or project.price_max_per_sqm is None:
        return None
    return PriceRange(project.price_min_per_sqm, project.price_max_per_sqm)


def project_consistency_errors(project: ProjectPage) -> list[DomainError]:
    errors: list[DomainError] = []
    if bool(project.presale_licence_number.strip()) != bool(project.presale_licence_date):
        errors.append(
            DomainError(
                "presale_licence_date",
                "LICENCE_INCOMPLETE",
                _("预售许可证号和发证日期须同时填写。"),
            )
        )
    low, high = project.price_min_per_sqm, project.price_max_per_sqm
    if low is not None and high is not None and low > high:
        errors.append(
            DomainError(
                "price_max_per_sqm", "PRICE_RANGE_INVERTED", _("最高单价不能低于最低单价。")
            )
        )
    return errors


def project_publish_errors(project: ProjectPage) -> list[DomainError]:
    if not project.adverse_factors_reviewed:
        return [
            DomainError(
                "adverse_factors_reviewed",
                "ADVERSE_FACTORS_NOT_REVIEWED",
                _(
                    "红线外不利因素尚未审核公示，楼盘不能发布。如经核查未发现不利因素，也须勾选确认。"
                ),
            )
        ]
    return []


def project_legal_approval_errors(*, revision) -> list[DomainError]:
    """A project goes live only as the very revision its workflow's legal step approved
    (法务审核 of 楼盘审核发布). A revision created after that approval (an edit, the
    editor's 发布 button, an older revision restored) has none and is refused."""
    from wagtail.models import TaskState

    from content.editorial import LEGAL_TASK

    approved = (
        revision is not None
        and revision.pk is not None
        and TaskState.objects.filter(
            revision_id=revision.pk,
            status=TaskState.STATUS_APPROVED,
            task__name=LEGAL_TASK,
        ).exists()
    )
    if approved:
        return []
    return [
        DomainError(
            "__all__",
            "LEGAL_APPROVAL_REQUIRED",
            _("楼盘须经法务审核通过后方可发布：请提交审核，由法务审核后再由审核人员批准发布。"),
        )
    ]


# --- events -----------------------------------------------------------------------------


def event_consistency_errors(event: EventPage) -> list[DomainError]:
    from content.choices import EventAudience

    errors: list[DomainError] = []
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.append(DomainError("ends_at", "ENDS_BEFORE_START", _("结束时间必须晚于开始时间。")))
    if (
        event.starts_at
        and event.registration_deadline
        and event.registration_deadline > event.starts_at
    ):
        errors.append(
            DomainError(
                "registration_deadline",
                "DEADLINE_AFTER_START",
                _("报名截止时间不能晚于活动开始时间。"),
            )
        )
    if event.audience == EventAudience.PROJECT_OWNERS and not event.audience_project_id:
        errors.append(
            DomainError(
                "audience_project", "AUDIENCE_PROJECT_REQUIRED", _("面向业主的活动须选择所属项目。")
            )
        )
    if event.audience == EventAudience.SEGMENT and not event.audience_segment:
        errors.append(
            DomainError(
                "audience_segment", "AUDIENCE_SEGMENT_REQUIRED", _("面向客户细分的活动须选择细分。")
            )
        )
    return errors


def event_is_late(event: EventPage, now: datetime) -> bool:
    """Is it less than three days before the event, for a first publication?"""
    return event.first_published_at is None and event.starts_at - now < EVENT_NOTICE_PERIOD


def event_lead_time_is_late(*, starts_at: datetime, first_published_at: datetime) -> bool:
    """Did a first publication at `first_published_at` give less than three days' notice?"""
    return starts_at - first_published_at < EVENT_NOTICE_PERIOD


def event_publish_errors(
    event: EventPage, *, user=None, now: datetime | None = None
) -> list[DomainError]:
    """The notice must go out at least three days before the event (活动通知至少提前三天).

    Only the first publication is held to it: correcting a live event later is allowed.
    An editor holding `content.publish_event_late` may override; the override is recorded.
    """
    now = now or timezone.now()
    if not event_is_late(event, now):
        return []
    if user is not None and user.has_perm(LATE_PUBLICATION_PERMISSION):
        return []
    return [
        DomainError(
            "starts_at",
            "EVENT_NOTICE_TOO_LATE",
            _("活动通知须至少提前三天发布；距活动开始已不足三天，需由有特批权限的编辑发布。"),
        )
    ]
