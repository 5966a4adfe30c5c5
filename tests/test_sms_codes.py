"""One-time codes cannot be out-guessed by speed or patience, and texts have a ceiling.

- attempts are claimed by a conditional UPDATE before the code is compared, so parallel
  guesses (several processes, PostgreSQL) evaluate at most SMS_MAX_ATTEMPTS of them;
- a phone gets at most SMS_DAILY_CODES_PER_PHONE codes and SMS_DAILY_FAILED_CHECKS_PER_PHONE
  wrong guesses a day, then SMS sign-in waits for tomorrow and the password route is offered;
- a code proves one thing once: bound to its purpose, spent by use, dead after the limit.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection
from django.test import RequestFactory

from club import sms
from club.models import SmsCode
from club.services import member_login_with_sms_code, sms_code_check, sms_code_send
from club.services.auth import SMS_MAX_ATTEMPTS
from core.errors import DomainError
from tests.engines import database_url
from tests.factories import member_create, phone_code_create

ROOT = Path(__file__).resolve().parent.parent
PHONE = "+8613800138000"


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def frozen(at: str = "2026-03-02 10:00:00"):
    return time_machine.travel(dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC), tick=False)


def request():
    made = RequestFactory().post("/graphql/", REMOTE_ADDR="10.0.0.1")
    SessionMiddleware(lambda r: None).process_request(made)
    return made


def sms_login_error(code: str, phone: str = PHONE) -> DomainError:
    with pytest.raises(DomainError) as refused:
        member_login_with_sms_code(request=request(), phone=phone, code=code)
    return refused.value


def texted_code() -> str:
    return re.search(r"\d{6}", sms.outbox[-1].text).group()


# --- one code, one purpose, one use ---------------------------------------------------------


@pytest.mark.django_db
def test_a_code_texted_for_registration_does_not_sign_in():
    member_create(phone=PHONE)
    code = phone_code_create(PHONE, purpose="VERIFY_PHONE")
    assert sms_login_error(code).code == "SMS_CODE_INVALID"
    # and is still good for what it was sent for
    assert sms_code_check(phone=PHONE, code=code, purpose="VERIFY_PHONE") == PHONE


@pytest.mark.django_db
def test_a_used_code_is_spent_and_expired():
    member_create(phone=PHONE)
    code = phone_code_create(PHONE, purpose="LOGIN")
    member_login_with_sms_code(request=request(), phone=PHONE, code=code)
    assert sms_login_error(code).code == "SMS_CODE_INVALID"
    spent = SmsCode.objects.get(phone=PHONE, purpose="LOGIN")
    assert spent.used_at is not None and spent.expires_at <= spent.used_at


@pytest.mark.django_db
def test_the_last_allowed_wrong_guess_expires_the_code_and_the_right_one_then_fails():
    member_create(phone=PHONE)
    code = phone_code_create(PHONE, purpose="LOGIN")
    for _guess in range(SMS_MAX_ATTEMPTS - 1):
        assert sms_login_error("999999").code == "SMS_CODE_INVALID"
    assert SmsCode.objects.get(purpose="LOGIN").attempts == SMS_MAX_ATTEMPTS - 1
    # the fifth guess is still evaluated...
    assert sms_login_error("999999").code == "SMS_CODE_INVALID"
    row = SmsCode.objects.get(purpose="LOGIN")
    assert row.attempts == SMS_MAX_ATTEMPTS and row.expires_at <= dt.datetime.now(dt.UTC)
    # ...and nothing after it, the right code included
    assert sms_login_error(code).code == "SMS_CODE_INVALID"
    assert SmsCode.objects.get(purpose="LOGIN").attempts == SMS_MAX_ATTEMPTS


@pytest.mark.django_db
def test_the_fourth_wrong_guess_leaves_the_right_code_good():
    member_create(phone=PHONE)
    code = phone_code_create(PHONE, purpose="LOGIN")
    for _guess in range(SMS_MAX_ATTEMPTS - 1):
        sms_login_error("999999")
    assert member_login_with_sms_code(request=request(), phone=PHONE, code=code).phone == PHONE


# --- who gets texted ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("purpose", "texted"), [("LOGIN", False), ("VERIFY_PHONE", True), ("GUEST_COMPLAINT", True)]
)
def test_only_purposes_that_need_it_text_a_number_without_an_account(
    purpose, texted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sms_code_send(phone="13900139000", purpose=purpose)
    assert bool(sms.outbox) is texted
    # the row is stored either way: the caller cannot tell members' numbers from others'
    assert SmsCode.objects.filter(phone="+8613900139000", purpose=purpose).exists()


# --- daily caps -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_phone_gets_its_daily_codes_then_none_until_a_day_has_passed(settings):
    settings.SMS_DAILY_CODES_PER_PHONE = 3
    with frozen() as clock:
        for _code in range(3):
            sms_code_send(phone=PHONE)
            clock.shift(dt.timedelta(minutes=2))
        with pytest.raises(DomainError) as refused:
            sms_code_send(phone=PHONE, purpose="VERIFY_PHONE")
        assert refused.value.code == "SMS_SEND_DAILY_LIMIT"
        assert "密码登录" in refused.value.message

        # 24 hours after the first code, one slot is free again
        clock.shift(dt.timedelta(hours=24) - dt.timedelta(minutes=6, seconds=1))
        with pytest.raises(DomainError):
            sms_code_send(phone=PHONE)
        clock.shift(dt.timedelta(seconds=1))
        sms_code_send(phone=PHONE)


@pytest.mark.django_db
def test_wrong_guesses_over_the_day_stop_sms_sign_in_and_offer_the_password(settings):
    settings.SMS_DAILY_FAILED_CHECKS_PER_PHONE = 7
    member_create(phone=PHONE)
    with frozen() as clock:
        phone_code_create(PHONE, purpose="LOGIN")
        for _guess in range(SMS_MAX_ATTEMPTS):
            sms_login_error("999999")
        clock.shift(dt.timedelta(minutes=2))
        code = phone_code_create(PHONE, purpose="LOGIN", code="135790")
        for _guess in range(2):  # seven wrong guesses today
            assert sms_login_error("999999").code == "SMS_CODE_INVALID"

        refused = sms_login_error(code)  # the right code, too late today
        assert refused.code == "SMS_CHECK_DAILY_LIMIT"
        assert "密码登录" in refused.message
        # refused before any comparison: the code's count did not move
        assert SmsCode.objects.filter(purpose="LOGIN").latest("created_at").attempts == 2

        # a day after the first wrong guesses, a new code works again
        clock.shift(dt.timedelta(days=1))
        fresh = phone_code_create(PHONE, purpose="LOGIN", code="246802")
        assert member_login_with_sms_code(request=request(), phone=PHONE, code=fresh)


@pytest.mark.django_db
def test_six_wrong_guesses_are_under_a_daily_cap_of_seven(settings):
    settings.SMS_DAILY_FAILED_CHECKS_PER_PHONE = 7
    member_create(phone=PHONE)
    with frozen() as clock:
        phone_code_create(PHONE, purpose="LOGIN")
        for _guess in range(SMS_MAX_ATTEMPTS):
            sms_login_error("999999")
        clock.shift(dt.timedelta(minutes=2))
        code = phone_code_create(PHONE, purpose="LOGIN", code="135790")
        sms_login_error("999999")
        assert member_login_with_sms_code(request=request(), phone=PHONE, code=code)


# --- parallel guesses from several processes ------------------------------------------------

GUESSER = """
import os, sys, time
import django
django.setup()
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from club.services import member_login_with_sms_code
from core.errors import DomainError

