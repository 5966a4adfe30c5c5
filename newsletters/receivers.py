"""Provider events from anymail's tracking webhooks feed the suppression list.

anymail normalises every provider's webhook (Postmark, Mailgun, SES, ...) into one
`tracking` signal; a hard bounce or a spam complaint suppresses the address for good.
Soft bounces (mailbox full, greylisting) are left to the retries.
"""

from __future__ import annotations

from anymail.signals import tracking
from django.dispatch import receiver

from newsletters.choices import SuppressionReason
from newsletters.services.suppression import suppression_add

# Postmark reports these as "bounced" too, though the mailbox may accept mail later.
_NOT_PERMANENT = {"SoftBounce", "Transient", "AutoResponder", "DnsError"}
_REASONS = {"bounced": SuppressionReason.HARD_BOUNCE, "complained": SuppressionReason.COMPLAINT}


@receiver(tracking, dispatch_uid="newsletters.suppress_on_bounce_or_complaint")
def suppress_on_bounce_or_complaint(sender, event, esp_name, **kwargs) -> None:
    reason = _REASONS.get(event.event_type)
    if reason is None:
        return
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if raw.get("Type") in _NOT_PERMANENT:
        return
    detail = " ".join(
        part for part in (esp_name, event.reject_reason or "", event.description or "") if part
    )
    suppression_add(
        email=event.recipient or "",
        reason=reason,
        detail=detail,
        provider_event_id=str(event.event_id or ""),
    )
