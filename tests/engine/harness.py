"""A customer's dbt project in a temporary directory, evaluated at successive T.

Each scenario writes its own lifecycle objects (YAML, as a customer would), loads its
input rows into the warehouse, and runs the real `dbt build` in-process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from dbt.cli.main import dbtRunner

REPO_ROOT = Path(__file__).resolve().parents[2]
# dbt's debug log file costs ~10 % of a small build; TRIG_TEST_DBT_LOG_LEVEL=debug
# brings it back when a failing scenario needs reading
DBT_LOG_LEVEL_FILE = os.environ.get("TRIG_TEST_DBT_LOG_LEVEL", "info")

ORGANISATION_COLUMNS = {
    "organisation_id": "varchar",
    "organisation_name": "varchar",
    "plan": "varchar",
    "arr": "double precision",
    "sign_up_date": "date",
    "csm_email": "varchar",
    "invoices_created": "integer",
}
PEOPLE_COLUMNS = {
    "person_id": "varchar",
    "organisation_id": "varchar",
    "email": "varchar",
    "first_name": "varchar",
    "role": "varchar",
}
EVENT_COLUMNS = {
    "event_id": "varchar",
    "event_name": "varchar",
    "occurred_at": "timestamp",
    "person_id": "varchar",
    "organisation_id": "varchar",
    "properties": "varchar",
}
DEFAULT_COLUMNS = {
    "organisations": ORGANISATION_COLUMNS,
    "people": PEOPLE_COLUMNS,
    "events": EVENT_COLUMNS,
}


def sql_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        return f"timestamp '{value:%Y-%m-%d %H:%M:%S}'"
    if isinstance(value, date):
        return f"date '{value:%Y-%m-%d}'"
    return "'" + str(value).replace("'", "''") + "'"


class Warehouse:
    """One warehouse (an isolated database file or schema pair) for one test."""

    name: str
    raw_schema: str
    target_schema: str

    def profile_output(self) -> dict[str, Any]:
        raise NotImplementedError

    def execute(self, statements: Sequence[str]) -> None:
        raise NotImplementedError

    def query(self, sql: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def close(self) -> None:
        """Release resources (drop schemas)."""

    def customise_project(self, project: dict[str, Any]) -> None:
        """Adjust the scenario's dbt_project.yml (emulator workarounds; none by default)."""

    def replace_table(self, table: str, columns: dict[str, str], rows: list[dict]) -> None:
        qualified = f"{self.raw_schema}.{table}"
        definition = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        # rows are replaced in place: the customer's views over these tables stay valid
        statements = [
            f"create table if not exists {qualified} ({definition})",
            f"delete from {qualified}",
        ]
        if rows:
            values = ", ".join(
                "(" + ", ".join(sql_literal(row.get(c)) for c in columns) + ")" for row in rows
            )
            statements.append(f"insert into {qualified} ({', '.join(columns)}) values {values}")
        self.execute(statements)


