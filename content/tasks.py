"""Background work of the content domain, run by the task worker (django-tasks).

`content_publish_due` is the club's clock for content: it publishes the revisions whose
go-live time has come (our `publish_scheduled`, which reports and unschedules a revision the
rules refuse) and makes public the projects whose pre-sale licence counts from today. The
`content_scheduler` command enqueues it every minute (`make run` starts it beside the
worker; production runs it as a service or from cron, see docs/operations.md).
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django_tasks import task

from content.services import projects_licence_go_live


@task()
def content_publish_due() -> dict:
    """Publish what is due now; returns what happened, for the task result."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("publish_scheduled", stdout=stdout, stderr=stderr)
    public = projects_licence_go_live()
    return {
        "refused": [line for line in stderr.getvalue().splitlines() if line],
        "licences_counting": [project.slug for project in public],
    }
