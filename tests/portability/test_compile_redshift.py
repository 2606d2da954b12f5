"""Redshift: every model of the demo project compiles offline and parses as Redshift SQL.

No Redshift server can run here, so this is compilation only (see offline.py): the
real dbt-redshift adapter renders every model, test and lifecycle object, and sqlglot's
redshift dialect must parse each statement. It proves the dispatched macros pick
Redshift-valid syntax; it does not prove the results. The evaluation statements, which
exist only at run time, are checked by running a 500-object evaluation offline.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

pytest.importorskip("dbt.adapters.redshift", reason="dbt-redshift is not installed")
sqlglot = pytest.importorskip("sqlglot")

from tests.engine.harness import REPO_ROOT  # noqa: E402
from tests.portability.offline import (  # noqa: E402
    EVALUATION_TIMES,
    build_demo_on_duckdb,
    compiled_nodes,
    invoke,
    offline_redshift,
)

sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
import generated_objects  # noqa: E402

pytestmark = [pytest.mark.redshift, pytest.mark.slow]

MANY_OBJECTS = 500
MIN_EVALUATION_STATEMENTS = 20
STATEMENT_LIMIT_BYTES = 256 * 1024  # a quarter of BigQuery's and Snowflake's ~1 MB

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


def test_five_hundred_objects_evaluate_in_bounded_redshift_statements(
    demo: tuple[Path, Any], tmp_path: Path
) -> None:
    """The evaluation statements exist only at run time (trig_transitions' pre-hook,
    ADR 008), so `compile` never shows them: the demo project plus generated objects up
    to 500 is *run* offline, and every statement the stand-in connector saw must parse
    as Redshift SQL, the objects must be spread over many statements, and none may
    approach 1 MB (Redshift allows 16 MB; BigQuery and Snowflake about 1 MB)."""
    source, catalog = demo
    project = tmp_path / "integration_tests"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("target", "logs"))
    declared = generated_objects.object_count(demo_objects(project))
    models = generated_objects.generated_objects(MANY_OBJECTS - declared, live_from="2025-01-01")
    generated_objects.write_models(project / "models" / "generated", models)
    with offline_redshift(catalog, set(catalog)) as log:
        invoke(project, "run", "--target", "redshift", "--select", "trig_transitions",
               evaluation_time=EVALUATION_TIMES[1])
    statements = [re.sub(r"^\s*/\*.*?\*/", "", sql, flags=re.S).strip() for sql in log]
    batches = [sql for sql in statements if sql.lower().startswith("insert into")
               and "trig_transitions__pending" in sql.split("\n", 1)[0]]
    sizes = sorted(len(sql.encode()) for sql in batches)
    assert len(batches) >= MIN_EVALUATION_STATEMENTS, f"{len(batches)} evaluation statements"
    assert sizes[-1] < STATEMENT_LIMIT_BYTES, f"largest evaluation statement {sizes[-1]:,} bytes"
    assert unparsable({f"statement {i}": sql for i, sql in enumerate(log)}) == []
    # PostgreSQL's planner settings and analyses (ADR 016) are not Redshift's
    postgres_setting = r"(re)?set (enable_nestloop|enable_mergejoin|jit)\b|analyze\b"
    postgres_only = [sql[:80] for sql in statements if re.match(postgres_setting, sql.lower())]
    assert postgres_only == []


def demo_objects(project: Path) -> list[dict[str, Any]]:
    """The lifecycle objects the demo project declares (models with meta.trig)."""
    models = []
    for path in (project / "models").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models") or []:
            if (model.get("config") or {}).get("meta", {}).get("trig"):
                models.append(model)
    return models
