"""The members API's enums, built from the domain's choices so that the two never drift.

Values are the stored codes (DESIGN.md vocabulary); each type's description lists the
Chinese labels users read. Resolvers may return the plain stored string: graphene looks
the enum member up by value.
"""

from __future__ import annotations

from typing import Any

import graphene

from club import choices
from club.selectors import DIMENSIONS


def _described(text: str, options: Any) -> str:
    labels = "；".join(f"{value} {label}" for value, label in options.choices)
    return f"{text}（{labels}）"


def _enum(name: str, options: Any, text: str) -> type[graphene.Enum]:
    return graphene.Enum(
        name, [(value, value) for value in options.values], description=_described(text, options)
    )


Segment = _enum("Segment", choices.Segment, "Customer segment (客户细分)")
PurchaseTimeframe = _enum(
    "PurchaseTimeframe", choices.PurchaseTimeframe, "When the member plans to buy (购房时间)"
)
Gender = _enum("Gender", choices.Gender, "性别")
Education = _enum("Education", choices.Education, "教育程度")
IncomeBand = _enum("IncomeBand", choices.IncomeBand, "Household annual income (家庭年收入)")
NewsletterTopic = _enum("NewsletterTopic", choices.NewsletterTopic, "会刊订阅主题")
EventInterest = _enum("EventInterest", choices.EventInterest, "活动兴趣")
SmsPurpose = _enum(
    "SmsPurpose",
    choices.SmsPurpose,
    "What a texted code is for: LOGIN signs in, VERIFY_PHONE proves the number at "
    "registration, GUEST_COMPLAINT proves a guest complainant's number",
)
ConsentKind = _enum("ConsentKind", choices.ConsentKind, "Separate consents under PIPL")
MemberDimension = graphene.Enum(
    "MemberDimension",
    [(value, value) for value in DIMENSIONS],
    description=(
        "What memberStats groups by. INTERESTED_PROJECT keys are project slugs, JOIN_MONTH "
        'keys look like "2026-03", AGE_BAND keys are "18-24", "25-34", "35-44", "45-54", '
        '"55-64" and "65+".'
    ),
)
