"""The member's data rights under PIPL: export everything we hold, delete the account.

Other apps hold member data too (complaints, event registrations, payments). They add
their part without club importing them: `register_export_section("complaints", fn)` adds a
section to the export, `register_erasure_hook(fn)` runs inside the deletion transaction.
Register both from the app's `AppConfig.ready()`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from club.choices import ConsentKind
from club.models import Member, Preferences, SmsCode
from club.services.consent import consent_withdraw
from club.services.sales import referral_link
from club.services.validation import require_active_member

_export_sections: dict[str, Callable[[Member], Any]] = {}
_erasure_hooks: list[Callable[[Member], None]] = []


def register_export_section(key: str, fn: Callable[[Member], Any]) -> None:
    """Add `key: fn(member)` (JSON-serialisable) to every data export."""
    _export_sections[key] = fn


def register_erasure_hook(fn: Callable[[Member], None]) -> None:
    """Run `fn(member)` when a member deletes their account, before the member is anonymised."""
    if fn not in _erasure_hooks:
        _erasure_hooks.append(fn)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _project_ref(project) -> dict[str, Any]:
    return {"slug": project.slug, "title": project.title}


def member_data_export(*, member: Member) -> dict[str, Any]:
    """Everything we hold on the member, as JSON-serialisable data ("export my data")."""
    user = member.user
    prefs, _created = Preferences.objects.get_or_create(member=member)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "name": member.name,
            "gender": member.gender,
            "birth_date": _iso(member.birth_date),
            "city": member.city,
            "employer": member.employer,
            "education": member.education,
            "joined_at": _iso(member.joined_at),
            "is_owner": member.is_owner,
        },
        "contact": {
            "phone": str(user.phone) if user.phone else None,
            "email": user.email,
            "email_verified_at": _iso(user.email_verified_at),
        },
        "household": {
            "children_ages": member.children_ages,
            "elderly_at_home": member.elderly_at_home,
            "income_band": member.income_band,
            "answered_on": _iso(member.household_answered_on),
        },
        "segment": {
            "segment": member.segment,
            "derived": member.segment_derived,
            "override": member.segment_override,
            "overrides": [
                {
                    "segment": o.segment,
                    "previous": o.previous_segment,
                    "reason": o.reason,
                    "at": _iso(o.at),
                }
                for o in member.segment_overrides.all()
            ],
        },
        "preferences": {
            "interested_projects": [_project_ref(p) for p in prefs.interested_projects.all()],
            "rooms": prefs.rooms,
            "area_min": prefs.area_min,
            "area_max": prefs.area_max,
            "budget_max": prefs.budget_max,
            "purchase_timeframe": prefs.purchase_timeframe,
            "email_opt_in": prefs.email_opt_in,
            "sms_opt_in": prefs.sms_opt_in,
            "wechat_opt_in": prefs.wechat_opt_in,
            "newsletter_topics": prefs.newsletter_topics,
            "event_interests": prefs.event_interests,
        },
        "consents": [
            {
                "kind": c.kind,
                "version": c.version,
                "granted_at": _iso(c.granted_at),
                "withdrawn_at": _iso(c.withdrawn_at),
                "source": c.source,
            }
            for c in member.consents.all()
        ],
        "purchases": [
            {
                "project": _project_ref(p.project),
                "unit": p.unit,
                "price": p.price,
                "purchased_on": _iso(p.purchased_on),
                "note": p.note,
            }
            for p in member.purchases.select_related("project")
        ],
        "purchase_intents": [
            {
                "project": _project_ref(i.project),
                "rooms": i.rooms,
                "area_min": i.area_min,
                "area_max": i.area_max,
                "budget_max": i.budget_max,
                "purchase_timeframe": i.purchase_timeframe,
                "note": i.note,
                "created_at": _iso(i.created_at),
                "updated_at": _iso(i.updated_at),
            }
            for i in member.purchase_intents.select_related("project")
        ],
        "referral": {
            "code": member.referral_code,
            "link": referral_link(member),
            "referred_by": member.referred_by.display_name if member.referred_by_id else None,
            "members_referred": member.referrals.count(),
        },
        "points": [
            {"points": e.points, "reason": e.reason, "note": e.note, "at": _iso(e.created_at)}
            for e in member.points_entries.all()
        ],
    }
    for key, fn in _export_sections.items():
        data[key] = fn(member)
    return data


def member_account_delete(*, member: Member, request: HttpRequest | None = None) -> Member:
    """Delete the account: personal data is anonymised, all sessions end.

    The member row stays under a pseudonym so that complaints, purchases (payment records)
    and points keep their owner for the records the law and accounting require. Consents
    are withdrawn (their history stays as proof); preferences and intents are wiped.
    """
    require_active_member(member)
    pseudonym = f"已注销会员-{secrets.token_hex(4).upper()}"
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("user").get(pk=member.pk)
        for hook in _erasure_hooks:
            hook(member)
        for kind in ConsentKind.values:
            consent_withdraw(member=member, kind=kind)
        member.purchase_intents.all().delete()
        Preferences.objects.filter(member=member).delete()
        Preferences.objects.create(member=member)
        user = member.user
        if user.phone:
            SmsCode.objects.filter(phone=str(user.phone)).delete()
        user.username = f"deleted_{user.pk}_{secrets.token_hex(4)}"
        user.email = None
        user.phone = None
        user.email_verified_at = None
        user.first_name = user.last_name = ""
        user.is_active = False
        user.set_unusable_password()  # changes the session hash: every session ends
        user.save()
        member.name = pseudonym
        member.pseudonym = pseudonym
        member.gender = member.city = member.employer = member.education = ""
        member.birth_date = None
        member.children_ages = []
        member.elderly_at_home = None
        member.income_band = ""
        member.household_answered_on = None
        member.segment = member.segment_derived = member.segment_override = ""
        member.purchase_timeframe = ""
        member.has_marketing_consent = False
        member.deleted_at = timezone.now()
        member.save()
        member.segment_overrides.update(reason="")
    if request is not None:
        logout(request)
    return member
