"""Re-derive every member's segment for today (children grow up, members turn 35 or 55).

Run daily or weekly (cron / a scheduled task). Staff overrides are untouched: only the
derived segment changes, and the effective one follows it where there is no override.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from club.models import Member
from club.segments import derive_segment

BATCH = 2000


class Command(BaseCommand):
    help = "按今天的日期重新推导所有会员的客户细分（人工指定的细分保持不变）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        members = (
            Member.objects.filter(deleted_at__isnull=True)
            .only(
                "pk",
                "birth_date",
                "children_ages",
                "elderly_at_home",
                "income_band",
                "household_answered_on",
                "segment",
                "segment_derived",
                "segment_override",
            )
            .order_by("pk")
        )
        changed: list[Member] = []
        total = 0
        for member in members.iterator(chunk_size=BATCH):
            derived = derive_segment(
                birth_date=member.birth_date,
                children_ages=member.children_ages,
                elderly_at_home=member.elderly_at_home,
                income_band=member.income_band,
                answered_on=member.household_answered_on,
                today=today,
            )
            effective = member.segment_override or derived
            if (derived, effective) != (member.segment_derived, member.segment):
                member.segment_derived, member.segment = derived, effective
                changed.append(member)
            if len(changed) >= BATCH:
                total += self._save(changed)
        total += self._save(changed)
        self.stdout.write(f"已更新 {total} 位会员的客户细分。")

    @staticmethod
    def _save(members: list[Member]) -> int:
        count = len(members)
        if members:
            Member.objects.bulk_update(members, ["segment_derived", "segment"])
            members.clear()
        return count
