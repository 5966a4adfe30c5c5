"""Deriving a member's customer segment (客户细分) from their profile answers.

DOMAIN.md names five segments and says they are derived from children's ages, elderly at
home, household income band and age. The derivation is an ordered rule table: the first
row whose condition holds decides. The order is the precedence:

| # | condition                                            | segment          |
|---|------------------------------------------------------|------------------|
| 1 | household income band is HIGH                        | AFFLUENT_FAMILY  |
| 2 | at least one child aged 0-17                          | CHILD_FOCUSED    |
| 3 | elderly at home, or the member is aged 55 or over     | ELDER_CARE       |
| 4 | household income band is LOW                          | PRAGMATIC_FAMILY |
| 5 | the member is under 35                                | SOCIAL_NEWCOMER  |
| 6 | otherwise (35-54, middle or undisclosed income, no    | PRAGMATIC_FAMILY |
|   | minor children, no elderly at home)                   |                  |

Why this order: income is the strongest signal for what a household can buy, so a high
income household is AFFLUENT_FAMILY whatever else holds (row 1). Minor children drive the
choice of home more than anything else (schools, safety), so they come next (row 2), and
rows 3-6 therefore only see households without minor children, which is what "empty
nesters" and "young without children" mean. A low income (row 4) outranks youth (row 5)
because price is then the deciding need. Row 6 falls back to PRAGMATIC_FAMILY, the
observed majority segment among middle-aged households without children at home.

Children's ages are stored as answered; `current_children_ages` ages them by the whole
years elapsed since the answer, so a child who was 17 counts as an adult a year later.
Staff may override the derived segment (club.services.member_segment_override); the
override wins over this table until it is cleared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from club.choices import IncomeBand, Segment

YOUNG_BELOW_AGE = 35
SENIOR_FROM_AGE = 55
ADULT_FROM_AGE = 18


def age_on(birth_date: dt.date, today: dt.date) -> int:
    """Whole years of age on `today`. A 29 February birthday falls on 1 March in other years."""
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years elapsed from `earlier` to `later` (never negative)."""
    return max(0, age_on(earlier, later))


@dataclass(frozen=True)
class Household:
    """The answers the derivation reads, with ages already computed for `today`."""

    age: int | None
    children_ages: tuple[int, ...]
    elderly_at_home: bool
    income_band: str

    @property
    def has_minor_children(self) -> bool:
        return any(0 <= age < ADULT_FROM_AGE for age in self.children_ages)


@dataclass(frozen=True)
class SegmentRule:
    number: int
    description: str
    applies: Callable[[Household], bool]
    segment: Segment


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(
        1,
        "household income band is HIGH",
        lambda h: h.income_band == IncomeBand.HIGH,
        Segment.AFFLUENT_FAMILY,
    ),
    SegmentRule(
        2, "at least one child aged 0-17", lambda h: h.has_minor_children, Segment.CHILD_FOCUSED
    ),
    SegmentRule(
        3,
        "elderly at home, or member aged 55 or over",
        lambda h: h.elderly_at_home or (h.age is not None and h.age >= SENIOR_FROM_AGE),
        Segment.ELDER_CARE,
    ),
    SegmentRule(
        4,
        "household income band is LOW",
        lambda h: h.income_band == IncomeBand.LOW,
        Segment.PRAGMATIC_FAMILY,
    ),
    SegmentRule(
        5,
        "member under 35",
        lambda h: h.age is not None and h.age < YOUNG_BELOW_AGE,
        Segment.SOCIAL_NEWCOMER,
    ),
    SegmentRule(6, "otherwise", lambda h: True, Segment.PRAGMATIC_FAMILY),
)


def current_children_ages(
    children_ages: Sequence[int], answered_on: dt.date | None, today: dt.date
) -> tuple[int, ...]:
    """The children's ages today, given the ages answered on `answered_on`."""
    elapsed = years_between(answered_on, today) if answered_on else 0
    return tuple(int(age) + elapsed for age in children_ages)


def matching_rule(household: Household) -> SegmentRule:
    """The first rule of the table that applies (the last one always does)."""
    return next(rule for rule in SEGMENT_RULES if rule.applies(household))


def derive_segment(
    *,
    birth_date: dt.date | None,
    children_ages: Sequence[int] = (),
    elderly_at_home: bool | None = None,
    income_band: str = "",
    answered_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Segment:
    """The segment the rule table gives for these answers on `today`."""
    today = today or dt.date.today()
    household = Household(
        age=age_on(birth_date, today) if birth_date else None,
        children_ages=current_children_ages(children_ages, answered_on, today),
        elderly_at_home=bool(elderly_at_home),
        income_band=income_band or "",
    )
    return matching_rule(household).segment


def derive_segment_from_answers(answers, *, today: dt.date | None = None) -> Segment:
    """`derive_segment` for anything holding a member's answers (a Member, a bulk row)."""
    return derive_segment(
        birth_date=answers.birth_date,
        children_ages=answers.children_ages,
        elderly_at_home=answers.elderly_at_home,
        income_band=answers.income_band,
        answered_on=answers.household_answered_on,
        today=today,
    )
