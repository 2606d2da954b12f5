"""Where `bench_engine` runs a configuration: an embedded DuckDB file, or a database of
the PostgreSQL server (`--warehouse postgres`). Each warehouse loads the raw data from
the cached DuckDB file, points dbt at itself, keeps a snapshot of the state the steady
day starts from, and times the floor on its own engine."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

FLOOR_SELECT = """
select organisation_id, event_name, count(*) as events
from raw.events
group by organisation_id, event_name
"""
RAW_TABLES = ("organisations", "people", "events")
# read once: dbt_env() points TRIG_PG_DATABASE at each configuration's own database
MAINTENANCE_DATABASE = os.environ.get("TRIG_PG_DATABASE", "test")
# what DuckDB writes and PostgreSQL reads
CSV_OPTIONS = "(format csv, header false, null '\\N')"
WRITTEN_SQL = ("select transition_type, count(*) from {schema}.trig_transitions"
               " where evaluated_at = cast('{t}' as timestamp) group by 1 order by 1")


class DuckDBWarehouse:
    """One DuckDB file per configuration; the snapshot is a copy of the closed file."""

    name = "duckdb"
    schema = "main"

    def __init__(self, workdir: Path, label: str) -> None:
        self.database = workdir / "bench.duckdb"
        self._snapshot = workdir / "before_steady_day.duckdb"

    def load(self, cached: Path) -> None:
        for stale in (self.database, Path(f"{self.database}.wal")):
            stale.unlink(missing_ok=True)
        shutil.copyfile(cached, self.database)

    def events_indexed(self) -> bool:
        return False

    def dbt_env(self) -> dict[str, str]:
        return {"TRIG_TARGET": "duckdb", "TRIG_DUCKDB_PATH": str(self.database),
                "TRIG_SCHEMA": self.schema, "TRIG_RAW_SCHEMA": "raw"}

    def snapshot(self) -> None:
        _copy_closed(self.database, self._snapshot)

    def restore(self) -> None:
        _copy_closed(self._snapshot, self.database)

    def drop_snapshot(self) -> None:
        close_duckdb()
        self._snapshot.unlink(missing_ok=True)

    def floor(self, runs: int = 3) -> list[float]:
        """The same file, after dbt: the cheapest query that still reads every event."""
        con = duckdb.connect(str(self.database))
        try:
            return [_timed(lambda: con.execute(
                "create or replace temp table trig_bench_floor as " + FLOOR_SELECT))
                for _ in range(runs)]
        finally:
            con.close()

    def transitions_written(self, t: str) -> dict[str, int]:
        close_duckdb()  # dbt's connection has another configuration than a read-only one
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            rows = con.execute(WRITTEN_SQL.format(schema=self.schema, t=t)).fetchall()
        finally:
            con.close()
        return {str(kind): int(count) for kind, count in rows}

    def drop(self) -> None:
        close_duckdb()
        self.database.unlink(missing_ok=True)


class PostgresWarehouse:
    """A database per configuration on the server (TRIG_PG_HOST/PORT/USER/PASSWORD, the
    maintenance database TRIG_PG_DATABASE, as the test suite and profiles.yml use); the
    snapshot is a database created from it as a template."""

    name = "postgres"
    schema = "trig"

    def __init__(self, workdir: Path, label: str) -> None:
        slug = re.sub(r"[^a-z0-9]+", "_", label.lower())
        self.database = f"trig_bench_{slug}"
        self._snapshot = f"{self.database}_snapshot"
        self.dsn = {"host": os.environ.get("TRIG_PG_HOST", "127.0.0.1"),
                    "port": int(os.environ.get("TRIG_PG_PORT", "5432")),
                    "user": os.environ.get("TRIG_PG_USER", "postgres"),
                    "password": os.environ.get("TRIG_PG_PASSWORD", "")}

    def _connect(self, database: str) -> Any:
        import psycopg2

        return psycopg2.connect(dbname=database, connect_timeout=5, **self.dsn)

    def _execute(self, database: str, *statements: str) -> None:
        con = self._connect(database)
        con.autocommit = True  # create/drop database run outside a transaction
        try:
            with con.cursor() as cur:
                for statement in statements:
                    cur.execute(statement)
        finally:
            con.close()

    def _admin(self, *statements: str) -> None:
        self._execute(MAINTENANCE_DATABASE, *statements)

    def _fetch(self, sql: str) -> list[tuple]:
        con = self._connect(self.database)
        try:
            with con.cursor() as cur:
                cur.execute(sql)
                return list(cur.fetchall())
        finally:
            con.close()

    def _recreate(self, database: str, template: str | None = None) -> None:
        from_template = f' template "{template}"' if template else ""
        self._admin(f'drop database if exists "{database}" with (force)',
                    f'create database "{database}"{from_template}')

    def load(self, cached: Path) -> None:
        """Raw tables copied from the cached DuckDB file through CSV files, with the
        column types the integration project's PostgreSQL legs use."""
        import synthetic

        self._recreate(self.database)
        source = duckdb.connect(str(cached), read_only=True)
        con = self._connect(self.database)
        try:
            with tempfile.TemporaryDirectory(prefix="trig_bench_pg_") as tmp, con.cursor() as cur:
                cur.execute("create schema raw")
                for table in RAW_TABLES:
                    columns = source.execute(f"describe raw.{table}").fetchall()
                    ddl = ", ".join(f'"{column}" {synthetic.PG_TYPES.get(str(kind), "text")}'
                                    for column, kind, *_ in columns)
                    cur.execute(f'create table raw."{table}" ({ddl})')
                    csv = Path(tmp) / f"{table}.csv"
                    source.execute(f"copy raw.{table} to '{csv}' {CSV_OPTIONS}")
                    with csv.open() as rows:
                        cur.copy_expert(f'copy raw."{table}" from stdin {CSV_OPTIONS}', rows)
                    cur.execute(f'analyze raw."{table}"')
            con.commit()
        finally:
            con.close()
            source.close()

    def index_events(self) -> None:
        """The index the README recommends on PostgreSQL: the engine reads the events in
        time slices, and without it each slice scans every event."""
        self._execute(self.database, 'create index on raw."events" (occurred_at)',
                      'analyze raw."events"')

    def events_indexed(self) -> bool:
        """Whether the raw events have an index (the report says so beside the figures)."""
        [(count,)] = self._fetch("select count(*) from pg_indexes"
                                 " where schemaname = 'raw' and tablename = 'events'")
        return int(count) > 0

    def dbt_env(self) -> dict[str, str]:
        return {"TRIG_TARGET": "postgres", "TRIG_PG_DATABASE": self.database,
                "TRIG_SCHEMA": self.schema, "TRIG_RAW_SCHEMA": "raw"}

    def snapshot(self) -> None:
        self._recreate(self._snapshot, template=self.database)

    def restore(self) -> None:
        self._recreate(self.database, template=self._snapshot)

    def drop_snapshot(self) -> None:
        self._admin(f'drop database if exists "{self._snapshot}" with (force)')

    def floor(self, runs: int = 3) -> list[float]:
        con = self._connect(self.database)
        con.autocommit = True
        try:
            with con.cursor() as cur:
                def once() -> None:
                    cur.execute("drop table if exists trig_bench_floor")
                    cur.execute("create temp table trig_bench_floor as " + FLOOR_SELECT)
                return [_timed(once) for _ in range(runs)]
        finally:
            con.close()

    def transitions_written(self, t: str) -> dict[str, int]:
        rows = self._fetch(WRITTEN_SQL.format(schema=self.schema, t=t))
        return {str(kind): int(count) for kind, count in rows}

    def drop(self) -> None:
        self._admin(f'drop database if exists "{self.database}" with (force)',
                    f'drop database if exists "{self._snapshot}" with (force)')


Warehouse = DuckDBWarehouse | PostgresWarehouse
WAREHOUSES: dict[str, type[DuckDBWarehouse] | type[PostgresWarehouse]] = {
    "duckdb": DuckDBWarehouse, "postgres": PostgresWarehouse}


def close_duckdb() -> None:
    """Closes the database dbt-duckdb keeps open in this process across invocations
    (DuckDB checkpoints it on close), so its file can be copied or replaced."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager._ENV = None


def _copy_closed(source: Path, target: Path) -> None:
    close_duckdb()
    if Path(f"{source}.wal").exists():
        raise RuntimeError(f"{source} still has a write-ahead log after closing DuckDB")
    Path(f"{target}.wal").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def _timed(action: Any) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 3)
