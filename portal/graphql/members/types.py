"""The members API's object types, named as in the contract (shared/contract.graphql).

One `Member` type serves both doors. What a field shows depends on who asks, decided by
the club selectors, never here:
- phone and e-mail: the member sees their own in clear; anyone else gets the contact the
  audited selector read attached (`member.contact`: masked 138****5678 unless
  read:members:pii);
- the private profile (birth date, household, consents, points, referral code...) is
  shown to the member themself only and is null for marketing and staff.
"""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from club import selectors
from club.models import Member as MemberModel
from club.services import referral_link
from portal.graphql.content.types import Project
from portal.graphql.identity import is_own_record
from portal.graphql.inputs import enum_value
from portal.graphql.members.enums import (
    ConsentKind,
    Education,
    EventInterest,
    Gender,
    IncomeBand,
    NewsletterTopic,
    PurchaseTimeframe,
    Segment,
)
from portal.graphql.pagination import CountedConnection


def _none_if_blank(value):
    """None for an unset choice; stored codes as plain strings (enum members included)."""
    value = enum_value(value)
    return value if value not in ("", None) else None


def _contact(member: MemberModel, info) -> dict:
    if is_own_record(info.context, member):
        return selectors.member_contact(member=member, scopes={selectors.SCOPE_MEMBERS_PII})
    # Anyone else's contact comes masked (or not) from the audited read that fetched the
    # member; a member reached any other way shows masked contacts (fails closed).
    contact = getattr(member, "contact", None)
    return contact or selectors.member_contact(member=member, scopes=frozenset())


def _own(resolve):
    """A resolver that answers the member themself only, and null to anyone else."""

    def resolver(member, info, **kwargs):
        if not is_own_record(info.context, member):
            return None
        return resolve(member, info, **kwargs)

    return resolver


class Preferences(graphene.ObjectType):
    """What a member is looking for and how they want to hear from the club (偏好)."""

    interested_projects = graphene.List(
        graphene.NonNull(Project),
        required=True,
        description="Projects the member follows (关注楼盘); prices follow the licence rule.",
    )
    rooms = graphene.List(graphene.NonNull(graphene.Int), required=True, description="居室数")
    area_min = graphene.Int(description="m²")
    area_max = graphene.Int(description="m²")
    budget_max = graphene.Int(description="Total budget in minor units (分).")
    purchase_timeframe = graphene.Field(PurchaseTimeframe)
    email_opt_in = graphene.Boolean(required=True)
    sms_opt_in = graphene.Boolean(required=True)
    wechat_opt_in = graphene.Boolean(required=True)
    newsletter_topics = graphene.List(graphene.NonNull(NewsletterTopic), required=True)
    event_interests = graphene.List(graphene.NonNull(EventInterest), required=True)

    @staticmethod
    def resolve_interested_projects(prefs, info):
        return selectors.member_interested_projects(preferences=prefs)

    @staticmethod
    def resolve_purchase_timeframe(prefs, info):
        return _none_if_blank(prefs.purchase_timeframe)


class Consent(graphene.ObjectType):
    """One consent given (and possibly withdrawn) by the member, with the text's version."""

    kind = graphene.Field(ConsentKind, required=True)
    version = graphene.String(required=True)
    granted_at = graphene.DateTime(required=True)
    withdrawn_at = graphene.DateTime()
    active = graphene.Boolean(required=True)
    source = graphene.String(required=True)

    @staticmethod
    def resolve_kind(consent, info):
        return _none_if_blank(consent.kind)

    @staticmethod
    def resolve_active(consent, info) -> bool:
        return consent.withdrawn_at is None


class PurchaseIntent(graphene.ObjectType):
    """A purchase intent (购房意向登记) for one project; registering again updates it."""

    project = graphene.Field(Project, required=True)
    rooms = graphene.List(graphene.NonNull(graphene.Int), required=True)
    area_min = graphene.Int()
    area_max = graphene.Int()
    budget_max = graphene.Int(description="Minor units (分).")
    purchase_timeframe = graphene.Field(PurchaseTimeframe)
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)

    @staticmethod
    def resolve_purchase_timeframe(intent, info):
        return _none_if_blank(intent.purchase_timeframe)


