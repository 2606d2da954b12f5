"""Connector sources and the user's own input models together (trig_include_input_models)."""

from __future__ import annotations

import pytest

from tests.engine.rows import event, org
from tests.sources.conftest import SourceProject
from tests.sources.raw import ENGINE_EVENTS, land

pytestmark = pytest.mark.slow


def test_own_models_are_unioned_and_rank_first(duckdb_warehouse: object, tmp_path) -> None:
    project = SourceProject(duckdb_warehouse, tmp_path / "project")
    s = project.use(
        "hubspot",
        trig_include_input_models=True,
        hubspot_owner_enabled=False,
        hubspot_workspace_id_column="property_workspace_id",
    )
    land(
        duckdb_warehouse,
        "hubspot",
        "company",
        [
            {
                "id": 1,
                "property_name": "Acme (CRM)",
                "property_workspace_id": "w_acme",
                "property_annualrevenue": 5000.0,
            },
        ],
    )
    land(
        duckdb_warehouse,
        "hubspot",
        "contact",
        [
            {"id": 11, "property_email": "ann@acme.io", "property_associatedcompanyid": 1},
        ],
    )
    # the user's own organisations: a better name for Acme, and one the CRM does not have
    s.load(
        organisations=[org("w_acme", organisation_name="Acme", arr=None), org("w_solo")],
        events=[event("own-1", "login", "2025-03-09 10:00:00", None, "ann@acme.io")],
    )
    s.evaluate("2025-03-10 00:00:00")
    organisations = s.query(
        "select organisation_id, organisation_name, arr, source "
        "from {schema}.stg_trig__organisations order by 1"
    )
    assert [
        (o["organisation_id"], o["organisation_name"], o["arr"] and float(o["arr"]), o["source"])
        for o in organisations
    ] == [
        ("w_acme", "Acme", 5000.0, "user"),  # own model first; the CRM fills what it lacks
        ("w_solo", "W_SOLO", 1200.0, "user"),
    ]
    events = s.query(f"select event_id, person_id, organisation_id from {ENGINE_EVENTS}")
    assert events == [
        {"event_id": "own-1", "person_id": "ann@acme.io", "organisation_id": "w_acme"}
    ]
