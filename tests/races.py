"""Another person's save, made to land at the worst moment of a request."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def saved_first_by_someone_else(save: Callable[[], object]) -> Iterator[None]:
    """Inside the block, run `save` (someone else's whole save, through a service) just as the
    request's own service begins its transaction: after the request read the record and checked
    the version it was given, before it writes. Their save is committed first, as far as the
    request's transaction can tell (inside a test's transaction, the service's is a savepoint,
    which the refusal rolls back alone)."""
    done = False

    def before_the_transaction(
        execute: Any, sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        nonlocal done
        if not done and sql.startswith("SAVEPOINT"):
            done = True
            save()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(before_the_transaction):
        yield
    assert done, "no transaction began in the block"


@contextmanager
def committed_elsewhere_before_the_claim(save: Callable[[], object]) -> Iterator[None]:
    """Inside the block, run `save` in a connection of its own, committed, just before the
    request claims a version: between a check the request made in its transaction and its
    write. Only PostgreSQL lets this happen (SQLite's writer holds the database from the start
    of its transaction), and only outside a test's transaction (`transaction=True`)."""
    done = False

    def before_the_claim(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal done
        if not done and sql.startswith("UPDATE") and 'SET "version" =' in sql:
            done = True
            elsewhere = threading.Thread(target=_in_own_connection, args=[save])
            elsewhere.start()
            elsewhere.join()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(before_the_claim):
        yield
    assert done, "no version was claimed in the block"


def _in_own_connection(save: Callable[[], object]) -> None:
    try:
        save()
    finally:
        connection.close()
