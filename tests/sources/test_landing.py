"""The demo company landed in raw HubSpot + Segment tables builds the same lifecycle as
the hand-written input models: no input model needed, same stages, jobs and Signals."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from tests.engine.harness import REPO_ROOT
from tests.portability.offline import EVALUATION_TIMES, copy_demo_project, invoke, write_profiles

pytestmark = pytest.mark.slow

sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
try:
    from landing import land
    from synthetic import Scale, generate
finally:
    sys.path.pop(0)


def build(project: Path, *extra: str) -> None:
    for moment in EVALUATION_TIMES:
        invoke(project, "build", "--target", "duckdb", *extra, evaluation_time=moment)


def lifecycle(database: Path) -> dict[str, list]:
    con = duckdb.connect(str(database))
    try:
        return {
            "transitions": con.execute(
                "select object_name, transition_type, count(*), count(distinct entity_id) "
                "from main.trig_transitions group by 1, 2 order by 1, 2"
            ).fetchall(),
            "pending": con.execute(
                "select object_name, count(*) from main.trig_pending_actions group by 1 order by 1"
            ).fetchall(),
            "organisations": con.execute(
                "select organisation_id, plan, cast(arr as double), renewal_date, csm_email "
                "from main.stg_trig__organisations order by 1"
            ).fetchall(),
        }
    finally:
        con.close()


def test_demo_from_raw_hubspot_and_segment_matches_the_input_models(tmp_path: Path) -> None:
    own_models = tmp_path / "own_models.duckdb"
    generate(
        str(own_models),
        Scale(organisations=40, people=200, events=5_000, days=75),
        start="2025-01-01",
    )
    from_sources = tmp_path / "from_sources.duckdb"
    shutil.copy(own_models, from_sources)
    landed = land(str(from_sources))
    assert landed["counts"]["segment.tracks"] >= 5_000
    assert "invoice_sent" in landed["event_tables"]

    project = copy_demo_project(tmp_path / "a")
    write_profiles(project, own_models)
    invoke(project, "deps", evaluation_time=EVALUATION_TIMES[0])
    build(project)
    expected = lifecycle(own_models)

    project = copy_demo_project(tmp_path / "b")
    write_profiles(project, from_sources)
    invoke(project, "deps", evaluation_time=EVALUATION_TIMES[0])
    # the customer's own input models are not built: only the connectors' tables are read
    build(project, "--vars", json.dumps(landed["vars"]), "--exclude", "path:models/inputs")
    got = lifecycle(from_sources)

    assert expected["transitions"], "the demo should produce transitions"
    assert got["organisations"] == expected["organisations"]
    assert got["transitions"] == expected["transitions"]
    assert got["pending"] == expected["pending"]
