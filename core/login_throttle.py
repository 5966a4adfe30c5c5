"""Login throttling per account, on top of django-axes' per account-and-address count.

django-axes locks an (account, address) pair after AXES_FAILURE_LIMIT failures. An
attacker with many addresses would get that many tries from each, so the account itself
is also locked once AXES_ACCOUNT_FAILURE_LIMIT failures from all addresses together
accumulate within the cool-off time. The account limit is higher than the pair limit so
that one noisy address cannot lock an owner out at once; a locked member can still sign in
with an SMS code.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from core.auth import axes_username

DEFAULT_ACCOUNT_FAILURE_LIMIT = 20


def account_failure_limit() -> int:
    return int(getattr(settings, "AXES_ACCOUNT_FAILURE_LIMIT", DEFAULT_ACCOUNT_FAILURE_LIMIT))


def account_failures(*, request, credentials: dict | None) -> int:
    """Failed logins for the account named by `credentials`, from every address."""
    username = axes_username(request, credentials)
    if not username:
        return 0
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountAwareHandler(AxesDatabaseHandler):
    """Axes' database handler that also locks an account across addresses (AXES_HANDLER)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return account_failures(request=request, credentials=credentials) >= (
            account_failure_limit()
        )
