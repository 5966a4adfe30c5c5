"""Every write of the newsletters domain; the admin, GraphQL, commands and tasks call these."""

from newsletters.services.sending import (
    newsletter_send_create,
    newsletter_send_pause,
    newsletter_send_resume,
    newsletter_test_send,
)
from newsletters.services.subscriptions import (
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    unsubscribe_with_token,
)
from newsletters.services.suppression import suppression_add

__all__ = [
    "newsletter_send_create",
    "newsletter_send_pause",
    "newsletter_send_resume",
    "newsletter_test_send",
    "subscription_cancel",
    "subscription_confirm",
    "subscription_request",
    "suppression_add",
    "unsubscribe_with_token",
]
