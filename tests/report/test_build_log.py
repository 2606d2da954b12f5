"""The package's on-run-end hook records each build; `trig activate` acts on a fresh
successful one and refuses after a failed one (real dbt builds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.engine.harness import DuckDBWarehouse
from tests.report.scenario import T0, build, cli_args, release_duckdb
from tests.runner.helpers import REPO_ROOT, invoke_assert_code

pytestmark = pytest.mark.slow


def build_log(scenario) -> list[dict]:
    return scenario.query(
        "select status, failures, failed_nodes, evaluated_at, package_version, contract_version "
        "from {schema}.trig_build_log order by finished_at"
    )


def test_each_build_is_recorded_with_its_version(built):
    last = build_log(built)[-1]
    assert last["status"] == "success" and last["failures"] == 0
    assert str(last["evaluated_at"]).startswith(T0)
    assert (last["package_version"], last["contract_version"]) == ("0.1.0", 1)
    result = invoke_assert_code(1, ["activate", "--dry-run", *cli_args(built)])
    assert "would handle" in result.stdout


def test_a_failed_build_is_recorded_and_activation_refused(tmp_path: Path):
    warehouse = DuckDBWarehouse(tmp_path / "warehouse.duckdb")
    scenario = build(warehouse, tmp_path / "project")
    scenario.extra_models = {"broken_report": "select * from no_such_table\n"}
    scenario.evaluate_expecting_error("2025-03-11 09:00:00")
    release_duckdb()
    last = build_log(scenario)[-1]
    assert (last["status"], last["failed_nodes"]) == ("error", "broken_report")
    result = invoke_assert_code(2, ["activate", *cli_args(scenario)])
    assert "failed: 1 node(s) in error (broken_report)" in result.stderr
    assert (
        "would handle"
        in invoke_assert_code(1, ["activate", "--dry-run", "--force", *cli_args(scenario)]).stdout
    )


def test_the_package_version_is_one_number_everywhere():
    macro = (REPO_ROOT / "macros" / "build" / "trig_package_version.sql").read_text()
    in_macro = re.search(r"return\('([^']+)'\)", macro)
    assert in_macro is not None
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text())
    pyproject = re.search(r'^version = "([^"]+)"', (REPO_ROOT / "pyproject.toml").read_text(), re.M)
    assert pyproject is not None
    assert in_macro.group(1) == project["version"] == pyproject.group(1)
