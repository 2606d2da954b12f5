"""A project changes after its first build: a roll-up declared later is counted from all
history in the next `dbt build`, without a `--full-refresh` and without a binder error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

NUDGE = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent"},
    "audience": [{"invoices_created": 0}],
    "duration": "10 days",
}


def test_roll_up_added_after_the_first_build(warehouse: object, tmp_path: Path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)  # type: ignore[arg-type]
    s.load(
        organisations=[org("a"), org("b")],
        people=[person("ann", "a"), person("bob", "b")],
        events=[
            event("e1", "project_created", "2025-03-08 10:00:00", "a", "ann"),
            event("e2", "project_created", "2025-03-09 10:00:00", "a", "ann"),
            event("e3", "login", "2025-03-09 11:00:00", "b", "bob"),
        ],
    )
    s.project_vars = {
        "trig_rollups": [{"name": "logins", "function": "count", "event": "login"}]
    }
    s.objects = {"nudge": NUDGE}
    s.evaluate("2025-03-10 00:00:00")

    s.project_vars["trig_rollups"].append(
        {"name": "projects_created", "function": "count", "event": "project_created"}
    )
    s.objects["nudge"] = {**NUDGE, "audience": [{"projects_created": 0}]}
    s.evaluate("2025-03-11 00:00:00")

    rows = s.query(
        "select organisation_id, projects_created, logins "
        "from {schema}.trig_organisation_attributes order by organisation_id"
    )
    assert [(r["organisation_id"], r["projects_created"], r["logins"]) for r in rows] == [
        ("a", 2, 0),
        ("b", 0, 1),
    ]
