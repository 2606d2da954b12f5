"""500 generated objects evaluate on the Snowflake and BigQuery emulators, agree with
the independent reading of tests/engine/test_many_objects.py, and no evaluation
statement comes near the warehouses' statement-size limits.

The engine evaluates `trig_objects_per_statement` objects per statement in
trig_transitions' pre-hook (ADR 008), so those statements are generated at run time
and never appear in `target/compiled`: only a real run shows them. Each batch logs its
statement's size, which is read back from dbt's log. BigQuery rejects query text over
1 MB and Snowflake asks statements to stay under 1 MB; Redshift's limit (16 MB) is
looser, and its offline compile at 500 objects is in test_compile_redshift.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.engine.test_many_objects import (
    check_cohorts_hold_the_entities_that_meet_their_criteria,
    check_every_object_has_its_relation_and_only_declared_objects_have_transitions,
    check_first_time_behaviours_complete_at_the_first_matching_event,
    check_follow_on_jobs_see_the_generated_attributes_of_the_behaviour_they_reference,
    evaluated_project,
    raw,  # noqa: F401  (the module's synthetic data fixture)
)
from tests.portability.available import extra_warehouse_params
from tests.portability.warehouses import emulated_warehouse

pytestmark = pytest.mark.slow

OBJECTS = 500
STATEMENT_LIMIT_KB = 1024
BATCH_LINE = re.compile(r"trig: evaluated batch (\d+) of (\d+) .*statement of ([\d.]+) KB")


def batch_statement_sizes(project: Path) -> list[float]:
    """KB of each evaluation statement of the last build, from dbt's log."""
    text = (project / "logs" / "dbt.log").read_text(errors="replace")
    return [float(m.group(3)) for m in BATCH_LINE.finditer(text)]


@pytest.mark.parametrize("name", extra_warehouse_params())
def test_five_hundred_objects_evaluate_on_the_emulated_warehouse(
    name: str, request: pytest.FixtureRequest, tmp_path: Path, raw: dict[str, Any]  # noqa: F811
) -> None:
    server = request.getfixturevalue(f"{name}_server")
    with emulated_warehouse(name, server) as warehouse:
        built = evaluated_project(tmp_path / "project", warehouse, raw, OBJECTS)
        sizes = batch_statement_sizes(built.root)
        assert len(sizes) >= OBJECTS // 20, sizes  # batched, not one statement
        assert max(sizes) < STATEMENT_LIMIT_KB / 4, max(sizes)
        check_every_object_has_its_relation_and_only_declared_objects_have_transitions(
            built, OBJECTS)
        check_first_time_behaviours_complete_at_the_first_matching_event(built, raw, OBJECTS)
        check_cohorts_hold_the_entities_that_meet_their_criteria(built, raw, OBJECTS)
        check_follow_on_jobs_see_the_generated_attributes_of_the_behaviour_they_reference(
            built, raw, OBJECTS)
