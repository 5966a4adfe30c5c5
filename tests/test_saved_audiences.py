"""Saved audiences (issue 15.2): named, versioned member filters evaluated in SQL, meaning
the same people in their count, the admin export and a newsletter send."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from club.models import Audience, AudienceRevision
from club.selectors.audiences import audience_count, audience_members
from club.services import (
    api_token_create,
    member_preferences_update,
    member_profile_update,
    purchase_intent_register,
    purchase_record,
)
from club.services.audiences import audience_save
from core.errors import DomainErrors
from core.roles import MARKETING
from newsletters.audiences import audience_clean, eligible_members
from tests.factories import UserFactory, member_create, project_create
from tests.members_api import bearer, data, gql
from tests.newsletter_helpers import subscriber_create

pytestmark = pytest.mark.django_db
READ = frozenset({"read:members"})


def marketer_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=MARKETING))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    return user


def saved(conditions: dict, name: str = "受众") -> Audience:
    return audience_save(actor=None, scopes=READ, name=name, conditions=conditions)


def ids(audience: Audience) -> set[int]:
    return set(audience_members(audience=audience).values_list("pk", flat=True))


def export_rows(client, audience: Audience) -> list[list[str]]:
    response = client.get(reverse("club_member:index"), {"audience": audience.pk, "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def test_each_condition_selects_the_members_it_names(site_tree):
    lake, hill = project_create(site_tree), project_create(site_tree)
    today = timezone.localdate()
    parent = member_create(city="广州", birth_date=dt.date(today.year - 30, 1, 1))
    member_profile_update(member=parent, children_ages=[6], elderly_at_home=True)
    member_preferences_update(member=parent, interested_project_slugs=[lake.slug])
    buyer = member_create(city="深圳", referral_code=parent.referral_code)
    purchase_record(actor=UserFactory(is_superuser=True), member=buyer, project=hill, unit="1-101")
    purchase_intent_register(member=buyer, project_slug=lake.slug)
    declined = member_create(city="广州", marketing_consent=False)

    assert ids(saved({"city": ["广州"]})) == {parent.pk}  # never the declined member
    assert ids(saved({"age_band": ["25-34"]}, "b")) == {parent.pk}
    assert ids(saved({"has_children": True}, "c")) == {parent.pk}
    assert ids(saved({"has_children": False}, "c2")) == {buyer.pk}
    assert ids(saved({"elderly_at_home": True}, "d")) == {parent.pk}
    assert ids(saved({"interested_project": [lake.slug]}, "e")) == {parent.pk}
    assert ids(saved({"intent_project": [lake.slug]}, "f")) == {buyer.pk}
    assert ids(saved({"owner_of_project": [hill.slug]}, "g")) == {buyer.pk}
    assert ids(saved({"owner_of_project": [lake.slug]}, "g2")) == set()
    assert ids(saved({"referred": True}, "h")) == {buyer.pk}
    assert ids(saved({"joined_after": today.isoformat()}, "i")) == {parent.pk, buyer.pk}
    assert ids(saved({"joined_before": today.isoformat()}, "j")) == set()
    assert declined.pk not in ids(saved({}, "all"))


def test_the_count_equals_newsletter_recipients_and_the_admin_export(client):
    for city in ("广州", "广州", "深圳"):
        subscriber_create(city=city)
    member_create(city="广州", marketing_consent=False)
    audience = saved({"city": ["广州"]})

    send = audience_clean(kind="SAVED", value=str(audience.pk))
    recipients = eligible_members(audience=send).values("pk").distinct().count()
    marketer_client(client)
    rows = export_rows(client, audience)

    assert audience_count(audience=audience) == recipients == len(rows) == 2


def test_changing_the_conditions_makes_a_new_version_and_keeps_the_old_one():
    audience = saved({"city": ["广州"]})
    renamed = audience_save(
        actor=None, scopes=READ, audience=audience, name="广州会员", conditions={"city": ["广州"]}
    )
    assert renamed.version == 1
    changed = audience_save(
        actor=None, scopes=READ, audience=audience, name="广州会员", conditions={"city": ["深圳"]}
    )
    assert changed.version == 2
    assert list(AudienceRevision.objects.values_list("version", "conditions")) == [
        (1, {"city": ["广州"]}),
        (2, {"city": ["深圳"]}),
    ]


def test_every_field_error_of_an_audience_is_reported_at_once():
    saved({}, "已有")
    with pytest.raises(DomainErrors) as raised:
        audience_save(actor=None, scopes=READ, name="已有", conditions={"age_band": ["9-10"]})
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("name", "AUDIENCE_NAME_TAKEN"),
        ("conditions", "FILTER_INVALID"),
    ]


AUDIENCES = "{ audiences { totalCount edges { node { id name version count conditions { city segment } } } } }"
CREATE = """mutation ($input: AudienceInput!) {
  createAudience(input: $input) { audience { id version count } errors { field code message } }
}"""
UPDATE = """mutation ($input: UpdateAudienceInput!) {
  updateAudience(input: $input) { audience { id version count } errors { field code } }
}"""


def test_audiences_are_created_updated_and_listed_with_their_count_through_graphql(client):
    marketer = marketer_client(client)
    token = bearer(api_token_create(user=marketer, scopes=["read:members"])[1])
    member_create(city="广州")
    member_create(city="深圳")
    conditions = {"city": ["广州"], "segment": None}

    created = data(client, CREATE, {"input": {"name": "广州", "conditions": conditions}}, **token)
    audience = created["createAudience"]["audience"]
    assert created["createAudience"]["errors"] == [] and audience["count"] == 1

    update = {"id": audience["id"], "name": "两城", "conditions": {"city": ["广州", "深圳"]}}
    updated = data(client, UPDATE, {"input": update}, **token)["updateAudience"]
    assert updated["audience"] == {"id": audience["id"], "version": 2, "count": 2}

    listed = data(client, AUDIENCES, **token)["audiences"]
    node = listed["edges"][0]["node"]
    assert (listed["totalCount"], node["name"], node["count"]) == (1, "两城", 2)
    assert node["conditions"]["city"] == ["广州", "深圳"]


def test_graphql_reports_every_audience_error_in_chinese_and_refuses_without_scope(client):
    user = UserFactory()
    token = bearer(api_token_create(user=marketer_client(client), scopes=["read:members"])[1])
    bad = {"name": " ", "conditions": {"ageBand": ["9-10"]}}
    payload = data(client, CREATE, {"input": bad}, **token)["createAudience"]
    assert [e["code"] for e in payload["errors"]] == ["AUDIENCE_NAME_REQUIRED", "FILTER_INVALID"]
    assert all("9-10" not in e["message"] for e in payload["errors"])

    client.force_login(user, backend="core.auth.PhoneOrEmailBackend")
    _response, body = gql(client, AUDIENCES)
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_an_audience_is_defined_in_the_admin_with_a_live_count(client):
    marketer_client(client)
    member_create(city="广州")
    member_create(city="深圳")
    form = {"name": "广州会员", "description": "", "city": "广州"}

    preview = client.post(reverse("club_audience:add"), {**form, "preview": "1"})
    assert "符合条件的会员：1 人" in preview.content.decode()
    assert not Audience.objects.exists()

    client.post(reverse("club_audience:add"), form)
    audience = Audience.objects.get()
    assert (audience.conditions, audience.version) == ({"city": ["广州"]}, 1)
    listing = client.get(reverse("club_audience:index")).content.decode()
    assert "广州会员" in listing and f"?audience={audience.pk}" in listing

    edit = {**form, "city": "广州，深圳"}
    client.post(reverse("club_audience:edit", args=[audience.pk]), edit)
    audience.refresh_from_db()
    assert audience.version == 2 and audience_count(audience=audience) == 2


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_audience_queries_stay_constant_as_members_grow(client, site_tree):
    project = project_create(site_tree)
    marketer = marketer_client(client)
    token = bearer(api_token_create(user=marketer, scopes=["read:members"])[1])
    audience = saved(
        {"city": ["广州"], "interested_project": [project.slug], "has_children": False}
    )
    send = audience_clean(kind="SAVED", value=str(audience.pk))

    def measure() -> tuple[int, ...]:
        return (
            _queries(lambda: audience_count(audience=audience)),
            _queries(lambda: eligible_members(audience=send).count()),
            _queries(lambda: data(client, AUDIENCES, **token)),
        )

    def grow(n: int) -> None:
        for _ in range(n):
            member = member_create(city="广州")
            member_preferences_update(member=member, interested_project_slugs=[project.slug])

    grow(2)
    measure()  # the token's first use is recorded once; measure the steady state
    small = measure()
    grow(6)
    assert measure() == small
    assert audience_count(audience=audience) == 8