class Member(graphene.ObjectType):
    """A club member (会员).

    Phone and e-mail are masked (138****5678, z***@example.com) unless the caller is the
    member themself or holds read:members:pii. Fields marked "own record only" are null
    for everyone but the member themself.
    """

    id = graphene.ID(required=True, description="Opaque id.")
    display_name = graphene.String(
        required=True,
        description=(
            "The name as the caller may see it: in full for the member themself and for "
            "read:members:pii, else masked (王**)."
        ),
    )
    phone = graphene.String(description="Masked unless permitted: 138****5678.")
    email = graphene.String(description="Masked unless permitted.")
    city = graphene.String()
    segment = graphene.Field(Segment)
    joined_at = graphene.DateTime(required=True)
    is_owner = graphene.Boolean(required=True, description="业主: has bought from us.")
    preferences = graphene.Field(Preferences, required=True)

    name = graphene.String(description="Own record only: the profile field (see displayName).")
    gender = graphene.Field(Gender, description="Own record only.")
    birth_date = graphene.Date(description="Own record only.")
    employer = graphene.String(description="Own record only.")
    education = graphene.Field(Education, description="Own record only.")
    children_ages = graphene.List(
        graphene.NonNull(graphene.Int), description="Own record only; ages as answered."
    )
    elderly_at_home = graphene.Boolean(description="Own record only.")
    income_band = graphene.Field(IncomeBand, description="Own record only.")
    email_verified = graphene.Boolean(description="Own record only.")
    referral_code = graphene.String(description="Own record only: the code friends join with.")
    referral_link = graphene.String(description="Own record only: the link to share.")
    points_balance = graphene.Int(description="Own record only: referral points (积分).")
    consents = graphene.List(
        graphene.NonNull(Consent), description="Own record only: consent history, newest first."
    )
    purchase_intents = graphene.List(
        graphene.NonNull(PurchaseIntent), description="Own record only."
    )

    @staticmethod
    def resolve_id(member, info) -> str:
        return to_global_id("Member", member.pk)

    @staticmethod
    def resolve_display_name(member, info):
        return _contact(member, info)["name"] or ""

    @staticmethod
    def resolve_phone(member, info):
        return _contact(member, info)["phone"]

    @staticmethod
    def resolve_email(member, info):
        return _contact(member, info)["email"]

    @staticmethod
    def resolve_city(member, info):
        return _none_if_blank(member.city)

    @staticmethod
    def resolve_segment(member, info):
        return _none_if_blank(member.segment)

    @staticmethod
    def resolve_preferences(member, info):
        return member.preferences

    resolve_name = _own(lambda m, info: m.name)
    resolve_gender = _own(lambda m, info: _none_if_blank(m.gender))
    resolve_birth_date = _own(lambda m, info: m.birth_date)
    resolve_employer = _own(lambda m, info: m.employer)
    resolve_education = _own(lambda m, info: _none_if_blank(m.education))
    resolve_children_ages = _own(lambda m, info: m.children_ages)
    resolve_elderly_at_home = _own(lambda m, info: m.elderly_at_home)
    resolve_income_band = _own(lambda m, info: _none_if_blank(m.income_band))
    resolve_email_verified = _own(lambda m, info: m.user.email_verified_at is not None)
    resolve_referral_code = _own(lambda m, info: m.referral_code)
    resolve_referral_link = _own(lambda m, info: referral_link(m))
    resolve_points_balance = _own(lambda m, info: selectors.member_points_balance(member=m))
    resolve_consents = _own(lambda m, info: selectors.member_consents(member=m))
    resolve_purchase_intents = _own(lambda m, info: selectors.member_purchase_intents(member=m))


class MemberConnection(CountedConnection):
    class Meta:
        node = Member


class MemberBucket(graphene.ObjectType):
    """One group of memberStats: the dimension's value ("" when unknown) and its count."""

    key = graphene.String(required=True)
    count = graphene.Int(required=True)


class ProjectReferralFigures(graphene.ObjectType):
    """Referral attribution for one project (推荐购买): counts of recorded purchases."""

    project_slug = graphene.String(required=True)
    project_name = graphene.String(required=True)
    purchases = graphene.Int(required=True)
    referred_purchases = graphene.Int(
        required=True, description="Purchases by members who joined through a referral."
    )
    repeat_purchases = graphene.Int(
        required=True, description="Purchases by members who had bought before."
    )
    referral_points = graphene.Int(
        required=True, description="Points credited to referrers for this project's sales."
    )

    @staticmethod
    def resolve_project_name(figures, info) -> str:
        return figures["project_title"]
