"""Helpers for the newsletter tests: subscribers made through the real services."""

from __future__ import annotations

import re

from django.test import TestCase

from club.services import member_preferences_update
from newsletters.services import subscription_confirm, subscription_request
from newsletters.tokens import confirm_token
from tests.factories import member_create

_seq = iter(range(1, 10**6))


def confirm_link_in(message) -> str:
    return re.search(r"https?://\S+/newsletters/confirm/(\S+?)/", message.body).group(1)


def subscriber_create(*, topics=("PROJECT_NEWS",), language="zh-hans", confirm=True, **fields):
    """A member with marketing consent, e-mail opt-in and confirmed subscriptions."""
    n = next(_seq)
    fields.setdefault("email", f"reader{n}@example.com")
    member = member_create(**fields)
    member_preferences_update(member=member, email_opt_in=True)
    member.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        subscription_request(member=member, topics=list(topics), language=language)
    if confirm:
        # The link's token, as the confirmation e-mail carries it (that e-mail is tested in
        # test_newsletters_subscriptions; here it may have gone to an SMTP peer).
        subscription_confirm(token=confirm_token(member_id=member.pk, topics=list(topics)))
    return member
