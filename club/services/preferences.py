"""A member's preferences: what they look for and how they want to hear from us."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from club.choices import EventInterest, NewsletterTopic
from club.models import Member, Preferences
from club.services.validation import (
    UNSET,
    clean_area_range,
    clean_budget,
    clean_codes,
    clean_int_list,
    clean_purchase_timeframe,
    require_active_member,
)
from content.selectors import projects_live_by_slugs
from core.errors import DomainError, FieldErrors

MAX_ROOMS = 10


def projects_for_slugs(slugs: Iterable[str], field: str = "interested_project_slugs") -> list:
    """Live projects by slug, in the order given; unknown slugs are refused."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    found = projects_live_by_slugs(slugs=wanted)
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        raise DomainError(
            field, "PROJECT_NOT_FOUND", _("未找到楼盘：%(slugs)s") % {"slugs": "、".join(missing)}
        )
    return [found[slug] for slug in wanted]


def clean_rooms(rooms: Iterable[Any] | None) -> list[int]:
    return clean_int_list(rooms, "rooms", "ROOMS_INVALID", low=1, high=MAX_ROOMS)


def member_preferences_update(
    *,
    member: Member,
    interested_project_slugs: Any = UNSET,
    rooms: Any = UNSET,
    area_min: Any = UNSET,
    area_max: Any = UNSET,
    budget_max: Any = UNSET,
    purchase_timeframe: Any = UNSET,
    email_opt_in: Any = UNSET,
    sms_opt_in: Any = UNSET,
    wechat_opt_in: Any = UNSET,
    newsletter_topics: Any = UNSET,
    event_interests: Any = UNSET,
) -> Preferences:
    """Change the given preferences (others stay); keeps the member's timeframe copy in step.

    Every refused field is reported at once; the followed projects are looked up only once
    the other fields are valid."""
    require_active_member(member)
    prefs, _created = Preferences.objects.get_or_create(member=member)
    errors = FieldErrors()
    changes: dict[str, Any] = {}
    if rooms is not UNSET:
        changes["rooms"] = errors.check(clean_rooms, rooms)
    if area_min is not UNSET or area_max is not UNSET:
        new_min = prefs.area_min if area_min is UNSET else area_min
        new_max = prefs.area_max if area_max is UNSET else area_max
        changes["area_min"], changes["area_max"] = errors.check(
            clean_area_range, new_min, new_max
        ) or (None, None)
    if budget_max is not UNSET:
        changes["budget_max"] = errors.check(clean_budget, budget_max)
    if purchase_timeframe is not UNSET:
        changes["purchase_timeframe"] = errors.check(clean_purchase_timeframe, purchase_timeframe)
    for field, value in (
        ("email_opt_in", email_opt_in),
        ("sms_opt_in", sms_opt_in),
        ("wechat_opt_in", wechat_opt_in),
    ):
        if value is not UNSET:
            changes[field] = bool(value)
    if newsletter_topics is not UNSET:
        changes["newsletter_topics"] = errors.check(
            clean_codes, newsletter_topics, NewsletterTopic, "newsletter_topics", "TOPIC_INVALID"
        )
    if event_interests is not UNSET:
        changes["event_interests"] = errors.check(
            clean_codes, event_interests, EventInterest, "event_interests", "EVENT_INTEREST_INVALID"
        )
    errors.raise_if_any()
    projects = None
    if interested_project_slugs is not UNSET:
        projects = projects_for_slugs(interested_project_slugs or [])
    with transaction.atomic():
        if changes:
            for field, value in changes.items():
                setattr(prefs, field, value)
            prefs.save(update_fields=[*changes, "updated_at"])
        if projects is not None:
            prefs.interested_projects.set(projects)
        if (
            "purchase_timeframe" in changes
            and member.purchase_timeframe != prefs.purchase_timeframe
        ):
            member.purchase_timeframe = prefs.purchase_timeframe
            Member.objects.filter(pk=member.pk).update(purchase_timeframe=prefs.purchase_timeframe)
    return prefs