phone, code, ready, go = sys.argv[1:5]
request = RequestFactory().post("/graphql/", REMOTE_ADDR="10.0.0.1")
SessionMiddleware(lambda r: None).process_request(request)
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.005)
try:
    member_login_with_sms_code(request=request, phone=phone, code=code)
    print("SIGNED_IN")
except DomainError as error:
    print(error.code)
"""


def _guess_in_parallel(settings, tmp_path, guesses: list[str]) -> list[str]:
    """Each guess from a process of its own, released together; their outcomes."""
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings_test",
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url(),
    )
    go = tmp_path / "go"
    processes = []
    for n, guess in enumerate(guesses):
        ready = tmp_path / f"ready-{n}"
        command = [sys.executable, "-c", GUESSER, PHONE, guess, str(ready), str(go)]
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append((ready, process))
    deadline = time.monotonic() + 240
    while not all(ready.exists() for ready, _process in processes):
        assert time.monotonic() < deadline, "the guessing processes did not start"
        failed = [p.stderr.read() for _ready, p in processes if p.poll() is not None]
        assert not failed, failed
        time.sleep(0.05)
    go.touch()
    outcomes = []
    for _ready, process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outcomes.append(out.strip())
    return outcomes


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers"
)


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_twelve_parallel_wrong_guesses_are_counted_to_the_limit_and_no_further(settings, tmp_path):
    """A read-then-write count lost most of them (20 parallel guesses recorded 2)."""
    member_create(phone=PHONE)
    right = phone_code_create(PHONE, purpose="LOGIN", code="135790")
    wrong = [f"{n:06d}" for n in range(100000, 100012)]

    outcomes = _guess_in_parallel(settings, tmp_path, wrong)

    assert outcomes == ["SMS_CODE_INVALID"] * 12
    row = SmsCode.objects.get(phone=PHONE, purpose="LOGIN")
    assert row.attempts == SMS_MAX_ATTEMPTS  # every comparison was counted, none beyond five
    assert sms_login_error(right).code == "SMS_CODE_INVALID"  # the code is dead


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_parallel_guesses_with_the_right_code_among_them_evaluate_at_most_the_limit(
    settings, tmp_path
):
    member_create(phone=PHONE)
    right = phone_code_create(PHONE, purpose="LOGIN", code="135790")
    # two checks are left on the code; 11 wrong guesses and the right one arrive at once
    # (the right one started last)
    SmsCode.objects.filter(phone=PHONE, purpose="LOGIN").update(attempts=SMS_MAX_ATTEMPTS - 2)
    guesses = [f"{n:06d}" for n in range(100000, 100011)] + [right]

    outcomes = _guess_in_parallel(settings, tmp_path, guesses)

    row = SmsCode.objects.get(phone=PHONE, purpose="LOGIN")
    signed_in = outcomes.count("SIGNED_IN")
    assert set(outcomes) <= {"SIGNED_IN", "SMS_CODE_INVALID"}
    assert signed_in <= 1
    # a guess is compared only after claiming an attempt, and only two claims could succeed:
    # both were taken, unless the right code won one of them and spent the code first
    if signed_in:
        assert row.used_at is not None and row.attempts <= SMS_MAX_ATTEMPTS
    else:
        assert row.attempts == SMS_MAX_ATTEMPTS and row.used_at is None
