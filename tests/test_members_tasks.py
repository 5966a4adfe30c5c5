"""Texts and e-mails leave after commit, from the worker, and a failing gateway is retried."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import transaction

from club import sms
from club.models import SmsCode
from club.services import member_email_change, sms_code_send
from club.tasks import MAX_ATTEMPTS, sms_send
from tests.factories import member_create
from tests.sms_gateways import FlakySmsBackend
from tests.test_task_worker import ROOT, _test_database_url


@pytest.fixture
def flaky_gateway(settings):
    settings.SMS_BACKEND = "tests.sms_gateways.FlakySmsBackend"
    FlakySmsBackend.failures = FlakySmsBackend.calls = 0
    sms.outbox.clear()
    yield FlakySmsBackend
    sms.outbox.clear()


def test_a_text_refused_by_the_gateway_is_retried_until_it_goes_out(flaky_gateway):
    flaky_gateway.failures = 2
    result = sms_send.enqueue(phone="+8613800138000", text="你好")

    assert flaky_gateway.calls == 3
    assert [message.text for message in sms.outbox] == ["你好"]
    assert result.status == "SUCCESSFUL"


def test_a_gateway_that_keeps_failing_is_tried_a_bounded_number_of_times(flaky_gateway):
    flaky_gateway.failures = 100
    sms_send.enqueue(phone="+8613800138000", text="你好")

    assert flaky_gateway.calls == MAX_ATTEMPTS
    assert sms.outbox == []


@pytest.mark.django_db
def test_nothing_is_sent_for_a_transaction_that_rolls_back(
    flaky_gateway, django_capture_on_commit_callbacks
):
    member_create(phone="13800138000")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                sms_code_send(phone="13800138000")
                raise RuntimeError("a later step of the same request failed")
        except RuntimeError:
            pass
    assert callbacks == [] and sms.outbox == []
    assert not SmsCode.objects.filter(purpose="LOGIN").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_texts_and_mails_queued_by_requests(settings, site_tree):
    # given the database task backend: requests only queue their messages
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    member = member_create(phone="13800138000")
    sms_code_send(phone="13800138000")
    member_email_change(member=member, email="worker@example.com")
    assert sms.outbox == []

    # when the worker (a separate process, console backends) runs the queue
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY="worker-test-secret-key-that-is-long-enough-0123456789abcdef",
        DATABASE_URL=_test_database_url(),
        TASK_BACKEND="database",
        SMS_BACKEND="club.sms.ConsoleSmsBackend",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )

    # then the code and the verification link went out from there
    assert result.returncode == 0, result.stderr
    assert "[SMS to +8613800138000] 【万客会】您的验证码是" in result.stdout
    assert "To: worker@example.com" in result.stdout
    assert "FAILED" not in result.stdout + result.stderr
