"""Redshift: every model of the demo project compiles offline and parses as Redshift SQL.

No Redshift server can run here, so this is compilation only (see offline.py): the
real dbt-redshift adapter renders every model, test and lifecycle object, and sqlglot's
redshift dialect must parse each statement. It proves the dispatched macros pick
Redshift-valid syntax; it does not prove the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dbt.adapters.redshift", reason="dbt-redshift is not installed")
sqlglot = pytest.importorskip("sqlglot")

from tests.portability.offline import (  # noqa: E402
    EVALUATION_TIMES,
    build_demo_on_duckdb,
    compiled_nodes,
    invoke,
    offline_redshift,
)

pytestmark = [pytest.mark.redshift, pytest.mark.slow]

RUNNER_TABLES = {
    "trig_delivery_ledger",
    "trig_attribute_writes",
    "trig_routes",
    "trig_suppressions",
}
INPUTS = {"organisations", "people", "events"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    return build_demo_on_duckdb(tmp_path_factory.mktemp("redshift"))


def compile_for_redshift(project: Path, catalog: Any, existing: set, *extra: str) -> dict[str, str]:
    with offline_redshift(catalog, existing) as log:
        result = invoke(
            project, "compile", "--target", "redshift", *extra, evaluation_time=EVALUATION_TIMES[1]
        )
    assert log, "the stand-in connector saw no query: was the adapter really used?"
    return compiled_nodes(result)


def unparsable(nodes: dict[str, str]) -> list[str]:
    failures = []
    for unique_id, sql in nodes.items():
        try:
            statements = sqlglot.parse(sql, read="redshift")
        except sqlglot.errors.ParseError as error:
            failures.append(f"{unique_id}: {str(error)[:400]}")
            continue
        if not any(statements):
            failures.append(f"{unique_id}: no statement")
    return failures


@pytest.mark.parametrize("state", ["first_run", "incremental"])
def test_every_model_compiles_and_parses_for_redshift(demo: tuple[Path, Any], state: str) -> None:
    project, catalog = demo
    if state == "first_run":
        existing = {k for k in catalog if k[0] == "raw" or k[1] in RUNNER_TABLES | INPUTS}
    else:
        existing = set(catalog)
    nodes = compile_for_redshift(project, catalog, existing)
    models = [n for n in nodes if n.startswith("model.trig.")]
    assert len(models) >= 15, sorted(nodes)
    assert any(n.startswith("model.trig_integration_tests.") for n in nodes)
    assert unparsable(nodes) == []
    # the dispatched helpers took their Redshift / default paths, not another engine's
    every = "\n".join(nodes.values()).lower()
    for foreign in (
        "struct_pack",
        "json_extract_string",
        "jsonb_build_object",
        "to_json(",
        "object_construct",
        "try_parse_json",
        "::json",
    ):
        assert foreign not in every, foreign
