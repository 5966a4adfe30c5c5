"""The admin's sign-in form: one answer for every failure.

Wagtail's own form signs in anyone whose password is right and only then says "you do not
have permission to access the admin", so for a member it told a right password from a
wrong one. Here an account that may not use the admin is refused exactly like a wrong
password, before any session starts, and the attempt counts as a failure for throttling
(django-axes listens to `user_login_failed`).
"""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from wagtail.admin.forms.auth import LoginForm


def may_use_admin(user) -> bool:
    return bool(user.is_active and user.has_perm("wagtailadmin.access_admin"))


class AdminLoginForm(LoginForm):
    def confirm_login_allowed(self, user):
        if not may_use_admin(user):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        super().confirm_login_allowed(user)
