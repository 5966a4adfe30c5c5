"""The segment rule table (club/segments.py): each row, the precedence, ages over time."""

from __future__ import annotations

import datetime as dt

import pytest

from club.segments import SEGMENT_RULES, age_on, derive_segment
from core.vocabulary import Segment

TODAY = dt.date(2026, 6, 15)


def born(age: int) -> dt.date:
    """A birth date making someone `age` years old on TODAY (birthday already passed)."""
    return dt.date(TODAY.year - age, 1, 1)


def segment(**answers) -> Segment:
    answers.setdefault("birth_date", born(40))
    return derive_segment(today=TODAY, answered_on=TODAY, **answers)


def test_the_table_is_ordered_and_ends_with_a_fallback():
    assert [rule.number for rule in SEGMENT_RULES] == [1, 2, 3, 4, 5, 6]
    assert SEGMENT_RULES[-1].description == "otherwise"


def test_row_1_high_income_is_affluent_family_even_with_children_and_elderly():
    assert segment(income_band="HIGH") == Segment.AFFLUENT_FAMILY
    assert (
        segment(income_band="HIGH", children_ages=[5], elderly_at_home=True)
        == Segment.AFFLUENT_FAMILY
    )


@pytest.mark.parametrize("child_age", [0, 9, 17])
def test_row_2_a_child_aged_0_to_17_makes_child_focused(child_age):
    assert segment(children_ages=[child_age]) == Segment.CHILD_FOCUSED


def test_row_2_an_18_year_old_child_is_not_a_minor():
    assert segment(children_ages=[18]) == Segment.PRAGMATIC_FAMILY


def test_row_2_child_focused_beats_elderly_at_home_and_low_income():
    assert (
        segment(children_ages=[3], elderly_at_home=True, income_band="LOW") == Segment.CHILD_FOCUSED
    )


def test_row_3_elderly_at_home_makes_elder_care():
    assert segment(elderly_at_home=True) == Segment.ELDER_CARE
    assert segment(birth_date=born(28), elderly_at_home=True) == Segment.ELDER_CARE


def test_row_3_member_aged_55_without_minor_children_is_elder_care_but_54_is_not():
    assert segment(birth_date=born(55)) == Segment.ELDER_CARE
    assert segment(birth_date=born(54)) == Segment.PRAGMATIC_FAMILY
    assert segment(birth_date=born(60), children_ages=[30]) == Segment.ELDER_CARE


def test_row_3_elder_care_beats_low_income():
    assert segment(birth_date=born(60), income_band="LOW") == Segment.ELDER_CARE


def test_row_4_low_income_makes_pragmatic_family_even_when_young():
    assert segment(birth_date=born(25), income_band="LOW") == Segment.PRAGMATIC_FAMILY


def test_row_5_under_35_without_minor_children_is_social_newcomer_and_35_is_not():
    assert segment(birth_date=born(34)) == Segment.SOCIAL_NEWCOMER
    assert segment(birth_date=born(34), income_band="MIDDLE") == Segment.SOCIAL_NEWCOMER
    assert segment(birth_date=born(35)) == Segment.PRAGMATIC_FAMILY


def test_row_6_fallback_is_pragmatic_family():
    assert segment(birth_date=born(45), income_band="MIDDLE") == Segment.PRAGMATIC_FAMILY
    assert segment(birth_date=born(45), income_band="UNDISCLOSED") == Segment.PRAGMATIC_FAMILY


def test_children_grow_up_a_17_year_old_counts_as_adult_a_year_after_the_answer():
    answered = dt.date(2025, 6, 1)
    answers = dict(birth_date=born(40), children_ages=[17], answered_on=answered)
    assert derive_segment(today=dt.date(2026, 5, 31), **answers) == Segment.CHILD_FOCUSED
    assert derive_segment(today=dt.date(2026, 6, 1), **answers) == Segment.PRAGMATIC_FAMILY


def test_age_on_handles_the_birthday_boundary_and_29_february():
    assert age_on(dt.date(2008, 6, 15), dt.date(2026, 6, 14)) == 17
    assert age_on(dt.date(2008, 6, 15), dt.date(2026, 6, 15)) == 18
    leap = dt.date(2008, 2, 29)
    assert age_on(leap, dt.date(2026, 2, 28)) == 17
    assert age_on(leap, dt.date(2026, 3, 1)) == 18
    assert age_on(leap, dt.date(2028, 2, 29)) == 20


@pytest.mark.django_db
def test_the_refresh_command_moves_a_member_whose_child_came_of_age(capsys):
    from django.core.management import call_command

    from club.models import Member
    from tests.factories import member_create

    member = member_create(birth_date=dt.date(1980, 1, 1), children_ages=[17])
    assert member.segment == Segment.CHILD_FOCUSED
    Member.objects.filter(pk=member.pk).update(household_answered_on=dt.date(2000, 1, 1))
    call_command("refresh_member_segments")
    member.refresh_from_db()
    assert member.segment == Segment.PRAGMATIC_FAMILY
    assert "1" in capsys.readouterr().out
