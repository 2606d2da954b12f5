"""Bad input rows are reported, never silently dropped; roll-ups become attributes."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"


def test_bad_rows_are_quarantined_with_a_reason(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {
        "active": {
            "kind": "behaviour",
            "entity": "organisation",
            "completion": {"event": "login"},
        }
    }
    s.load(
        organisations=[org("a"), org("a", plan="pro"), org(None)],
        people=[person("ann", "a"), person("ann", "a"), person("zed", "nowhere")],
        events=[
            event("e1", "login", "2025-03-09 10:00:00", "a", "ann"),
            event("e1", "login", "2025-03-09 10:00:00", "a", "ann"),
            event("e2", "login", "2025-03-11 10:00:00", "a", "ann"),
            event("e3", "login", "2025-03-09 11:00:00", None, "zed"),
            event("e4", "login", "2999-01-01 00:00:00", "a", "ann"),
        ],
    )
    s.evaluate(T0)
    rows = s.query(
        "select input_model, record_id, reason, row_count from {schema}.trig_quarantine "
        "order by input_model, reason, record_id"
    )
    assert [(r["input_model"], r["record_id"], r["reason"], r["row_count"]) for r in rows] == [
        ("events", "e1", "duplicate event_id (counted once)", 2),
        ("events", "e3", "neither person_id nor a known organisation (left out)", 1),
        # e2 is after T but in the past: a replay's future, not bad data; e4 is after now
        ("events", "e4", "occurred_at is later than the run's clock time (a wrong timestamp?)", 1),
        ("organisations", "a", "duplicate organisation_id (one row kept)", 2),
        ("organisations", None, "organisation_id is null", 1),
        ("people", "ann", "duplicate person_id (one row kept)", 2),
        ("people", "zed", "person without a known organisation (left out)", 1),
    ]
    assert s.query("select count(*) as n from {schema}.trig_organisation_attributes") == [{"n": 1}]


def test_roll_ups_of_people_and_events(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.project_vars = {
        "trig_rollups": [
            {"name": "admins", "function": "count", "of": "people", "where": {"role": "admin"}},
            {"name": "logins_7d", "function": "count", "event": "login", "within_last": "7 days"},
            {"name": "logins", "function": "count", "event": "login"},
            {"name": "revenue", "function": "sum", "event": "paid", "property": "amount"},
            {"name": "biggest", "function": "max", "event": "paid", "property": "amount"},
            {"name": "smallest", "function": "min", "event": "paid", "property": "amount"},
            {"name": "average", "function": "avg", "event": "paid", "property": "amount"},
        ]
    }
    s.objects = {
        "busy": {"kind": "cohort", "entity": "organisation", "criteria": {"logins": {">=": 2}}}
    }
    paid = event("p1", "paid", "2025-03-01 00:00:00", "a")
    paid2 = event("p2", "paid", "2025-03-02 00:00:00", "a")
    s.load(
        organisations=[org("a"), org("b")],
        people=[person("ann", "a"), person("amy", "a"), {**person("abe", "a"), "role": "viewer"}],
        events=[
            event("l1", "login", "2025-02-01 00:00:00", "a"),
            event("l2", "login", "2025-03-08 00:00:00", "a"),
            event("l3", "login", "2025-03-11 00:00:00", "a"),  # after T
            {**paid, "properties": '{"amount": 100.5}'},
            {**paid2, "properties": '{"amount": 20}'},
        ],
    )
    s.evaluate(T0)
    rows = s.query(
        "select organisation_id, admins, logins_7d, logins, revenue, biggest "
        "from {schema}.trig_organisation_attributes order by 1"
    )
    a, b = rows
    assert (a["admins"], a["logins_7d"], a["logins"]) == (2, 1, 2)
    assert (float(a["revenue"]), float(a["biggest"])) == (120.5, 100.5)
    assert (b["admins"], b["logins"], b["revenue"]) == (0, 0, None)
    assert s.query("select organisation_id from {schema}.busy") == [{"organisation_id": "a"}]
    # all-time roll-ups are running totals: the next evaluation adds only new events
    s.load(
        events=[
            *s.warehouse.query(f"select * from {s.warehouse.raw_schema}.events"),
            event("l4", "login", "2025-03-12 00:00:00", "b"),
            {**event("p3", "paid", "2025-03-12 00:00:00", "a"), "properties": '{"amount": 5}'},
        ]
    )
    s.evaluate("2025-03-13 00:00:00")
    a, b = s.query(
        "select organisation_id, logins, revenue, biggest, smallest, average "
        "from {schema}.trig_organisation_attributes order by 1"
    )
    assert (a["logins"], b["logins"]) == (3, 1)
    assert [float(a[k]) for k in ("revenue", "biggest", "smallest", "average")] == [
        125.5,
        100.5,
        5.0,
        125.5 / 3,
    ]
