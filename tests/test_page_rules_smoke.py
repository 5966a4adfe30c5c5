"""The two publication rules hold on the one path every publication takes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from content.models import EventPublicationOverride
from tests.factories import UserFactory, event_create, project_create

pytestmark = pytest.mark.django_db


def test_a_project_cannot_be_published_before_its_adverse_factors_are_reviewed(site_tree):
    project = project_create(site_tree, publish=False, adverse_factors_reviewed=False)
    with pytest.raises(ValidationError) as excinfo:
        project.save_revision().publish()
    assert "红线外不利因素" in str(excinfo.value)
    project.refresh_from_db()
    assert not project.live


def test_an_event_starting_in_under_three_days_cannot_be_published(site_tree):
    event = event_create(site_tree, publish=False, starts_in=dt.timedelta(days=2, hours=23))
    with pytest.raises(ValidationError):
        event.save_revision().publish(user=UserFactory())
    event.refresh_from_db()
    assert not event.live


def test_an_event_three_days_ahead_is_published_without_an_override(site_tree):
    event = event_create(site_tree, publish=False, starts_in=dt.timedelta(days=3, minutes=5))
    event.save_revision().publish(user=UserFactory(), skip_permission_checks=True)
    event.refresh_from_db()
    assert event.live
    assert not EventPublicationOverride.objects.exists()
