"""Every anonymous door has a ceiling: per client address, per target, and overall.

Each limit is tried at its boundary (the last allowed request, then the first refused),
with the refusal's shape (HTTP 429, Retry-After, a coded error in the user's language),
and after its window (waiting out Retry-After opens the door again). Rates are tightened
per test through the settings the operator would change; the production rates stay in
force for the rest of the suite.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import TestCase

from club import sms
from core.ratelimit import RateLimited, rate_limit_hit
from portal.graphql.base import BaseMutation
from portal.graphql.ratelimit import mutation_door
from tests.factories import member_create
from tests.members_api import bearer, error_codes, gql

pytestmark = pytest.mark.django_db

LOGIN = """mutation ($phone: String!) {
  login(input: {phone: $phone, password: "wrong-password"}) { errors { code } }
}"""
REGISTER = """mutation ($phone: String!) {
  register(input: {name: "张三", phone: $phone, smsCode: "000000", password: "x",
                   birthDate: "1990-01-01", acceptTerms: true}) { errors { code } }
}"""
REQUEST_CODE = """mutation ($phone: String!) {
  requestSmsCode(input: {phone: $phone, purpose: VERIFY_PHONE}) { errors { code } }
}"""
CODE_LOGIN = """mutation ($phone: String!) {
  loginWithSmsCode(input: {phone: $phone, code: "000000"}) { errors { code } }
}"""
SEARCH = '{ search(query: "望江台") { title } }'
PAGES_SEARCH = '{ pages(searchQuery: "望江台") { id } }'


def frozen(at: str):
    """Time stands still at `at` (UTC) until the test moves it (`clock.shift`)."""
    return time_machine.travel(dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC), tick=False)


def limit(settings, door: str, **scopes: str) -> None:
    """Set a door's windows as an operator would (RATE_LIMIT_<DOOR>_<SCOPE>)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, door: scopes}


def post(client, query, variables=None, address="203.0.113.7", **extra):
    return gql(client, query, variables, REMOTE_ADDR=address, **extra)


def assert_refused(response, body) -> int:
    """A rate-limit refusal: 429, Retry-After, RATE_LIMITED with the same wait, in Chinese."""
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait >= 1
    assert error_codes(body) == ["RATE_LIMITED"]
    error = body["errors"][0]
    assert error["extensions"]["retryAfter"] == wait
    assert "操作过于频繁" in error["message"]
    return wait


# --- the boundary and the window --------------------------------------------------------


def test_register_allows_its_address_the_limit_then_refuses_until_retry_after(client, settings):
    limit(settings, "register", address="3/minute")
    with frozen("2026-03-02 10:00:00") as clock:
        for n in range(3):
            response, body = post(client, REGISTER, {"phone": f"1380013800{n}"})
            assert response.status_code == 200, body
        wait = assert_refused(*post(client, REGISTER, {"phone": "13800138009"}))

        # still shut one second before the wait is over
        clock.shift(dt.timedelta(seconds=wait - 1))
        assert post(client, REGISTER, {"phone": "13800138009"})[0].status_code == 429
        # open once it is over
        clock.shift(dt.timedelta(seconds=1))
        assert post(client, REGISTER, {"phone": "13800138009"})[0].status_code == 200


def test_a_refused_request_is_not_counted_so_waiting_is_enough(settings):
    limit(settings, "login", address="2/minute")
    with frozen("2026-03-02 10:00:00") as clock:
        rate_limit_hit(door="login", address="198.51.100.1")
        rate_limit_hit(door="login", address="198.51.100.1")
        with pytest.raises(RateLimited) as refused:
            rate_limit_hit(door="login", address="198.51.100.1")
        for _hammering in range(20):
            with pytest.raises(RateLimited):
                rate_limit_hit(door="login", address="198.51.100.1")
        clock.shift(dt.timedelta(seconds=refused.value.retry_after))
        rate_limit_hit(door="login", address="198.51.100.1")


def test_after_two_windows_the_count_starts_afresh(settings):
    limit(settings, "login", address="2/minute")
    with frozen("2026-03-02 10:00:00") as clock:
        for _ in range(2):
            rate_limit_hit(door="login", address="198.51.100.1")
        clock.shift(dt.timedelta(minutes=2))
        for _ in range(2):
            rate_limit_hit(door="login", address="198.51.100.1")
        with pytest.raises(RateLimited):
            rate_limit_hit(door="login", address="198.51.100.1")


def test_a_window_slides_rather_than_restarting_on_the_minute(settings):
    """A fixed window would allow 2 at 10:00:59 and 2 more at 10:01:00."""
    limit(settings, "login", address="2/minute")
    with frozen("2026-03-02 10:00:59") as clock:
        for _ in range(2):
            rate_limit_hit(door="login", address="198.51.100.1")
        clock.shift(dt.timedelta(seconds=1))
        with pytest.raises(RateLimited):
            rate_limit_hit(door="login", address="198.51.100.1")


