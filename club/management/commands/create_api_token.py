"""Issue an API token for a marketing tool: prints the plaintext on the last line.

manage.py create_api_token USERNAME --scopes read:members [read:members:pii] [--days 90]

Scopes may be given separated by spaces or by commas (`--scopes read:members,read:members:pii`);
a token's scopes must be within its owner's own permissions.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from club.services import api_token_create
from core.errors import DomainError


class Command(BaseCommand):
    help = "创建 API 令牌（明文只显示一次，位于输出最后一行）。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--scopes",
            nargs="+",
            default=["read:members"],
            help="空格或逗号分隔：read:members read:members:pii（不得超出该用户本人的权限）",
        )
        parser.add_argument("--name", default="", help="令牌名称")
        parser.add_argument("--days", type=int, default=90, help="有效天数（1-366）")

    def handle(self, *args, **options):
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"用户不存在：{options['username']}")
        try:
            token, raw = api_token_create(
                user=user,
                scopes=",".join(options["scopes"]),
                name=options["name"],
                expires_in_days=options["days"],
            )
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}")
        self.stdout.write(
            f"已为 {user.get_username()} 创建令牌 {token.prefix}…，权限 {','.join(token.scopes)}，"
            f"有效期至 {token.expires_at:%Y-%m-%d %H:%M}。明文仅显示这一次："
        )
        self.stdout.write(raw)
