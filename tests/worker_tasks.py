"""Tasks for the worker tests: one that fails, so that the test can see its error."""

from django_tasks import task


@task()
def fail_loudly() -> None:
    raise RuntimeError("the worker test's deliberate failure")
