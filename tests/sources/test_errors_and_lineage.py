"""Configuration mistakes are compile errors naming the var and the fix; sources that
are off cost nothing and do not appear in lineage."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.sources.conftest import SourceProject
from tests.sources.raw import land, schema_for

pytestmark = pytest.mark.slow


@pytest.fixture
def duck_project(duckdb_warehouse: object, tmp_path: Path) -> SourceProject:
    return SourceProject(duckdb_warehouse, tmp_path / "project")


def land_minimal_segment(wh: object, skip: str | None = None) -> None:
    ts = datetime(2025, 3, 1, 10)
    rows = {
        "tracks": [{"id": "m1", "user_id": "u1", "event": "Logged In", "timestamp": ts}],
        "identifies": [],
        "users": [{"id": "u1", "email": "ann@acme.io"}],
        "groups": [{"id": "g1", "user_id": "u1", "group_id": "w1", "timestamp": ts}],
    }
    for table, table_rows in rows.items():
        if table != skip:
            land(wh, "segment", table, table_rows)


def test_unknown_source_name_suggests_the_nearest(duck_project: SourceProject) -> None:
    s = duck_project.use("segment", "hubsopt")
    message = s.evaluate_expecting_error("2025-03-10 00:00:00")
    assert "var 'trig_sources': unknown source 'hubsopt' (did you mean 'hubspot'?)" in message


def test_missing_raw_table_names_table_and_schema(duck_project: SourceProject) -> None:
    s = duck_project.use("segment")
    land_minimal_segment(duck_project.warehouse, skip="identifies")
    message = s.evaluate_expecting_error("2025-03-10 00:00:00")
    schema = schema_for(duck_project.warehouse, "segment")  # type: ignore[arg-type]
    assert (
        "source 'segment' is enabled (var 'trig_sources') but its table 'identifies' was not found"
        in message
    )
    assert f"in schema 'warehouse.{schema}'" in message
    assert "var 'segment_schema'" in message and "var 'segment_identifies_identifier'" in message


def test_mapping_column_that_does_not_exist(duck_project: SourceProject) -> None:
    s = duck_project.use("segment", segment_group_plan_column="plann")
    land_minimal_segment(duck_project.warehouse)
    land(
        duck_project.warehouse,
        "segment",
        "groups",
        [
            {
                "id": "g1",
                "user_id": "u1",
                "group_id": "w1",
                "timestamp": datetime(2025, 3, 1),
                "plan": "pro",
            }
        ],
    )
    message = s.evaluate_expecting_error("2025-03-10 00:00:00")
    assert "var 'segment_group_plan_column': column 'plann' does not exist in" in message
    assert "(did you mean 'plan'?)" in message


def test_sources_that_are_off_are_not_in_lineage(duck_project: SourceProject) -> None:
    s = duck_project.use("segment")
    land_minimal_segment(duck_project.warehouse)
    s.evaluate("2025-03-10 00:00:00")  # no HubSpot, Salesforce, ... table exists anywhere
    listed = s.dbt("ls", "--resource-types", "model", "source", "seed", "--output", "json")
    names = {json.loads(line)["unique_id"] for line in listed.result}
    assert "source.trig.segment.tracks" in names
    assert "model.trig.stg_segment__tracks" in names
    assert "seed.trig.trig_event_name_map" in names
    for off in ("hubspot", "salesforce", "mixpanel", "amplitude", "pendo"):
        assert not [n for n in names if off in n], off
    people = s.query("select person_id, organisation_id from {schema}.stg_trig__people")
    assert people == [{"person_id": "ann@acme.io", "organisation_id": "w1"}]


def test_no_source_on_means_the_users_own_models_as_before(duck_project: SourceProject) -> None:
    s = duck_project.scenario
    listed = s.dbt("ls", "--resource-types", "model", "source", "seed", "--output", "json")
    names = {json.loads(line)["unique_id"] for line in listed.result}
    assert not [n for n in names if "source" in n.split(".")[-1] or "__source" in n]
    assert not [n for n in names if n.startswith("seed.trig.")]
    assert "model.trig.stg_trig__events" in names
