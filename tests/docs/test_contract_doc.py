"""docs/contracts/diff_tables.md is checked against the relations a real build makes:
every documented relation has exactly the documented columns, and every value found in a
column documented as `one of ...` is one of the documented values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.engine.harness import Scenario
from tests.runner.helpers import invoke_assert_code

CONTRACT = Path(__file__).resolve().parents[2] / "docs" / "contracts" / "diff_tables.md"
HEADING = re.compile(r"^#{2,3} `(trig_\w+)`", re.MULTILINE)
ROW = re.compile(r"^\|([^|]+)\|([^|]*)\|(.*)\|\s*$", re.MULTILINE)
NAME = re.compile(r"`(\w+)`")

pytestmark = pytest.mark.slow  # builds a dbt project


@dataclass
class Relation:
    name: str
    columns: list[str] = field(default_factory=list)
    enumerations: dict[str, set[str]] = field(default_factory=dict)


def documented_relations(text: str) -> dict[str, Relation]:
    """Each `## \\`trig_x\\`` section with a column table (the runner-owned tables are
    described in prose and are not in this list)."""
    headings = list(HEADING.finditer(text))
    relations = {}
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        relation = Relation(heading.group(1))
        for row in ROW.finditer(text[heading.end() : end]):
            names = NAME.findall(row.group(1))
            relation.columns += names
            meaning = row.group(3).strip()
            if meaning.startswith("one of ") and len(names) == 1:
                values = meaning.split(" — ")[0]
                relation.enumerations[names[0]] = set(NAME.findall(values))
        if relation.columns:
            relations[relation.name] = relation
    return relations


RELATIONS = documented_relations(CONTRACT.read_text())


def test_the_contract_documents_the_relations_people_ask_about() -> None:
    expected = {
        "trig_transitions",
        "trig_pending_actions",
        "trig_undelivered_actions",
        "trig_episodes",
        "trig_job_metrics",
        "trig_stage_benchmarks",
        "trig_signals",
        "trig_quarantine",
        "trig_evaluations",
    }
    assert expected <= set(RELATIONS)


@pytest.fixture(scope="module")
def built(readme_project: Scenario) -> Scenario:
    root = str(readme_project.root)
    # the ledger gets rows, so trig_undelivered_actions is read with a real ledger
    invoke_assert_code(0, ["status", "--project-dir", root, "--profiles-dir", root])
    return readme_project


@pytest.mark.parametrize("name", sorted(RELATIONS))
def test_documented_columns_are_the_built_columns(built: Scenario, name: str) -> None:
    rows = built.query(
        "select column_name from information_schema.columns "
        f"where table_schema = '{{schema}}' and table_name = '{name}' order by ordinal_position"
    )
    built_columns = [row["column_name"].lower() for row in rows]
    assert built_columns, f"{name} was not built"
    assert sorted(RELATIONS[name].columns) == sorted(built_columns), (
        f"{name}: documented but not built "
        f"{sorted(set(RELATIONS[name].columns) - set(built_columns))}, built but not "
        f"documented {sorted(set(built_columns) - set(RELATIONS[name].columns))}"
    )


@pytest.mark.parametrize("name", sorted(n for n in RELATIONS if RELATIONS[n].enumerations))
def test_values_are_among_the_documented_ones(built: Scenario, name: str) -> None:
    for column, allowed in RELATIONS[name].enumerations.items():
        rows = built.query(f"select distinct {column} as v from {{schema}}.{name}")
        found = {row["v"] for row in rows if row["v"] is not None}
        assert found <= allowed, f"{name}.{column}: {sorted(found - allowed)} not documented"