# --- per address and per target ----------------------------------------------------------


def test_login_counts_each_phone_over_every_address(client, settings):
    limit(settings, "login", address="100/hour", target="3/hour")
    for n in range(3):
        response, _body = post(client, LOGIN, {"phone": "13800138000"}, address=f"192.0.2.{n}")
        assert response.status_code == 200
    # the same phone in another spelling, from yet another address: the same target
    assert_refused(*post(client, LOGIN, {"phone": "+86 138 0013 8000"}, address="192.0.2.99"))
    # another phone from the first address is not held back
    assert post(client, LOGIN, {"phone": "13900139000"}, address="192.0.2.0")[0].status_code == 200


def test_login_counts_each_address_over_every_phone(client, settings):
    limit(settings, "login", address="3/hour", target="100/hour")
    for n in range(3):
        assert post(client, LOGIN, {"phone": f"1380013800{n}"})[0].status_code == 200
    assert_refused(*post(client, LOGIN, {"phone": "13800138009"}))
    assert post(client, LOGIN, {"phone": "13800138009"}, address="192.0.2.50")[0].status_code == 200


def test_a_forged_forwarded_for_header_does_not_make_a_new_address(client, settings):
    limit(settings, "login", address="2/hour", target="")
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(2):
        post(client, LOGIN, {"phone": f"1380013800{n}"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    forged = post(client, LOGIN, {"phone": "13800138005"}, HTTP_X_FORWARDED_FOR="10.0.0.77")
    assert_refused(*forged)


def test_behind_a_trusted_proxy_each_client_address_is_counted(client, settings):
    limit(settings, "login", address="2/hour", target="")
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.1.1.1"
    for n in range(2):
        post(client, LOGIN, {"phone": "13800138000"}, address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert_refused(
        *post(
            client, LOGIN, {"phone": "13800138000"}, address=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4"
        )
    )
    other_client = post(
        client, LOGIN, {"phone": "13800138000"}, address=proxy, HTTP_X_FORWARDED_FOR="5.6.7.8"
    )
    assert other_client[0].status_code == 200


# --- the SMS doors -----------------------------------------------------------------------


def test_requesting_codes_is_limited_per_address(client, settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    limit(settings, "sms_send", address="2/hour", target="")
    with TestCase.captureOnCommitCallbacks(execute=True):
        for n in range(2):
            assert post(client, REQUEST_CODE, {"phone": f"1380013800{n}"})[0].status_code == 200
    assert len(sms.outbox) == 2
    sms.outbox.clear()
    assert_refused(*post(client, REQUEST_CODE, {"phone": "13800138009"}))
    assert sms.outbox == []


def test_requesting_codes_is_limited_per_phone_whatever_the_address(client, settings):
    limit(settings, "sms_send", address="100/hour", target="2/hour")
    with frozen("2026-03-02 10:00:00") as clock:
        for n in range(2):
            post(client, REQUEST_CODE, {"phone": "13800138000"}, address=f"192.0.2.{n}")
            clock.shift(dt.timedelta(seconds=61))
        assert_refused(*post(client, REQUEST_CODE, {"phone": "13800138000"}, address="192.0.2.9"))


def test_checking_codes_is_limited_per_phone_and_per_address(client, settings):
    limit(settings, "sms_check", address="100/hour", target="2/hour")
    for n in range(2):
        post(client, CODE_LOGIN, {"phone": "13800138000"}, address=f"192.0.2.{n}")
    assert_refused(*post(client, CODE_LOGIN, {"phone": "13800138000"}, address="192.0.2.9"))

    limit(settings, "sms_check", address="2/hour", target="")
    for n in range(2):
        post(client, CODE_LOGIN, {"phone": f"1390013900{n}"}, address="192.0.2.70")
    assert_refused(*post(client, CODE_LOGIN, {"phone": "13900139009"}, address="192.0.2.70"))


def test_the_hourly_sms_ceiling_refuses_every_phone_and_alerts_staff_once(client, settings):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    limit(settings, "sms_spend", all="2/hour")
    settings.SMS_ALERT_GROUP = "短信费用告警"
    on_call = UserFactory(email="oncall@example.com")
    on_call.groups.add(Group.objects.create(name="短信费用告警"))
    UserFactory(email="bystander@example.com")

    with TestCase.captureOnCommitCallbacks(execute=True):
        for n in range(2):
            body = post(client, REQUEST_CODE, {"phone": f"1380013800{n}"}, address=f"192.0.2.{n}")[
                1
            ]
            assert body["data"]["requestSmsCode"]["errors"] == []
        # from fresh addresses and phones: the overall ceiling still holds
        for n in range(3):
            response, body = post(
                client, REQUEST_CODE, {"phone": f"1390013900{n}"}, address=f"198.51.100.{n}"
            )
            assert_refused(response, body)
    alerts = [m for m in mail.outbox if "短信发送量" in m.subject]
    assert [m.to for m in alerts] == [["oncall@example.com"]]


# --- password reset and search ------------------------------------------------------------


def test_password_reset_is_limited_per_email_and_answers_429_with_retry_after(client, settings):
    member_create(email="li.si@example.com")
    limit(settings, "password_reset", address="100/hour", target="2/hour")
    for n in range(2):
        response = client.post(
            "/account/password-reset/", {"email": "li.si@example.com"}, REMOTE_ADDR=f"192.0.2.{n}"
        )
        assert response.status_code == 302
    refused = client.post(
        "/account/password-reset/", {"email": "LI.SI@example.com"}, REMOTE_ADDR="192.0.2.9"
    )
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "操作过于频繁" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_graphql_search_is_limited_per_address(client, settings, site_tree):
    limit(settings, "search", address="2/minute")
    for _ in range(2):
        assert post(client, SEARCH)[0].status_code == 200
    assert_refused(*post(client, SEARCH))
    # grapple's pages(searchQuery:) is the same door
    assert_refused(*post(client, PAGES_SEARCH))
    # other queries are not searches
    assert post(client, "{ pages { id } }")[0].status_code == 200


def test_rest_api_search_is_limited_per_address(client, settings, site_tree):
    limit(settings, "search", address="2/minute")
    for _ in range(2):
        assert client.get("/api/v2/pages/", {"search": "望江台"}).status_code != 429
    refused = client.get("/api/v2/pages/", {"search": "望江台"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["code"] == "RATE_LIMITED"
    assert client.get("/api/v2/pages/").status_code == 200


def test_an_api_token_over_its_allowance_is_told_when_to_come_back(client, settings):
    from club.services import api_token_create
    from tests.factories import member_reader

    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 2
    raw = api_token_create(user=member_reader(), scopes=["read:members"])[1]
    for _ in range(2):
        assert gql(client, "{ me { id } }", **bearer(raw))[0].status_code == 200
    response, body = gql(client, "{ me { id } }", **bearer(raw))
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60
    assert body["errors"][0]["extensions"]["retryAfter"] == int(response["Retry-After"])


# --- every public mutation has a door ------------------------------------------------------


def _mutations(base=BaseMutation):
    """Every concrete mutation class (graphene gives abstract ones no `_meta` of their own)."""
    for cls in base.__subclasses__():
        if "_meta" in vars(cls):
            yield cls
        yield from _mutations(cls)


def test_every_mutation_anyone_may_call_declares_its_rate_limited_door():
    import portal.graphql.schema  # noqa: F401 - imports every mutation

    public = {cls for cls in _mutations() if getattr(cls, "permission", None) is None}
    assert {"Register", "Login", "RequestSmsCode", "LoginWithSmsCode"} <= {
        cls.__name__ for cls in public
    }
    undeclared = sorted(cls.__name__ for cls in public if "public_door" not in vars(cls))
    assert undeclared == [], "declare a door with @public_door (portal/graphql/ratelimit.py)"
    assert all(mutation_door(cls) is not None for cls in public)


def test_a_public_mutation_without_a_door_of_its_own_counts_against_the_public_door(settings):
    class Undeclared:
        permission = None

    assert mutation_door(Undeclared).name == "public"


def test_the_readme_lists_every_door_with_its_default_windows():
    from pathlib import Path

    from portal.settings import _RATE_LIMIT_DEFAULTS, RATE_LIMITS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    rows = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].startswith("`") and cells[0].strip("`").isupper():
            rows[cells[0].strip("`").lower()] = cells
    defaults = {**_RATE_LIMIT_DEFAULTS, "sms_spend": RATE_LIMITS["sms_spend"]}
    assert set(rows) == set(defaults)
    for door, scopes in defaults.items():
        _name, _what, address, target, overall = rows[door]
        assert address == scopes.get("address", ""), door
        assert target == scopes.get("target", ""), door
        assert overall.split(",")[0] == scopes.get("all", ""), door


# --- the complaint doors (service/) ---------------------------------------------------------


def test_the_complaint_form_page_is_a_limited_door_that_says_when_to_return(
    client, settings, site_tree
):
    from tests.service_forms_helpers import demo_forms

    limit(settings, "guest_complaint", address="2/hour")
    _complaints, repairs = demo_forms(site_tree)
    for _ in range(2):
        assert client.post(repairs.get_url(), {"title": ""}).status_code == 200

    refused = client.post(repairs.get_url(), {"title": ""})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "操作过于频繁" in refused.content.decode()


def test_uploading_attachments_is_limited_per_address(client, settings):
    from tests.service_forms_helpers import PDF_BYTES, upload

    limit(settings, "complaint_upload", address="1/hour")
    first = client.post("/service/attachments/", {"files": [upload("a.pdf", PDF_BYTES)]})
    assert first.status_code == 200, first.content

    refused = client.post("/service/attachments/", {"files": [upload("b.pdf", PDF_BYTES)]})

    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["errors"][0]["code"] == "RATE_LIMITED"
