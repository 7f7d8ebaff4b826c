"""The database's part of a backup: a consistent copy with its tables' row counts and migrations,
and putting such a copy back. SQLite through its backup API, PostgreSQL through pg_dump and
pg_restore (the PostgreSQL client tools, from Debian's `postgresql-client`)."""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.db import connection

SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
POSTGRES_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
MIGRATIONS = "SELECT app, name FROM django_migrations"
# The file a copy is kept in inside the archive, by database.
MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class DatabaseToolError(Exception):
    """pg_dump or pg_restore missing or failed; the message says which and why."""


@dataclass(frozen=True)
class Copy:
    tables: dict[str, int]  # rows in each table, as copied
    migrations: list[str]  # "app.name" of each migration applied


def vendor() -> str:
    if connection.vendor not in MEMBERS:
        raise DatabaseToolError(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def dump(target: Path) -> Copy:
    """A consistent copy of the whole database into `target`, while it is in use."""
    return _sqlite_dump(target) if vendor() == "sqlite" else _postgres_dump(target)


def load(source: Path) -> None:
    """Replace the whole database with the copy in `source`, all or nothing."""
    connection.close()  # the next query opens a connection to what was restored
    if vendor() == "sqlite":
        _sqlite_load(source)
    else:
        _postgres_load(source)


def counts() -> dict[str, int]:
    """Rows in each table of the database as it is now."""
    with connection.cursor() as cursor:
        return _counts(cursor, SQLITE_TABLES if vendor() == "sqlite" else POSTGRES_TABLES)


def other_connections() -> int:
    """Sessions other than this one open on the database (PostgreSQL: app servers, workers)."""
    if vendor() == "sqlite":
        return 0  # SQLite cannot tell
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def _counts(cursor: Any, tables_query: str) -> dict[str, int]:
    cursor.execute(tables_query)
    tables = sorted(row[0] for row in cursor.fetchall())
    found = {}
    for table in tables:
        # The names come from the catalogue, quoted.
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        found[table] = int(cursor.fetchone()[0])
    return found


def _migrations(cursor: Any) -> list[str]:
    cursor.execute(MIGRATIONS)
    return sorted(f"{app}.{name}" for app, name in cursor.fetchall())


# SQLite ---------------------------------------------------------------------------------------


def _sqlite_dump(target: Path) -> Copy:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # page by page, a consistent snapshot
        cursor = copy.cursor()
        return Copy(_counts(cursor, SQLITE_TABLES), _migrations(cursor))
    finally:
        copy.close()


def _sqlite_load(source: Path) -> None:
    # The backup API writes the copy over the live database in one transaction: a failure
    # leaves it as it was, and other connections see the old or the new one, never a mix.
    copy = sqlite3.connect(source)
    try:
        connection.ensure_connection()
        copy.backup(connection.connection)
    finally:
        copy.close()


# PostgreSQL -----------------------------------------------------------------------------------


def _postgres_dump(target: Path) -> Copy:
    """pg_dump reads the snapshot in which the rows were counted, so the counts are the dump's."""
    settings = connection.settings_dict
    with psycopg.connect(**_conninfo(settings)) as session:
        session.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        session.read_only = True
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            copy = Copy(_counts(cursor, POSTGRES_TABLES), _migrations(cursor))
            _run_tool(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            )
        session.rollback()
    return copy


def _postgres_load(source: Path) -> None:
    name = connection.settings_dict["NAME"]
    _run_tool(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",  # all or nothing
        "--exit-on-error",
        f"--dbname={name}",
        str(source),
    )


def _conninfo(settings: dict[str, Any]) -> dict[str, Any]:
    params = {
        "dbname": settings["NAME"],
        "user": settings.get("USER") or None,
        "password": settings.get("PASSWORD") or None,
        "host": settings.get("HOST") or None,
        "port": settings.get("PORT") or None,
    }
    sslmode = settings.get("OPTIONS", {}).get("sslmode")
    return {k: v for k, v in {**params, "sslmode": sslmode}.items() if v is not None}


def _tool_environment() -> dict[str, str]:
    """The connection for pg_dump and pg_restore, as libpq's variables (no password on a
    command line, where any user of the machine could read it)."""
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
    }
    found = _conninfo(connection.settings_dict)
    return {**os.environ, **{names[k]: str(v) for k, v in found.items()}}


def tool_path(name: str) -> str:
    """pg_dump or pg_restore: on the PATH, or the newest in Debian's /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not versions:
        raise DatabaseToolError(
            f"{name} was not found: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    return str(versions[-1])


def _run_tool(name: str, *args: str) -> None:
    done = subprocess.run(
        [tool_path(name), *args],
        env=_tool_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise DatabaseToolError(f"{name} failed ({done.returncode}): {done.stderr.strip()}")
