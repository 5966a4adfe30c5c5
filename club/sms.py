"""Sending text messages through a pluggable backend (like Django's e-mail backends).

`settings.SMS_BACKEND` names the backend class:
- `club.sms.ConsoleSmsBackend` (default): writes each message to standard output, for
  development and the embedded runtime;
- `club.sms.LocmemSmsBackend`: keeps messages in `club.sms.outbox`, for tests;
- a provider's gateway: subclass `BaseSmsBackend` and implement `send_messages`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "club.sms.ConsoleSmsBackend"


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str
    sent_at: object = field(default_factory=timezone.now)


class BaseSmsBackend:
    """Delivers messages; returns how many were accepted."""

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def __init__(self, stream=None) -> None:
        self.stream = stream

    def send_messages(self, messages: list[SmsMessage]) -> int:
        stream = self.stream or sys.stdout
        for message in messages:
            stream.write(f"[SMS to {message.phone}] {message.text}\n")
        stream.flush()
        return len(messages)


# Messages "sent" by LocmemSmsBackend, oldest first (tests clear it between uses).
outbox: list[SmsMessage] = []


class LocmemSmsBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


def get_sms_backend() -> BaseSmsBackend:
    path = getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND
    return import_string(path)()


def send_sms(*, phone: str, text: str) -> int:
    """Send one message through the configured backend."""
    return get_sms_backend().send_messages([SmsMessage(phone=phone, text=text)])
