"""English that is English: every message of our own has an English translation.

Source strings are Chinese (zh-hans is the default language); `locale/en/` maps each to
English. The catalogue check extracts the strings from the code exactly as `make messages`
does, so a string added without its translation fails here.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from portal.translations import catalogue_problems, shipped_translations
from tests.members_api import data
from tests.test_graphql_members_account import REGISTER, registration

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _register_with_a_bad_phone(client, language: str) -> dict:
    body = data(client, REGISTER, registration(phone="abc"), HTTP_ACCEPT_LANGUAGE=language)
    [error] = body["register"]["errors"]
    return error


def test_an_english_client_reads_field_errors_in_english(client):
    error = _register_with_a_bad_phone(client, "en")

    assert error["code"] == "PHONE_INVALID"
    assert error["message"] == "Enter a valid mainland China mobile number."


def test_a_chinese_client_reads_them_in_chinese(client):
    error = _register_with_a_bad_phone(client, "zh-hans")

    assert error["message"] == "请输入有效的中国大陆手机号码。"


def test_a_client_without_a_language_reads_the_default_chinese(client):
    body = data(client, REGISTER, registration(phone="abc"))

    assert body["register"]["errors"][0]["message"] == "请输入有效的中国大陆手机号码。"


@pytest.mark.parametrize(
    ("language", "heading", "foreign"),
    [("en", "Reset your password", CJK), ("zh-hans", "找回密码", re.compile(r"Reset"))],
)
def test_account_pages_speak_the_visitors_language(client, language, heading, foreign):
    response = client.get("/account/password-reset/", HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert f'lang="{language}"' in html
    assert not foreign.search(html), html


def test_every_message_of_our_own_has_an_english_translation():
    # On failure: run `make messages`, translate the listed strings in
    # locale/en/LC_MESSAGES/django.po, and run it again.
    problems = catalogue_problems()

    assert not problems, problems.report()


def test_the_english_catalogue_is_what_english_requests_get():
    # every usable entry of the shipped catalogue is served (the compiled file is current)
    shipped = [msgid for msgid, usable in shipped_translations().items() if usable]
    assert len(shipped) > 300
    with translation.override("en"):
        served = [msgid for msgid in shipped if translation.gettext(msgid) != msgid]
    assert served == shipped
