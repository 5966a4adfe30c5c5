"""Writing many rows fast: PostgreSQL COPY, with a portable bulk_create path elsewhere.

Rows are tuples in the order of a column list (attnames such as "user_id"). Primary keys
are allocated up front (`ids_allocate`), so that rows of related tables can point at each
other before anything is written; Django declares its foreign keys DEFERRABLE INITIALLY
DEFERRED on PostgreSQL (and SQLite checks them at commit), so the order of the tables
within a transaction does not matter.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator, Sequence

from django.db import connection, connections, models

BULK_CREATE_BATCH = 2_000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def ids_allocate(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`.

    PostgreSQL hands them out from the table's identity sequence, so they never clash with
    concurrent inserts. Elsewhere (SQLite, single writer) they follow the current maximum;
    call this inside the transaction that inserts the rows.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
    top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
    return list(range(top + 1, top + 1 + count))


def in_background(items: Iterator, *, ahead: int = 2) -> Iterator:
    """Yield what `items` yields, computing up to `ahead` items in a thread meanwhile.

    The thread has its own database connections (Django's are per thread), closed when it
    ends. An exception in the thread is raised here; stopping early stops the thread.
    """
    done = object()
    results: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(item) -> None:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                put(item)
            put(done)
        except BaseException as exc:  # handed over to the consuming thread
            put(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, name="bulk-producer", daemon=True)
    thread.start()
    try:
        while (item := results.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def tables_analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load.

    Autovacuum would get there eventually, but until it does the planner believes the
    tables are as small as before the load and may choose poor plans.
    """
    if not is_postgresql():
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def rows_insert(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert `rows` into `model`'s table: COPY on PostgreSQL, bulk_create elsewhere.

    bulk_create runs the fields' pre_save, so auto_now / auto_now_add columns get the
    current time there instead of the value given; COPY writes the values as given.
    """
    if not rows:
        return
    if is_postgresql():
        _copy(model, columns, rows)
    else:
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows],
            batch_size=BULK_CREATE_BATCH,
        )


def _copy(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    meta = model._meta
    json_positions = [
        i for i, name in enumerate(columns) if isinstance(meta.get_field(name), models.JSONField)
    ]
    db_columns = ", ".join(connection.ops.quote_name(meta.get_field(c).column) for c in columns)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({db_columns}) FROM STDIN"  # noqa: S608
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if json_positions:
                row = list(row)
                for i in json_positions:
                    row[i] = json.dumps(row[i], ensure_ascii=False)
            copy.write_row(row)
