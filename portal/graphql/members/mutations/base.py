"""The base of every member-facing mutation: browser sessions only.

Member mutations act for the person signed in to the session. A bearer token (marketing
tools) never acts as a member, so such requests are refused before anything runs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.errors import PermissionDeniedError
from portal.graphql.base import BaseMutation
from portal.graphql.errors import user_errors_from
from portal.graphql.identity import request_token


class SessionMutation(BaseMutation):
    class Meta:
        abstract = True

    @classmethod
    def mutate(cls, root, info, **arguments: Any):
        if request_token(info.context) is not None:
            denied = PermissionDeniedError(_("API 令牌不能用于会员操作，请使用浏览器登录。"))
            return cls(errors=user_errors_from(denied))
        return super().mutate(root, info, **arguments)
