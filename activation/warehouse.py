"""SQLAlchemy access to the warehouse, built from the same dbt profile target dbt uses.

Credentials come from the profile (rendered with env_var) and go straight into a
SQLAlchemy URL object, whose repr hides the password; nothing here logs them.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from .errors import TrigError

log = logging.getLogger(__name__)

SUPPORTED_TYPES = ("duckdb", "postgres", "redshift", "snowflake", "bigquery")
# Dialects whose unique constraints are enforced, so claims can use ON CONFLICT DO NOTHING.
ENFORCED_UNIQUE_DIALECTS = {"duckdb", "postgresql", "sqlite"}


@dataclass(frozen=True)
class WarehouseTarget:
    url: URL
    schema: str
    kind: str
    connect_args: dict[str, Any]
    duckdb_path: Path | None = None


def target_from_profile(target: dict[str, Any], project_dir: Path) -> WarehouseTarget:
    kind = str(target.get("type", ""))
    builders = {
        "duckdb": _duckdb_target,
        "postgres": _postgres_target,
        "redshift": _postgres_target,
        "snowflake": _snowflake_target,
        "bigquery": _bigquery_target,
    }
    if kind not in builders:
        raise TrigError(
            f"unsupported dbt adapter type '{kind}'", f"use one of {', '.join(SUPPORTED_TYPES)}"
        )
    return builders[kind](target, project_dir)


def _duckdb_target(target: dict[str, Any], project_dir: Path) -> WarehouseTarget:
    raw_path = str(target.get("path") or "")
    if not raw_path or raw_path == ":memory:":
        raise TrigError(
            "the DuckDB target has no database file (path is empty or :memory:)",
            "set `path:` in the profile so dbt and trig share one file",
        )
    path = Path(raw_path)
    if not path.is_absolute():
        path = project_dir / path
    url = URL.create("duckdb", database=str(path))
    return WarehouseTarget(url, str(target.get("schema") or "main"), "duckdb", {}, path)


def _postgres_target(target: dict[str, Any], project_dir: Path) -> WarehouseTarget:
    kind = str(target["type"])
    driver = "postgresql+psycopg2" if kind == "postgres" else "redshift+psycopg2"
    query = {"sslmode": str(target["sslmode"])} if target.get("sslmode") else {}
    url = URL.create(
        driver,
        username=_required(target, "user"),
        password=str(target.get("password") or target.get("pass") or "") or None,
        host=_required(target, "host"),
        port=int(target.get("port") or (5432 if kind == "postgres" else 5439)),
        database=str(target.get("dbname") or target.get("database") or ""),
        query=query,
    )
    return WarehouseTarget(url, _required(target, "schema"), kind, {"connect_timeout": 10})


def _snowflake_target(target: dict[str, Any], project_dir: Path) -> WarehouseTarget:
    query = {k: str(target[k]) for k in ("warehouse", "role", "authenticator") if target.get(k)}
    database = _required(target, "database")
    schema = _required(target, "schema")
    url = URL.create(
        "snowflake",
        username=_required(target, "user"),
        password=str(target.get("password") or "") or None,
        host=_required(target, "account"),
        database=f"{database}/{schema}",
        query=query,
    )
    # A private-link host (or a local emulator) is named by host/port/protocol.
    connect_args = {k: target[k] for k in ("host", "port", "protocol") if target.get(k)}
    return WarehouseTarget(url, schema, "snowflake", connect_args)


def _bigquery_target(target: dict[str, Any], project_dir: Path) -> WarehouseTarget:
    project = str(target.get("project") or target.get("database") or "")
    dataset = str(target.get("dataset") or target.get("schema") or "")
    if not project or not dataset:
        raise TrigError("the BigQuery target needs `project` and `dataset`")
    query = {"credentials_path": str(target["keyfile"])} if target.get("keyfile") else {}
    url = URL.create("bigquery", host=project, database=dataset, query=query)
    return WarehouseTarget(url, dataset, "bigquery", {})


def _required(target: dict[str, Any], key: str) -> str:
    if not target.get(key):
        raise TrigError(f"the {target.get('type')} profile target has no `{key}`")
    return str(target[key])


class Warehouse:
    """One warehouse target: qualified table names, connections, lock handling."""

    def __init__(
        self, target: WarehouseTarget, runner_schema: str | None, lock_timeout_seconds: float
    ) -> None:
        self.target = target
        self.runner_schema = runner_schema or target.schema
        self.lock_timeout_seconds = lock_timeout_seconds
        self.engine: Engine = _create_engine(target)
        self.dialect_name = self.engine.dialect.name
        self.enforces_unique = self.dialect_name in ENFORCED_UNIQUE_DIALECTS

    def table(self, name: str, runner_owned: bool = True) -> str:
        schema = self.runner_schema if runner_owned else self.target.schema
        quote = self.engine.dialect.identifier_preparer.quote
        return f"{quote(schema)}.{quote(name)}"

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection; for DuckDB this holds the file, so keep it short."""
        connection = self._connect_waiting_for_lock()
        try:
            yield connection
        finally:
            connection.close()

    def dispose(self) -> None:
        self.engine.dispose()

    def held(self, seconds: float) -> HeldConnection:
        return HeldConnection(self, seconds)

    def _connect_waiting_for_lock(self) -> Connection:
        deadline = time.monotonic() + self.lock_timeout_seconds
        delay = 0.02
        while True:
            try:
                return self.engine.connect()
            except DBAPIError as exc:
                if not _is_duckdb_lock_error(exc):
                    raise connection_error(self.target, exc) from None
                if time.monotonic() >= deadline:
                    raise TrigError(
                        f"the DuckDB file {self.target.duckdb_path} is locked by another "
                        f"process ({_lock_holder(exc)}); DuckDB allows one writer at a time",
                        "wait for that dbt build or trig run to finish, or raise "
                        "TRIG_LOCK_TIMEOUT_SECONDS",
                    ) from None
                log.debug("DuckDB file is locked by another process; waiting")
                time.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 0.5)


