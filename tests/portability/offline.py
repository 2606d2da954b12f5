"""Compile the demo project for a warehouse no server exists for (Redshift), offline.

1. The integration_tests project (every kind of lifecycle object the product ships) is
   built for real on DuckDB from a small synthetic data set; its catalog (relations and
   columns) is read back.
2. The same project is compiled with the real dbt-redshift adapter, whose connector is
   replaced by a stand-in that answers every query with no rows and never opens a
   socket; the adapter's relation and column look-ups answer from that catalog, so the
   models render exactly as they would against a warehouse holding those tables.
   Two passes: a first run (no trig relation exists yet) and an incremental run (all
   exist), so both branches of every incremental model are compiled.
3. Every compiled statement is then parsed with sqlglot's redshift dialect.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from dbt.cli.main import dbtRunner

from tests.engine.harness import REPO_ROOT

EVALUATION_TIMES = ("2025-03-01 06:00:00", "2025-03-15 06:00:00")
DUCKDB_TO_REDSHIFT = {
    "VARCHAR": "character varying(65535)",
    "DOUBLE": "double precision",
    "FLOAT": "real",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "HUGEINT": "numeric(38,0)",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
}

Catalog = dict[tuple[str, str], dict[str, Any]]  # (schema, name) -> {type, columns}


def copy_demo_project(root: Path) -> Path:
    project = root / "integration_tests"
    shutil.copytree(
        REPO_ROOT / "integration_tests",
        project,
        ignore=shutil.ignore_patterns(
            "target", "dbt_packages", "logs", "outbox", "*.duckdb*", "package-lock.yml"
        ),
    )
    (project / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO_ROOT)}]}))
    return project


def write_profiles(project: Path, duckdb_path: Path) -> None:
    outputs = {
        "duckdb": {"type": "duckdb", "path": str(duckdb_path), "schema": "main", "threads": 1},
        "redshift": {
            "type": "redshift",
            "host": "redshift.invalid",  # never contacted: the connector is replaced
            "port": 5439,
            "user": "trig",
            "password": "unused",
            "dbname": "dev",
            "schema": "main",
            "threads": 1,
            "retries": 0,
        },
    }
    profiles = {"trig_integration_tests": {"target": "duckdb", "outputs": outputs}}
    (project / "profiles.yml").write_text(yaml.safe_dump(profiles))


def invoke(project: Path, *args: str, evaluation_time: str) -> Any:
    os.environ["TRIG_EVALUATION_TIME"] = evaluation_time
    try:
        result = dbtRunner().invoke(
            [*args, "--project-dir", str(project), "--profiles-dir", str(project), "--quiet"]
        )
    finally:
        os.environ.pop("TRIG_EVALUATION_TIME", None)
    if not result.success:
        messages = [str(result.exception or "")]
        for node in getattr(result.result, "results", None) or []:
            if node.status in ("error", "fail"):
                messages.append(f"{node.node.name}: {node.message}")
        raise AssertionError("dbt " + " ".join(args) + " failed:\n" + "\n".join(messages))
    return result


def build_demo_on_duckdb(
    root: Path, prepare: Callable[[Path, Path], list[str]] | None = None
) -> tuple[Path, Catalog]:
    """`prepare(project, database)`, when given, runs after the data is generated and
    returns extra `dbt build` arguments (the sources tests land raw connector tables)."""
    import sys

    import duckdb

    sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
    try:
        from synthetic import Scale, generate
    finally:
        sys.path.pop(0)
    project = copy_demo_project(root)
    database = root / "demo.duckdb"
    generate(
        str(database),
        Scale(organisations=40, people=200, events=5_000, days=75),
        start="2025-01-01",
    )
    write_profiles(project, database)
    extra = prepare(project, database) if prepare else []
    invoke(project, "deps", evaluation_time=EVALUATION_TIMES[0])
    for moment in EVALUATION_TIMES:
        invoke(project, "build", "--target", "duckdb", *extra, evaluation_time=moment)
    con = duckdb.connect(str(database))
    try:
        rows = con.execute(
            "select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type "
            "from information_schema.columns as c join information_schema.tables as t "
            "on t.table_schema = c.table_schema and t.table_name = c.table_name "
            "where c.table_catalog = current_database() "
            "order by c.table_schema, c.table_name, c.ordinal_position"
        ).fetchall()
    finally:
        con.close()
    catalog: Catalog = {}
    for schema, name, kind, column, dtype in rows:
        entry = catalog.setdefault(
            (schema.lower(), name.lower()),
            {"type": "view" if "VIEW" in kind else "table", "columns": []},
        )
        entry["columns"].append((column, DUCKDB_TO_REDSHIFT.get(dtype, dtype.lower())))
    return project, catalog


class _NoRowsCursor:
    """Stands in for redshift_connector's cursor: every query succeeds with no rows,
    except aggregates (`select max(...)`), which return one NULL as a warehouse would."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.description: list[tuple] | None = None
        self.rowcount = -1
        self._rows: list[tuple] = []

    def execute(self, sql: str, bindings: Any = None) -> _NoRowsCursor:
        self.log.append(sql)
        lowered = re.sub(r"/\*.*?\*/", "", sql, flags=re.S).strip().lower()
        if lowered.startswith("select max(") or lowered.startswith("select pg_backend_pid"):
            self.description = [("value", 25, None, None, None, None, None)]
            self._rows = [(None,)]
        elif lowered.startswith(("select", "with")):
            self.description = [("value", 25, None, None, None, None, None)]
            self._rows = []
        else:
            self.description, self._rows = None, []
        return self

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple]:
        return list(self._rows)

    def fetchmany(self, size: int) -> list[tuple]:
        return list(self._rows[:size])

    def close(self) -> None:
        pass

    def __enter__(self) -> _NoRowsCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _NoServerConnection:
    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.autocommit = True

    def cursor(self) -> _NoRowsCursor:
        return _NoRowsCursor(self.log)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def offline_redshift(catalog: Catalog, existing: set[tuple[str, str]]) -> Iterator[list[str]]:
    """Patch dbt-redshift so it never connects and sees `catalog` (relations in `existing`)."""
    import redshift_connector
    from dbt.adapters.redshift import RedshiftAdapter
    from dbt.adapters.redshift.relation import RedshiftRelation

    log: list[str] = []

    def columns_in_relation(self: Any, relation: Any) -> list[Any]:
        name = (relation.identifier or "").lower()
        entry = catalog.get(((relation.schema or "").lower(), name))
        temporary = re.fullmatch(r"(.+)__dbt_tmp\d*", name)
        if entry is None and temporary:  # an incremental run's temporary table (no
            # schema, a time suffix): its columns are those of the model it feeds
            entry = next((e for (_, n), e in catalog.items() if n == temporary.group(1)), None)
        if entry is None:
            return []
        return [self.Column(name, dtype) for name, dtype in entry["columns"]]

    def relations_in_schema(self: Any, schema_relation: Any) -> list[Any]:
        schema = (schema_relation.schema or "").lower()
        return [
            RedshiftRelation.create(
                database=schema_relation.database, schema=s, identifier=n, type=e["type"]
            )
            for (s, n), e in catalog.items()
            if s == schema and (s, n) in existing
        ]

    with (
        mock.patch.object(redshift_connector, "connect", lambda **_: _NoServerConnection(log)),
        mock.patch.object(RedshiftAdapter, "get_columns_in_relation", columns_in_relation),
        mock.patch.object(RedshiftAdapter, "list_relations_without_caching", relations_in_schema),
    ):
        yield log


def compiled_nodes(result: Any) -> dict[str, str]:
    """unique_id -> compiled SQL of every node dbt compiled."""
    return {
        r.node.unique_id: r.node.compiled_code
        for r in result.result.results
        if getattr(r.node, "compiled_code", None)
    }
