"""Writing many rows fast: PostgreSQL COPY, with a portable bulk_create path elsewhere.

Rows are tuples in the order of a column list (attnames such as "user_id"). Primary keys
are allocated up front (`ids_allocate`), so that rows of related tables can point at each
other before anything is written; Django declares its foreign keys DEFERRABLE INITIALLY
DEFERRED on PostgreSQL (and SQLite checks them at commit), so the order of the tables
within a transaction does not matter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection, models

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
