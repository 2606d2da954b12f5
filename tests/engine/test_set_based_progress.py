"""Running counts in one statement (ADR 013, "leaves by joins"): the set-based path
counts exactly the rows the per-condition statements count, day after day, for every
kind of forward condition: counts since entry, episode conditions anchored at the
episode's entry, positive windows met across runs, property filters, person and
organisation entities, a re-entry cool-down and events delivered twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person
from tests.engine.test_state_tables import second

pytestmark = pytest.mark.slow

DAYS = [f"2026-01-{d:02d} 00:00:00" for d in (1, 2, 3, 5, 8, 9, 12)]


def objects() -> dict[str, dict[str, Any]]:
    return {
        "busy": {
            "kind": "job", "entity": "organisation",
            "audience": {"event": "report_viewed", "at_least": 2, "within_last": "2 days"},
            "goal": {"event": "upgrade"}, "duration": "3 days", "re_entry": {"after": "1 day"},
        },
        "paid_invoices": {
            "kind": "behaviour", "entity": "organisation",
            "completion": {"event": "invoice_sent", "at_least": 2, "where": {"status": "paid"}},
        },
        "reader": {
            "kind": "behaviour", "entity": "person",
            "completion": {"event": "report_viewed", "at_least": 3},
        },
        "trial": {
            "kind": "stage", "entity": "organisation", "entry": {"event": "signed_up"},
            "exit": {"after": "6 days"},
            "objectives": [
                {"name": "two_projects", "completion": {"event": "project_created", "at_least": 2}},
                {"name": "streak", "completion": {
                    "event": "login", "at_least": 2, "within_last": "1 day"}},
                {"name": "invited", "completion": {"event": "teammate_invited"}},
                {"name": "connected", "completion": {"event": "bank_connected"}},
            ],
        },
    }


def events() -> list[dict[str, Any]]:
    def at(d: int, clock: str) -> str:
        return f"2026-01-{d:02d} {clock}"

    rows = [
        event("s1", "signed_up", at(1, "09:00:00"), "a", "ann"),
        event("s2", "signed_up", at(2, "09:00:00"), "b", "bob"),
        event("p1", "project_created", at(2, "10:00:00"), "a", "ann"),
        event("p2", "project_created", at(4, "10:00:00"), "a", "ann"),
        event("p3", "project_created", at(3, "11:00:00"), "b"),
        event("l1", "login", at(2, "08:00:00"), "a", "ann"),
        event("l2", "login", at(3, "12:00:00"), "a", "ann"),
        event("l3", "login", at(4, "06:00:00"), "a", "ann"),
        event("l4", "login", at(4, "07:00:00"), "b", "bob"),
        event("l5", "login", at(6, "07:00:00"), "b", "bob"),
        event("r1", "report_viewed", at(1, "21:00:00"), "a", "ann"),
        event("r2", "report_viewed", at(2, "01:00:00"), "a", "ann"),
        event("r3", "report_viewed", at(4, "12:00:00"), "a", "ann"),
        event("r4", "report_viewed", at(7, "12:00:00"), "a", "ann"),
        event("r5", "report_viewed", at(7, "13:00:00"), "a", "ann"),
        event("r6", "report_viewed", at(7, "14:00:00"), "b", "bob"),
        event("u1", "upgrade", at(10, "12:00:00"), "a"),
        event("i1", "invoice_sent", at(2, "12:00:00"), "a", "ann"),
        event("i2", "invoice_sent", at(3, "12:00:00"), "a", "ann"),
        event("i3", "invoice_sent", at(4, "12:00:00"), "a", "ann"),
        event("i4", "invoice_sent", at(5, "12:00:00"), "b"),
        event("i5", "invoice_sent", at(6, "12:00:00"), "b"),
    ]
    # a connector that delivered twice: the same events again, counted once
    rows += [dict(row) for row in rows if row["event_id"] in ("r3", "l2", "i3")]
    status = {"i1": "paid", "i2": "draft", "i3": "paid", "i4": "paid", "i5": "paid"}
    for row in rows:
        if row["event_id"] in status:
            row["properties"] = f'{{"status": "{status[row["event_id"]]}"}}'
    return rows


def run(warehouse: Any, root: Path, set_based: bool) -> tuple[list[tuple], list[tuple]]:
    s = Scenario(root=root, warehouse=warehouse)
    s.objects = objects()
    s.project_vars = {"trig_set_based_progress": set_based, "trig_conditions_per_statement": 1}
    s.load(organisations=[org("a"), org("b")],
           people=[person("ann", "a"), person("bob", "b")], events=events())
    for t in DAYS:
        s.evaluate(t)
    progress = s.query(
        "select progress_key, leaf_key, entity_id, anchor_at, event_count, reached_at, "
        "counted_through from {schema}.int_trig__event_progress order by progress_key"
    )
    return [tuple(r.values()) for r in progress], s.transitions()


def test_one_statement_counts_what_a_statement_per_condition_counts(
    warehouse: Any, tmp_path: Path
) -> None:
    progress, transitions = run(warehouse, tmp_path / "set", set_based=True)
    kinds = {row[1].split(":")[1] for row in progress if row[1]}
    assert kinds == {"entry", "episode"}
    assert any(":within:" in row[1] and row[5] is not None for row in progress if row[1])
    # the second *paid* invoice (i3), not the second invoice (i2, a draft)
    assert ("paid_invoices", "a", 1, "completed", 0, "2026-01-04 12:00:00") in {
        t[:6] for t in transitions}
    assert ("busy", "a", 2, "entered", 0, "2026-01-07 13:00:00") in {t[:6] for t in transitions}
    # a count whose anchor held and that no new event reached is not rewritten: bob's
    # organisation last viewed a report on the 7th, so its audience count keeps the
    # evaluation of the 8th through the 9th and the 12th
    busy_b = [row for row in progress if (row[1] or "").startswith("busy:entry:") and row[2] == "b"]
    assert [(row[4], str(row[6])[:19]) for row in busy_b] == [(1, DAYS[4])]

    expected = run(second(warehouse, tmp_path), tmp_path / "per_condition", set_based=False)
    assert progress == expected[0]
    assert transitions == expected[1]
