"""The demo project (every kind of lifecycle object) built for real on each emulator.

The scenario tests prove the semantics one object at a time; this builds the whole
integration_tests project (a stage with objectives and Signals, behaviours, cohorts,
jobs, roll-ups of people and of event properties, write-backs) on a small synthetic
data set, at two evaluation times, on Snowflake (fakesnow) and BigQuery (bqemulator),
then checks that the diff tables are filled and that every statement dbt ran parses in
that warehouse's sqlglot dialect.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.engine.harness import REPO_ROOT, Warehouse
from tests.portability.available import extra_warehouse_params
from tests.portability.offline import EVALUATION_TIMES, copy_demo_project, invoke

pytestmark = pytest.mark.slow

DUCKDB_TYPES = {
    "VARCHAR": "varchar",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
}
SQLGLOT_DIALECT = {"snowflake": "snowflake", "bigquery": "bigquery"}


NO_EMULATOR = pytest.param(
    "none", marks=pytest.mark.skip(reason="no emulator installed (see .ci/portability)")
)


@pytest.fixture(params=extra_warehouse_params() or [NO_EMULATOR])
def emulated(request: pytest.FixtureRequest) -> Iterator[Warehouse]:
    from tests.portability.warehouses import emulated_warehouse

    server = request.getfixturevalue(f"{request.param}_server")
    with emulated_warehouse(request.param, server) as warehouse:
        yield warehouse


def synthetic_inputs(path: Path) -> dict[str, tuple[dict[str, str], list[dict[str, Any]]]]:
    import duckdb

    sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
    try:
        from synthetic import Scale, generate
    finally:
        sys.path.pop(0)
    generate(str(path), Scale(organisations=30, people=120, events=1_500, days=60))
    con = duckdb.connect(str(path))
    try:
        tables = {}
        for table in ("organisations", "people", "events"):
            cursor = con.execute(f"select * from raw.{table}")
            names = [d[0] for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            types = con.execute(
                "select column_name, data_type from information_schema.columns "
                f"where table_schema = 'raw' and table_name = '{table}' order by ordinal_position"
            ).fetchall()
            tables[table] = ({n: DUCKDB_TYPES[t] for n, t in types}, rows)
        return tables
    finally:
        con.close()


def test_demo_project_builds_and_every_statement_parses(
    emulated: Warehouse, tmp_path: Path
) -> None:
    import sqlglot

    for table, (columns, rows) in synthetic_inputs(tmp_path / "synthetic.duckdb").items():
        emulated.replace_table(table, columns, rows)
    project = copy_demo_project(tmp_path)
    settings = yaml.safe_load((project / "dbt_project.yml").read_text())
    emulated.customise_project(settings)
    (project / "dbt_project.yml").write_text(yaml.safe_dump(settings, sort_keys=False))
    profile = {"target": "emulated", "outputs": {"emulated": emulated.profile_output()}}
    (project / "profiles.yml").write_text(yaml.safe_dump({settings["profile"]: profile}))
    sources = project / "models" / "inputs" / "_inputs__sources.yml"
    sources.write_text(sources.read_text().replace("'raw'", f"'{emulated.raw_schema}'"))

    invoke(project, "deps", evaluation_time=EVALUATION_TIMES[0])
    statements: dict[str, str] = {}
    for moment in EVALUATION_TIMES:
        result = invoke(project, "build", evaluation_time=moment)
        for r in result.result.results:
            if getattr(r.node, "compiled_code", None):
                statements[f"{r.node.unique_id}@{moment}"] = r.node.compiled_code

    counts = emulated.query(
        "select transition_type, count(*) as n from "
        f"{emulated.target_schema}.trig_transitions group by transition_type"
    )
    by_type = {r["transition_type"]: r["n"] for r in counts}
    assert by_type.get("entered", 0) > 0 and by_type.get("completed", 0) > 0, by_type
    (actions,) = emulated.query(
        f"select count(*) as n from {emulated.target_schema}.trig_pending_actions"
    )
    assert actions["n"] > 0

    dialect = SQLGLOT_DIALECT[emulated.name]
    failures = []
    for node, sql in statements.items():
        try:
            sqlglot.parse(sql, read=dialect)
        except sqlglot.errors.ParseError as error:
            failures.append(f"{node}: {str(error)[:300]}")
    assert failures == []
    assert len(statements) > 40
