"""trig_entry_explanations: each entry keeps the attribute values and event counts that
satisfied its audience, appended once per entry, on DuckDB and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org
from tests.report.scenario import ONBOARDING, T0

pytestmark = pytest.mark.slow


def explanations(scenario, object_name: str) -> dict[str, dict]:
    rows = scenario.query(
        "select entity_id, attribute_values, event_counts, attributes_as_of, transition_id "
        f"from {{schema}}.trig_entry_explanations where object_name = '{object_name}'"
    )
    return {row["entity_id"]: row for row in rows}


def test_job_entries_record_the_attribute_values_that_matched(built):
    rows = explanations(built, "onboarding_nudge")
    assert sorted(rows) == ["alpha", "bravo"]
    bravo = json.loads(rows["bravo"]["attribute_values"])
    assert bravo["invoices_created"] == 0 and bravo["plan"] == "pro"
    assert str(bravo["sign_up_date"]).startswith("2025-03-06")
    assert json.loads(rows["bravo"]["event_counts"]) == {}
    assert str(rows["bravo"]["attributes_as_of"]).startswith(T0)


def test_event_entries_record_their_event_counts_and_join_the_log(built):
    rows = explanations(built, "onboarding")
    assert sorted(rows) == ["alpha", "bravo", "charlie", "delta", "echo"]
    assert {json.loads(r["event_counts"])["events_signed_up"] for r in rows.values()} == {1}
    joined = built.query(
        "select count(*) as n from {schema}.trig_entry_explanations as x "
        "inner join {schema}.trig_transitions as t on t.transition_id = x.transition_id "
        "where t.transition_type = 'entered'"
    )
    total = built.query("select count(*) as n from {schema}.trig_entry_explanations")
    assert joined[0]["n"] == total[0]["n"] > 0


def test_entries_of_a_build_that_skipped_the_explanations_are_explained_later(warehouse, tmp_path):
    """The model reads only evaluations from its newest explained one on: an evaluation
    whose build did not run it (excluded, or failed after the log) is still explained,
    once, by the next build."""
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {"onboarding": ONBOARDING}
    signed_up = {"alpha": "2025-03-01", "bravo": "2025-03-02", "charlie": "2025-03-03"}
    s.load(
        organisations=[org(name) for name in signed_up],
        events=[
            event(f"s_{name}", "signed_up", f"{day} 10:00:00", name)
            for name, day in signed_up.items()
        ],
    )
    s.evaluate("2025-03-02 00:00:00")
    s.evaluate("2025-03-03 00:00:00", "--exclude", "trig_entry_explanations")
    s.evaluate("2025-03-04 00:00:00")
    rows = s.query(
        "select t.entity_id, count(x.transition_id) as n from {schema}.trig_transitions as t "
        "left join {schema}.trig_entry_explanations as x on x.transition_id = t.transition_id "
        "where t.transition_type = 'entered' and t.object_name = 'onboarding' "
        "group by t.entity_id order by t.entity_id"
    )
    assert [(r["entity_id"], r["n"]) for r in rows] == [("alpha", 1), ("bravo", 1), ("charlie", 1)]
