"""A project changes after its first build: a roll-up declared later is counted from all
history in the next `dbt build`, without a `--full-refresh` and without a binder error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.harness import PostgresWarehouse, Scenario
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
    s.project_vars = {"trig_rollups": [{"name": "logins", "function": "count", "event": "login"}]}
    s.objects = {"nudge": NUDGE}
    s.evaluate("2025-03-10 00:00:00")

    s.project_vars["trig_rollups"].append(
        {"name": "projects_created", "function": "count", "event": "project_created"}
    )
    s.objects["nudge"] = {**NUDGE, "audience": [{"projects_created": 0}]}
    # a cohort's catalogue is read once per build and version of the relation: the
    # roll-up column appears in the same build that adds it
    s.objects["builders"] = {
        "kind": "cohort",
        "entity": "organisation",
        "criteria": {"projects_created": {">=": 1}},
    }
    s.evaluate("2025-03-11 00:00:00")
    assert [
        r["organisation_id"] for r in s.query("select organisation_id from {schema}.builders")
    ] == ["a"]

    rows = s.query(
        "select organisation_id, projects_created, logins "
        "from {schema}.trig_organisation_attributes order by organisation_id"
    )
    assert [(r["organisation_id"], r["projects_created"], r["logins"]) for r in rows] == [
        ("a", 2, 0),
        ("b", 0, 1),
    ]


def statuses(result: object) -> dict[str, str]:
    """Model name -> the message dbt reported for it (e.g. UNCHANGED, OK)."""
    return {
        r.node.name: str(r.message)
        for r in result.result.results  # type: ignore[attr-defined]
        if r.node.resource_type == "model"
    }


def test_object_views_are_re_created_only_when_what_they_read_changed(
    warehouse: object, tmp_path: Path
) -> None:
    """ADR 009: a steady day leaves the audience view alone (its fingerprint, including
    the column lists its tables recorded at their last build, is unchanged); when the
    organisations input gains a column, the SQL of the wide attribute view does not
    change, but the table under it (`select *` over the input) gains the column, and
    that view and the audience view over it are created again with it (on every
    warehouse)."""
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)  # type: ignore[arg-type]
    people = [person("ann", "a"), person("bob", "b")]
    s.load(organisations=[org("a"), org("b")], people=people, events=[])
    s.objects = {"nudge": NUDGE}
    s.evaluate("2025-03-10 00:00:00")

    steady = s.dbt("build", evaluation_time="2025-03-11 00:00:00")
    assert steady.success
    # PostgreSQL drops a view by cascade when dbt replaces the table under it, so there
    # the view is always created again (ADR 009)
    cascades = isinstance(warehouse, PostgresWarehouse)
    assert (statuses(steady)["nudge"] == "UNCHANGED") is not cascades

    # the recorded fingerprints are read once per invocation and kept up to date by its
    # own writes: with the registry emptied between two builds, the next build creates
    # the view again, and the one after leaves it alone
    s.warehouse.execute([f"delete from {s.warehouse.target_schema}.trig_view_fingerprints"])
    emptied = s.dbt("build", evaluation_time="2025-03-11 12:00:00")
    assert emptied.success
    assert statuses(emptied)["nudge"] != "UNCHANGED"
    again = s.dbt("build", evaluation_time="2025-03-11 18:00:00")
    assert (statuses(again)["nudge"] == "UNCHANGED") is not cascades

    raw = s.warehouse.raw_schema
    s.warehouse.execute([f"alter table {raw}.organisations add column region varchar"])
    s.columns = {**s.columns, "organisations": {**s.columns["organisations"], "region": "varchar"}}
    s.load(organisations=[org("a", region="emea"), org("b", region="amer")])
    changed = s.dbt("build", evaluation_time="2025-03-12 00:00:00")
    assert changed.success
    assert statuses(changed)["nudge"] != "UNCHANGED"
    assert statuses(changed)["trig_organisation_attributes"] != "UNCHANGED"
    for view in ("nudge", "trig_organisation_attributes"):
        rows = s.query(f"select organisation_id, region from {{schema}}.{view} order by 1")
        assert [(r["organisation_id"], r["region"]) for r in rows] == [("a", "emea"), ("b", "amer")]
