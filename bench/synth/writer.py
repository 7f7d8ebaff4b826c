"""The writer: records go in as rows of values, in bulk, with their primary keys given first.

COPY on PostgreSQL, one prepared INSERT run many times on SQLite; no model instances, no signals,
so no history rows and none of the services' checks.
"""

from collections.abc import Iterable, Sequence
from itertools import batched
from typing import Any

from django.db import connection, models

Row = dict[str, Any]  # a record's values by attribute name ("authority_id"), as inserted

BATCH_SIZE = 2_000


def give_ids(rows: list[Row], model: type[models.Model]) -> None:
    """New primary keys, so that rows go in with their ids and links need no reading back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sequence = "nextval(pg_get_serial_sequence(%s, 'id'))"
            cursor.execute(f"SELECT {sequence} FROM generate_series(1, %s)", [table, len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
        else:  # SQLite: the transaction holds the write lock (IMMEDIATE), so no one takes these
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            (last,) = cursor.fetchone()
            ids = list(range(last + 1, last + 1 + len(rows)))
    for row, pk in zip(rows, ids, strict=True):
        row["id"] = pk


def insert(model: type[models.Model], rows: list[Row]) -> None:
    """Insert the rows, each field missing from them taking the model's default.

    Neither model instances nor bulk_create: at national scale, building instances and
    compiling every value of every row took longer than making the records. These models
    compute nothing on save (no auto_now), and the drivers adapt dates, decimals, booleans.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0] or not f.primary_key]
    if unknown := set(rows[0]) - {f.attname for f in fields}:
        raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    defaults = [(f.attname, f.get_default()) for f in fields]
    values = ([row.get(name, default) for name, default in defaults] for row in rows)
    insert_values(model._meta.db_table, [str(f.column) for f in fields], values)


def insert_values(table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows of values: COPY on PostgreSQL, a prepared INSERT run many times on SQLite."""
    quote = connection.ops.quote_name
    into = f"{quote(table)} ({', '.join(map(quote, columns))})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # psycopg 3's COPY: ten times its executemany
            with cursor.copy(f"COPY {into} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {into} VALUES ({', '.join(['%s'] * len(columns))})"
        for batch in batched(rows, BATCH_SIZE):
            cursor.executemany(sql, batch)
