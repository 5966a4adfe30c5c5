"""Background work really runs in the task worker.

With the database task backend, publishing a page only queues its search-index update;
the page becomes searchable when `manage.py db_worker` (the worker `make run` starts)
processes the queue. This test starts that worker as a separate process on the test
database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from content.selectors import content_search
from tests.factories import project_create

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def _test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_page_published_with_the_database_backend_is_indexed_by_the_worker(settings, site_tree):
    from django.contrib.auth.models import AnonymousUser

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    project_create(site_tree, title="望江台", slug="wangjiang", intro="临江而居")
    anonymous = AnonymousUser()
    assert content_search(user=anonymous, query="望江台", limit=5) == []

    result = _run_db_worker()
    assert result.returncode == 0, result.stderr
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}

    hits = content_search(user=anonymous, query="望江台", limit=5)
    assert [hit.title for hit in hits] == ["望江台"]


def _manage(*args: str) -> subprocess.CompletedProcess:
    """`manage.py ARGS` in a process of its own, on the test database, with the database
    task backend (as `make run` starts the worker and the scheduler)."""
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        ENV_FILE="",
        SECRET_KEY="worker-test-secret-key-that-is-long-enough-0123456789abcdef",
        DATABASE_URL=_test_database_url(),
        TASK_BACKEND="database",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_worker_publishes_due_revisions_and_licences_from_the_scheduler(settings, site_tree):
    import datetime as dt

    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    from content import rules
    from tests.factories import article_create

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # an article scheduled for a minute ago, as the editor's "publish at" leaves it
    article = article_create(site_tree, publish=False, title="到期的新闻")
    due = timezone.now() - dt.timedelta(minutes=1)
    article.go_live_at = due
    revision = article.save_revision()
    revision.approved_go_live_at = due
    revision.save()
    # a project published while its licence (dated today) still lay ahead
    project = project_create(site_tree, presale_licence_date=rules.licence_today())
    PageViewRestriction.objects.create(page=project, restriction_type=PageViewRestriction.LOGIN)

    scheduler = _manage("content_scheduler", "--once")
    assert scheduler.returncode == 0, scheduler.stderr
    article.refresh_from_db()
    assert not article.live  # only enqueued: the worker does the work

    worker = _run_db_worker()
    assert worker.returncode == 0, worker.stderr

    article.refresh_from_db()
    assert article.live
    assert not PageViewRestriction.objects.filter(page=project).exists()


def test_the_worker_prints_no_line_per_task_but_shows_a_failure(settings, site_tree):
    from tests.worker_tasks import fail_loudly

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    project_create(site_tree, title="望江台", slug="wangjiang", intro="临江而居")
    fail_loudly.enqueue()
    assert DBTaskResult.objects.count() > 1

    result = _run_db_worker()
    output = result.stdout + result.stderr
    # the successful tasks pass in silence ...
    assert "state=SUCCESSFUL" not in output
    assert "state=RUNNING" not in output
    # ... and the failure is there, with its traceback
    assert "state=FAILED" in output
    assert "the worker test's deliberate failure" in output


def _run_db_worker() -> subprocess.CompletedProcess:
    """`manage.py db_worker` as `make run` starts it, until the queue is empty."""
    return _manage("db_worker", "--batch", "--queue-name", "*", "--no-reload")
