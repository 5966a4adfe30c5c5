"""Wagtail's `publish_scheduled`, with the club's publication rules applied at go-live.

`ClubPage.publish()` re-checks the rules when a scheduled revision goes live (an event's
three-day notice is measured at that moment, with no personal override since nobody is at
the controls). Wagtail's command would stop at the first refusal and, since the refused
revision stays due, stop there again on every later run, holding back everything scheduled
after it. So a refused revision is reported and unscheduled first; the rest go live.
"""

from __future__ import annotations

import logging

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand
from wagtail.models import Revision

from content.models import ClubPage

logger = logging.getLogger(__name__)


class Command(WagtailCommand):
    help = "发布到期的定时内容；违反发布规则的版本取消定时并报告。"

    def handle(self, *args, **options):
        if not options["dryrun"]:
            self._unschedule_refused()
        super().handle(*args, **options)

    def _unschedule_refused(self) -> None:
        now = timezone.now()
        for revision in Revision.objects.filter(approved_go_live_at__lt=now):
            candidate = revision.as_object()
            if not isinstance(candidate, ClubPage):
                continue
            errors = candidate.publish_errors(user=None, now=now)
            errors += candidate.publication_process_errors(revision=revision)
            if not errors:
                continue
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            message = "；".join(e.message for e in errors)
            logger.warning("Scheduled publication of %s refused: %s", candidate, message)
            self.stderr.write(f"未发布「{candidate.title}」（定时发布已取消）：{message}")