def _create_engine(target: WarehouseTarget) -> Engine:
    if target.kind == "duckdb":
        # No pooling: the file is released as soon as a batch is done, so a second runner
        # or a dbt build can take its turn (DuckDB allows a single writing process).
        # One DuckDB thread: the runner's statements are small, and per-thread working
        # memory otherwise grows with the backlog (peak memory stays flat from 10k to 50k).
        return create_engine(
            target.url, poolclass=NullPool, connect_args={"config": {"threads": 1}}
        )
    try:
        return create_engine(target.url, connect_args=target.connect_args, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise TrigError(
            f"cannot use the {target.kind} target ({exc.__class__.__name__})",
            f"install the extra: pip install 'trig[{target.kind}]'",
        ) from None


def _is_duckdb_lock_error(exc: DBAPIError) -> bool:
    text = str(exc.orig)
    return "Could not set lock" in text or "Conflicting lock" in text


def _lock_holder(exc: DBAPIError) -> str:
    text = str(exc.orig)
    marker = text.find("(PID")
    return "PID " + text[marker + 5 :].split(")")[0].strip() if marker >= 0 else "unknown PID"


def connection_error(target: WarehouseTarget, exc: DBAPIError) -> TrigError:
    # The driver's message can contain the DSN; keep only its first line, without URL.
    first_line = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else ""
    where = target.url.render_as_string(hide_password=True)
    return TrigError(
        f"cannot connect to the {target.kind} warehouse at {where}: {first_line}",
        "check the dbt profile target (trig uses the same one as dbt)",
    )


class HeldConnection:
    """One connection reused by consecutive batches, released at least every `seconds`
    (and whenever the caller waits): opening and closing a DuckDB file per batch costs a
    checkpoint each time, while holding it for a whole run would shut out a dbt build
    or another runner for as long (ADR 119)."""

    def __init__(self, warehouse: Warehouse, seconds: float) -> None:
        self.warehouse = warehouse
        self.seconds = seconds
        self._connection: Connection | None = None
        self._opened = 0.0

    def get(self) -> Connection:
        if self._connection is not None and time.monotonic() - self._opened >= self.seconds:
            self.release()
        if self._connection is None:
            self._connection = self.warehouse._connect_waiting_for_lock()
            self._opened = time.monotonic()
        return self._connection

    def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()
