"""Stand-ins for a provider's SMS gateway (the outside world), for the worker's tests."""

from __future__ import annotations

from club.sms import LocmemSmsBackend, SmsMessage


class GatewayDown(Exception):
    pass


class FlakySmsBackend(LocmemSmsBackend):
    """Refuses the next `failures` sends, as a gateway timing out would, then delivers."""

    failures = 0
    calls = 0

    def send_messages(self, messages: list[SmsMessage]) -> int:
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise GatewayDown("gateway timed out")
        return super().send_messages(messages)
