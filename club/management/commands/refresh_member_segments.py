"""Re-derive every member's segment for today (children grow up, members turn 35 or 55).

Run daily or weekly (cron / a scheduled task). Staff overrides are untouched: only the
derived segment changes, and the effective one follows it where there is no override.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from club.services import member_segments_refresh_all


class Command(BaseCommand):
    help = "按今天的日期重新推导所有会员的客户细分（人工指定的细分保持不变）。"

    def handle(self, *args, **options):
        total = member_segments_refresh_all()
        self.stdout.write(f"已更新 {total} 位会员的客户细分。")
