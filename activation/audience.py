"""Read-only audience evaluation: which entities each object's audience matches at T.

The package macro `trig.audience_sql` (macros/preview/) builds the query from the
objects' YAML with the engine's own criteria compiler; dbt compiles it (`dbt compile
--inline`, which runs no hooks and writes no relation) and the runner executes it in a
read-only transaction. Nothing here writes to the warehouse.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

from .context import RunContext, warehouse_errors
from .dbt_invoke import dbt_compile_inline
from .errors import TrigError
from .warehouse import Warehouse

# The hints tell dbt, at parse time, which relations the macro reads.
DEPENDS_ON = "".join(
    f"-- depends_on: {{{{ ref('trig', '{name}') }}}}\n"
    for name in (
        "trig_organisation_attributes",
        "trig_person_attributes",
        "int_trig__organisation_attributes",
        "int_trig__person_attributes",
        "int_trig__objects",
        "stg_trig__events",
    )
)
AUDIENCE_SQL = DEPENDS_ON + (
    "{{ trig.audience_sql(specs=var('trig_preview_specs', none), "
    "only=var('trig_preview_only', none), detail=var('trig_preview_detail', false)) }}"
)
HEADER = re.compile(r"/\* trig-audience: (.*?) \*/", re.DOTALL)


@dataclass
class ObjectInfo:
    name: str
    kind: str
    entity: str
    status: str
    attributes: list[str]
    leaves: list[dict[str, Any]]
    actions: list[dict[str, Any]]

    def leaf_label(self, leaf: dict[str, Any]) -> str:
        where = "".join(f" where {k} = {v}" for k, v in (leaf.get("where") or {}).items())
        window = f" within {_duration(leaf['within_s'])}" if leaf.get("within_s") else ""
        return f"{leaf['event']} events{where}{window}"


@dataclass
class Audience:
    """Every object's matching entities (rows), as evaluated at `evaluated_at`."""

    evaluated_at: str
    objects: dict[str, ObjectInfo]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def members(self, name: str, include_excluded: bool = False) -> list[dict[str, Any]]:
        return [
            row
            for row in self.rows
            if row["object_name"] == name and (include_excluded or not row["is_excluded"])
        ]


def evaluate_audiences(
    context: RunContext,
    at: str | None = None,
    specs: dict[str, Any] | None = None,
    only: str | None = None,
    detail: bool = False,
) -> Audience:
    """Compile and run the audience query; `specs` evaluates another project definition."""
    evaluated_at = at or datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    variables: dict[str, object] = {"trig_evaluation_time": evaluated_at}
    if specs is not None:
        variables["trig_preview_specs"] = specs
    if only is not None:
        variables["trig_preview_only"] = only
    if detail:
        variables["trig_preview_detail"] = True
    sql = dbt_compile_inline(
        context.project_dir, context.profiles_dir, context.target_name, AUDIENCE_SQL, variables
    )
    objects = parse_header(sql)
    with read_only(context.warehouse) as conn:
        rows = query(conn, sql)
    return Audience(evaluated_at, objects, rows)


def parse_header(sql: str) -> dict[str, ObjectInfo]:
    match = HEADER.search(sql)
    if match is None:
        raise TrigError("the compiled audience query has no trig-audience header")
    described = json.loads(match.group(1).replace("* /", "*/"))["objects"]
    return {
        item["name"]: ObjectInfo(
            name=item["name"],
            kind=item["kind"],
            entity=item["entity"],
            status=item["status"],
            attributes=list(item["attributes"]),
            leaves=list(item["leaves"]),
            actions=list(item["actions"]),
        )
        for item in described
    }


def query(conn: Connection, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    # Compiled SQL is run as is: colons are escaped so SQLAlchemy binds nothing in it.
    statement = text(sql.replace(":", r"\:")) if params is None else text(sql)
    result = conn.execute(statement, params or {})
    return [dict(row) for row in result.mappings()]


@contextmanager
def read_only(warehouse: Warehouse) -> Iterator[Connection]:
    """A connection that cannot write: DuckDB opened read-only, a read-only transaction
    elsewhere, always rolled back."""
    with warehouse_errors(warehouse):
        if warehouse.target.kind == "duckdb":
            engine = create_engine(
                warehouse.target.url, poolclass=NullPool, connect_args={"read_only": True}
            )
            try:
                with engine.connect() as conn:
                    yield conn
                    conn.rollback()
            finally:
                engine.dispose()
            return
        with warehouse.connect() as conn:
            if warehouse.dialect_name in ("postgresql", "redshift"):
                conn.execute(text("set transaction read only"))
            try:
                yield conn
            finally:
                conn.rollback()


def _duration(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{int(seconds)} seconds"
