"""trig_entry_explanations: each entry keeps the attribute values and event counts that
satisfied its audience, appended once per entry, on DuckDB and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.report.scenario import T0

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
