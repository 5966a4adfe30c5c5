"""A wall-clock budget for validating and executing one GraphQL request.

The limits (portal/graphql/limits.py) refuse what can be measured before anything runs;
the deadline ends whatever still takes too long — a slow page of results, a pathological
document that validation chews on. It ends the *work*, not just the response: once the
budget is spent, the next AST node visited by validation, the next resolver and the next
SQL statement raise `DeadlineExceeded`, which the view answers with `QUERY_TIMEOUT`.

`DeadlineExceeded` derives from BaseException on purpose: graphql-core turns every
`Exception` raised in a resolver into a field error and carries on with the sibling
fields and list items; an exception it does not catch is the only way to stop execution
as a whole. Transactions still roll back (`atomic` handles any exception).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from graphql.validation import ValidationRule


class DeadlineExceeded(BaseException):  # noqa: N818 - reads as the event it is
    """The request's time budget is spent; nothing more of it may run."""


class Deadline:
    """A point in time by which the request must be done."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() >= self.at:
            raise DeadlineExceeded


def deadline_validation_rule(deadline: Deadline) -> type[ValidationRule]:
    """A validation rule that stops validation at the deadline (checked on every node)."""

    class DeadlineRule(ValidationRule):
        def enter(self, *_args: Any) -> None:
            deadline.check()

    return DeadlineRule


class DeadlineMiddleware:
    """Execution middleware: no resolver starts after the deadline."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline

    def resolve(self, next_: Callable, root: Any, info: Any, **arguments: Any) -> Any:
        self.deadline.check()
        return next_(root, info, **arguments)


@contextmanager
def deadline_for_queries(deadline: Deadline) -> Iterator[None]:
    """No SQL statement starts after the deadline, on any database connection."""

    def wrapper(execute, sql, params, many, context):
        deadline.check()
        return execute(sql, params, many, context)

    with _all_wrapped(wrapper):
        yield


@contextmanager
def _all_wrapped(wrapper) -> Iterator[None]:
    entered = []
    try:
        for connection in connections.all(initialized_only=False):
            manager = connection.execute_wrapper(wrapper)
            manager.__enter__()
            entered.append(manager)
        yield
    finally:
        for manager in reversed(entered):
            manager.__exit__(None, None, None)