class DbApiWarehouse(Warehouse):
    """A warehouse reached through a DB-API connection, opened per call."""

    def _connect(self):  # type: ignore[no-untyped-def]
        raise NotImplementedError

    def column_name(self, name: str) -> str:
        return name

    def execute(self, statements: Sequence[str]) -> None:
        con = self._connect()
        try:
            cursor = con.cursor()
            for statement in statements:
                cursor.execute(statement)
        finally:
            con.close()

    def query(self, sql: str) -> list[dict[str, Any]]:
        con = self._connect()
        try:
            cursor = con.cursor()
            cursor.execute(sql)
            names = [self.column_name(d[0]) for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            con.close()


class IsolatedSchemas:
    """A raw and a target schema of its own, so tests can share one server."""

    raw_schema: str
    target_schema: str

    def new_schema_names(self) -> None:
        suffix = uuid.uuid4().hex[:10]
        self.raw_schema = f"raw_{suffix}"
        self.target_schema = f"trig_{suffix}"

    def drop_schema_statements(self) -> list[str]:
        return [
            f"drop schema if exists {self.raw_schema} cascade",
            f"drop schema if exists {self.target_schema} cascade",
        ]


class DuckDBWarehouse(DbApiWarehouse):
    name = "duckdb"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw_schema = "raw"
        self.target_schema = "main"
        self.execute(["create schema if not exists raw"])

    def profile_output(self) -> dict[str, Any]:
        return {
            "type": "duckdb",
            "path": str(self.path),
            "schema": self.target_schema,
            "threads": 1,
        }

    def _connect(self):  # type: ignore[no-untyped-def]
        import duckdb

        return duckdb.connect(str(self.path))


class PostgresWarehouse(IsolatedSchemas, DbApiWarehouse):
    name = "postgres"

    def __init__(self, dsn: dict[str, Any]) -> None:
        self.dsn = dsn
        self.new_schema_names()
        self.execute([f"create schema {self.raw_schema}"])

    def profile_output(self) -> dict[str, Any]:
        return {
            "type": "postgres",
            "host": self.dsn["host"],
            "port": self.dsn["port"],
            "user": self.dsn["user"],
            "password": self.dsn.get("password", ""),
            "dbname": self.dsn["dbname"],
            "schema": self.target_schema,
            "threads": 1,
        }

    def _connect(self):  # type: ignore[no-untyped-def]
        import psycopg2

        con = psycopg2.connect(**self.dsn)
        con.autocommit = True
        return con

    def close(self) -> None:
        self.execute(self.drop_schema_statements())


class DbtFailed(AssertionError):
    pass


@dataclass
class Scenario:
    """A customer project with lifecycle objects, evaluated at chosen times."""

    root: Path
    warehouse: Warehouse
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    project_vars: dict[str, Any] = field(default_factory=dict)
    unit_tests: list[dict[str, Any]] = field(default_factory=list)
    extra_models: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    threads: int | None = None
    write_json: bool = False  # target/manifest.json, for tests that read it
    _deps_done: bool = False

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for table, columns in self.columns.items():
            self.warehouse.replace_table(table, columns, [])

    # inputs -------------------------------------------------------------------------
    def load(self, **tables: list[dict[str, Any]]) -> None:
        for table, rows in tables.items():
            self.warehouse.replace_table(table, self.columns[table], rows)

    # project ------------------------------------------------------------------------
    def write_project(self) -> None:
        (self.root / "models" / "objects").mkdir(parents=True, exist_ok=True)
        (self.root / "models" / "inputs").mkdir(parents=True, exist_ok=True)
        project: dict[str, Any] = {
            "name": "scenario",
            "version": "1.0.0",
            "config-version": 2,
            "profile": "scenario",
            "model-paths": ["models"],
            "vars": self.project_vars,
            "models": {"scenario": {"+materialized": "view"}},
        }
        self.warehouse.customise_project(project)
        self._write_yaml("dbt_project.yml", project)
        self._write_yaml("packages.yml", {"packages": [{"local": str(REPO_ROOT)}]})
        output = self.warehouse.profile_output()
        if self.threads:
            output["threads"] = self.threads
        self._write_yaml(
            "profiles.yml", {"scenario": {"target": "test", "outputs": {"test": output}}}
        )
        sources = {
            "version": 2,
            "sources": [
                {
                    "name": "raw",
                    "schema": self.warehouse.raw_schema,
                    "tables": [{"name": t} for t in self.columns],
                }
            ],
        }
        self._write_yaml("models/inputs/_sources.yml", sources)
        for table in self.columns:
            (self.root / "models" / "inputs" / f"{table}.sql").write_text(
                f"select * from {{{{ source('raw', '{table}') }}}}\n"
            )
        objects_dir = self.root / "models" / "objects"
        for stale in objects_dir.glob("*.sql"):
            if stale.stem not in self.objects and stale.stem not in self.extra_models:
                stale.unlink()
        for name, sql in self.extra_models.items():
            (objects_dir / f"{name}.sql").write_text(sql)
        models = []
        for name, spec in self.objects.items():
            (objects_dir / f"{name}.sql").write_text("{{ trig.lifecycle_object() }}\n")
            models.append({"name": name, "config": {"meta": {"trig": spec}}})
        objects_yaml: dict[str, Any] = {"version": 2, "models": models}
        if self.unit_tests:
            objects_yaml["unit_tests"] = self.unit_tests
        self._write_yaml("models/objects/_objects.yml", objects_yaml)

    def _write_yaml(self, relative: str, content: dict[str, Any]) -> None:
        (self.root / relative).write_text(yaml.safe_dump(content, sort_keys=False))

    # running ------------------------------------------------------------------------
    def dbt(self, *args: str, evaluation_time: str | None = None) -> Any:
        self.write_project()
        if not self._deps_done:
            self._invoke(["deps"])
            self._deps_done = True
        previous = os.environ.get("TRIG_EVALUATION_TIME")
        if evaluation_time:
            os.environ["TRIG_EVALUATION_TIME"] = evaluation_time
        try:
            return self._invoke(list(args))
        finally:
            if previous is None:
                os.environ.pop("TRIG_EVALUATION_TIME", None)
            else:
                os.environ["TRIG_EVALUATION_TIME"] = previous

    def _invoke(self, args: list[str]) -> Any:
        flags = ["--project-dir", str(self.root), "--profiles-dir", str(self.root), "--quiet",
                 "--log-level-file", DBT_LOG_LEVEL_FILE]
        if not self.write_json:  # manifest.json and run_results.json: ~0.5 s a build
            flags.append("--no-write-json")
        return dbtRunner().invoke([*args, *flags])

    def evaluate(self, evaluation_time: str, *extra: str) -> None:
        result = self.dbt("build", *extra, evaluation_time=evaluation_time)
        if not result.success:
            raise DbtFailed(failure_text(result))

    def evaluate_expecting_error(self, evaluation_time: str, *extra: str) -> str:
        result = self.dbt("build", *extra, evaluation_time=evaluation_time)
        assert not result.success, "dbt build succeeded but an error was expected"
        return failure_text(result)

    # reading ------------------------------------------------------------------------
    def query(self, sql: str) -> list[dict[str, Any]]:
        return self.warehouse.query(sql.replace("{schema}", self.warehouse.target_schema))

    def transitions(self, object_name: str | None = None) -> list[tuple]:
        where = f"where object_name = '{object_name}'" if object_name else ""
        rows = self.query(
            "select object_name, entity_id, episode_number, transition_type, step, occurred_at, "
            f"evaluated_at from {{schema}}.trig_transitions {where} "
            "order by evaluated_at, occurred_at, entity_id, transition_type, step"
        )
        return [
            (
                r["object_name"] if object_name is None else None,
                r["entity_id"],
                r["episode_number"],
                r["transition_type"],
                r["step"],
                stamp(r["occurred_at"]),
                stamp(r["evaluated_at"]),
            )[(0 if object_name is None else 1) :]
            for r in rows
        ]


def stamp(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)[:19]


def failure_text(result: Any) -> str:
    parts = []
    if result.exception is not None:
        parts.append(str(result.exception))
    for node_result in getattr(result.result, "results", None) or []:
        if getattr(node_result, "status", None) in ("error", "fail") and node_result.message:
            parts.append(str(node_result.message))
    return "\n".join(parts) or "dbt failed without a message"


def iter_rows(rows: list[dict[str, Any]], key: str) -> Iterator[Any]:
    return (row[key] for row in rows)
