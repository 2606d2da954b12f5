"""Redshift: the source staging of all six connectors compiles offline and parses as
Redshift SQL (no Redshift server exists here: syntax and dispatch, not results).

The demo company is landed in raw HubSpot + Segment tables and the other four
connectors' tables exist empty; the whole project is built on DuckDB with every source
on, then compiled by the real dbt-redshift adapter against that catalog (first run and
incremental run) and every statement is parsed with sqlglot's redshift dialect."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dbt.adapters.redshift", reason="dbt-redshift is not installed")
pytest.importorskip("sqlglot")

from tests.engine.harness import REPO_ROOT  # noqa: E402
from tests.portability.offline import build_demo_on_duckdb  # noqa: E402
from tests.portability.test_compile_redshift import (  # noqa: E402
    RUNNER_TABLES,
    compile_for_redshift,
    unparsable,
)
from tests.sources.raw import TABLES  # noqa: E402

pytestmark = [pytest.mark.redshift, pytest.mark.slow]

SOURCES = ["hubspot", "salesforce", "segment", "amplitude", "mixpanel", "pendo"]
EXTRA_VARS = {
    "mixpanel_timezone": "America/New_York",
    "mixpanel_organisation_property": "company_id",
    "salesforce_arr": "opportunities",
}


def land_everything(project: Path, database: Path) -> list[str]:
    import duckdb

    sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
    try:
        from landing import land
    finally:
        sys.path.pop(0)
    landed = land(str(database))
    con = duckdb.connect(str(database))
    try:
        for source in ("salesforce", "amplitude", "mixpanel", "pendo"):
            con.execute(f"create schema if not exists {source}")
            for table, columns in TABLES[source].items():
                definition = ", ".join(f'"{c}" {kind}' for c, kind in columns.items())
                con.execute(f'create or replace table {source}."{table}" ({definition})')
    finally:
        con.close()
    variables = {**landed["vars"], **EXTRA_VARS, "trig_sources": SOURCES}
    (project / "source_vars.json").write_text(json.dumps(variables))
    return ["--vars", json.dumps(variables), "--exclude", "path:models/inputs"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    return build_demo_on_duckdb(tmp_path_factory.mktemp("redshift_sources"), land_everything)


@pytest.mark.parametrize("state", ["first_run", "incremental"])
def test_source_staging_compiles_and_parses_for_redshift(
    demo: tuple[Path, Any], state: str
) -> None:
    project, catalog = demo
    loaded = {"raw", *SOURCES}
    if state == "first_run":
        existing = {k for k in catalog if k[0] in loaded or k[1] in RUNNER_TABLES}
    else:
        existing = set(catalog)
    variables = (project / "source_vars.json").read_text()
    nodes = compile_for_redshift(project, catalog, existing, "--vars", variables)
    staged = [n for n in nodes if "__" in n and n.split(".")[-1].split("__")[0][4:] in SOURCES]
    assert {n.split(".")[-1] for n in staged} >= {
        "stg_hubspot__companies",
        "stg_salesforce__accounts",
        "stg_segment__tracks",
        "stg_amplitude__events",
        "stg_mixpanel__events",
        "stg_pendo__events",
    }
    assert "model.trig.int_trig__source_events_staged" in nodes
    assert unparsable(nodes) == []
    every = "\n".join(nodes.values()).lower()
    assert "convert_timezone('america/new_york', 'utc'" in every  # Mixpanel's time zone
