"""Stages, behaviours, cohorts, pause, re-entry and cross-object references over time."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"


def job(audience: dict, **settings: object) -> dict:
    spec = {
        "kind": "job",
        "entity": "organisation",
        "goal": {"event": "upgraded"},
        "audience": audience,
        "duration": "2 days",
    }
    spec.update(settings)
    return spec


@pytest.fixture
def scenario(warehouse, tmp_path) -> Scenario:
    return Scenario(root=tmp_path / "project", warehouse=warehouse)


def test_re_entry_policies(scenario: Scenario) -> None:
    starter = {"plan": "starter"}
    scenario.objects = {
        "retry_always": job(starter, re_entry="always"),
        "retry_cooldown": job(starter, re_entry={"after": "3 days"}),
        "retry_never": job(starter),
    }
    scenario.load(organisations=[org("a")])
    # an episode that ends in an evaluation can be followed by a new one from the next
    for t in [T0, "2025-03-13 00:00:00", "2025-03-14 00:00:00", "2025-03-16 00:00:00"]:
        scenario.evaluate(t)
    entries = [
        (name, row[1], row[4])
        for name in scenario.objects
        for row in scenario.transitions(name)
        if row[2] == "entered"
    ]
    assert entries == [
        ("retry_always", 1, T0),
        ("retry_always", 2, "2025-03-14 00:00:00"),
        ("retry_cooldown", 1, T0),
        ("retry_cooldown", 2, "2025-03-16 00:00:00"),
        ("retry_never", 1, T0),
    ]


def test_paused_job_takes_no_one_new_but_members_still_complete(scenario: Scenario) -> None:
    scenario.objects = {"nudge": job({"plan": "starter"}, duration="10 days")}
    scenario.load(organisations=[org("a")])
    scenario.evaluate(T0)
    scenario.objects["nudge"]["status"] = "paused"
    scenario.load(
        organisations=[org("a"), org("b")],
        events=[event("e1", "upgraded", "2025-03-11 08:00:00", "a")],
    )
    scenario.evaluate("2025-03-12 00:00:00")
    assert scenario.transitions("nudge") == [
        ("a", 1, "entered", 0, T0, T0),
        ("a", 1, "completed", 0, "2025-03-11 08:00:00", "2025-03-12 00:00:00"),
    ]


def test_person_behaviour_ignores_events_before_go_live_and_completes_once(
    scenario: Scenario,
) -> None:
    scenario.objects = {
        "first_report": {
            "kind": "behaviour",
            "entity": "person",
            "completion": {"event": "report_viewed"},
        },
        "power_user": {
            "kind": "behaviour",
            "entity": "person",
            "entry": {"role": "admin"},
            "completion": {"event": "report_viewed", "at_least": 3},
        },
    }
    scenario.load(
        organisations=[org("a")],
        people=[person("ann", "a"), person("bob", "a")],
        events=[event("old", "report_viewed", "2025-03-01 00:00:00", "a", "ann")],
    )
    scenario.evaluate(T0)  # go-live: ann's old event must not count
    assert scenario.transitions("first_report") == []
    scenario.load(
        events=[
            event("old", "report_viewed", "2025-03-01 00:00:00", "a", "ann"),
            event("b1", "report_viewed", "2025-03-10 10:00:00", "a", "bob"),
            event("b1", "report_viewed", "2025-03-10 10:00:00", "a", "bob"),  # duplicate
            event("b2", "report_viewed", "2025-03-10 11:00:00", "a", "bob"),
            event("a1", "report_viewed", "2025-03-11 09:00:00", "a", "ann"),
            event("b3", "report_viewed", "2025-03-11 12:00:00", "a", "bob"),
            event("b4", "report_viewed", "2025-03-11 13:00:00", "a", "bob"),
        ]
    )
    scenario.evaluate("2025-03-12 00:00:00")
    scenario.evaluate("2025-03-13 00:00:00")
    e = "2025-03-12 00:00:00"
    assert scenario.transitions("first_report") == [
        ("bob", 1, "completed", 0, "2025-03-10 10:00:00", e),
        ("bob", 1, "entered", 0, "2025-03-10 10:00:00", e),
        ("ann", 1, "completed", 0, "2025-03-11 09:00:00", e),
        ("ann", 1, "entered", 0, "2025-03-11 09:00:00", e),
    ]
    # both are admins and enter at go-live; the third report after entry completes
    assert scenario.transitions("power_user") == [
        ("ann", 1, "entered", 0, T0, T0),
        ("bob", 1, "entered", 0, T0, T0),
        ("bob", 1, "completed", 0, "2025-03-11 12:00:00", e),
    ]


STAGE = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"plan": {"in": ["starter", "pro"]}},
    "exit": {"after": "14 days", "criteria": {"plan": "churned"}},
    "signals": {"min_completions": 2, "threshold": 2.0},
    "objectives": [
        {"name": "created_project", "completion": {"event": "project_created"}},
        {"name": "invited_teammate", "completion": {"event": "teammate_invited"}},
        {"name": "connected_bank", "completion": {"event": "bank_connected"}},
        {"name": "sent_invoice", "completion": {"event": "invoice_sent"}},
    ],
}


def test_stage_objectives_exits_and_signals(scenario: Scenario) -> None:
    scenario.objects = {"onboarding": STAGE}
    orgs = [org("done"), org("slow"), org("churn")]
    scenario.load(organisations=orgs)
    scenario.evaluate(T0)
    scenario.load(
        events=[
            event("d1", "project_created", "2025-03-11 00:00:00", "done"),
            event("d2", "teammate_invited", "2025-03-12 00:00:00", "done"),
            event("d3", "bank_connected", "2025-03-13 00:00:00", "done"),
            event("d4", "invoice_sent", "2025-03-15 00:00:00", "done"),
            event("s1", "project_created", "2025-03-11 00:00:00", "slow"),
            event("s2", "teammate_invited", "2025-03-16 00:00:00", "slow"),
        ]
    )
    scenario.evaluate("2025-03-17 00:00:00")
    # an evaluation sees churn past the invited_teammate threshold (ADR 005: Signals
    # are written only when an evaluation could see them)
    scenario.evaluate("2025-03-19 00:00:00")
    scenario.load(organisations=[org("done"), org("slow"), org("churn", plan="churned")])
    scenario.evaluate("2025-03-20 00:00:00")
    scenario.evaluate("2025-03-26 00:00:00")
    stage = scenario.transitions("onboarding")
    assert stage == [
        ("churn", 1, "entered", 0, T0, T0),
        ("done", 1, "entered", 0, T0, T0),
        ("slow", 1, "entered", 0, T0, T0),
        ("done", 1, "completed", 0, "2025-03-15 00:00:00", "2025-03-17 00:00:00"),
        ("churn", 1, "exited", 0, "2025-03-20 00:00:00", "2025-03-20 00:00:00"),
        ("slow", 1, "exited", 0, "2025-03-24 00:00:00", "2025-03-26 00:00:00"),
    ]
    connected = scenario.transitions("connected_bank")
    assert ("slow", 1, "exited", 0, "2025-03-24 00:00:00", "2025-03-26 00:00:00") in connected
    assert ("churn", 1, "exited", 0, "2025-03-20 00:00:00", "2025-03-20 00:00:00") in connected
    assert ("done", 1, "completed", 0, "2025-03-13 00:00:00", "2025-03-17 00:00:00") in connected
    # created_project: 2 completions after 1 day each -> flagged 2 days after entry
    assert scenario.transitions("slow_created_project") == [
        ("churn", 1, "signal_raised", 0, "2025-03-12 00:00:00", "2025-03-17 00:00:00"),
        ("churn", 1, "signal_resolved", 0, "2025-03-20 00:00:00", "2025-03-20 00:00:00"),
    ]
    exits = scenario.query(
        "select entity_id, object_name, exit_cause from {schema}.trig_episodes "
        "where status = 'exited' and object_kind = 'stage' order by entity_id"
    )
    assert [(r["entity_id"], r["exit_cause"]) for r in exits] == [
        ("churn", "criteria"),
        ("slow", "deadline"),
    ]
    bench = scenario.query(
        "select objective_name, completed, exited_incomplete, mean_days_to_complete "
        "from {schema}.trig_stage_benchmarks order by objective_name"
    )
    assert [
        (
            r["objective_name"],
            r["completed"],
            r["exited_incomplete"],
            float(r["mean_days_to_complete"]),
        )
        for r in bench
    ] == [
        ("connected_bank", 1, 2, 3.0),
        ("created_project", 2, 1, 1.0),
        ("invited_teammate", 2, 1, 4.0),
        ("sent_invoice", 1, 2, 5.0),
    ]
    signals = scenario.query(
        "select signal_name, entity_id, is_active, arr from {schema}.trig_signals order by 1"
    )
    # invited_teammate: benchmark (2 + 6 days) / 2 = 4 -> flagged after 8 days, before churning
    assert [
        (r["signal_name"], r["entity_id"], r["is_active"], float(r["arr"])) for r in signals
    ] == [
        ("slow_created_project", "churn", False, 1200.0),
        ("slow_invited_teammate", "churn", False, 1200.0),
    ]


def test_cohort_membership_follows_current_attributes(scenario: Scenario) -> None:
    scenario.objects = {
        "big_accounts": {
            "kind": "cohort",
            "entity": "organisation",
            "criteria": {"arr": {">=": 10000}},
        },
        "admins": {"kind": "cohort", "entity": "person", "criteria": {"role": "admin"}},
        "enterprise_push": job({"member_of": "big_accounts"}, duration="30 days"),
    }
    scenario.load(
        organisations=[org("a", arr=50000.0), org("b", arr=500.0)],
        people=[person("ann", "a"), {**person("bob", "b"), "role": "viewer"}],
    )
    scenario.evaluate(T0)
    assert scenario.query("select organisation_id from {schema}.big_accounts") == [
        {"organisation_id": "a"}
    ]
    assert scenario.query("select person_id from {schema}.admins") == [{"person_id": "ann"}]
    scenario.load(organisations=[org("a", arr=500.0), org("b", arr=20000.0)])
    scenario.evaluate("2025-03-11 00:00:00")
    assert scenario.query("select organisation_id from {schema}.big_accounts") == [
        {"organisation_id": "b"}
    ]
    assert [r[0] for r in scenario.transitions("enterprise_push") if r[2] == "entered"] == [
        "a",
        "b",
    ]


def test_mutual_exclusion_and_same_evaluation_references(scenario: Scenario) -> None:
    scenario.objects = {
        "job_b": job({"plan": "starter"}, exclusions=[{"currently_member_of_job_a": True}]),
        "job_a": job({"plan": "starter"}, exclusions=[{"currently_member_of_job_b": True}]),
        "sent_invoice": {
            "kind": "behaviour",
            "entity": "organisation",
            "completion": {"event": "invoice_sent"},
        },
        "celebrate": job({"last_completion_of_sent_invoice": {"has_any_value": True}}),
    }
    scenario.load(organisations=[org("a")])
    scenario.evaluate(T0)
    assert scenario.transitions("job_a") == [("a", 1, "entered", 0, T0, T0)]
    assert scenario.transitions("job_b") == []
    scenario.load(events=[event("e1", "invoice_sent", "2025-03-10 05:00:00", "a")])
    scenario.evaluate("2025-03-10 06:00:00")
    # celebrate reads sent_invoice's completion from this same evaluation
    assert scenario.transitions("celebrate") == [
        ("a", 1, "entered", 0, "2025-03-10 06:00:00", "2025-03-10 06:00:00")
    ]


def test_routes_and_attribute_write_backs_feed_the_next_evaluation(scenario: Scenario) -> None:
    scenario.objects = {
        "nudge": job(
            {"plan": "starter"},
            on_exit=[{"route_to": "stalled"}],
            on_completion=[{"set_attribute": {"completed_onboarding_job": True}}],
        ),
        "stalled": job({"plan": "enterprise"}, duration="5 days"),
        "upsell": job({"completed_onboarding_job": True}, duration="5 days"),
    }
    scenario.load(organisations=[org("a"), org("b")])
    scenario.evaluate(T0)
    scenario.load(events=[event("e1", "upgraded", "2025-03-11 00:00:00", "b")])
    scenario.evaluate("2025-03-13 00:00:00")
    actions = scenario.query(
        "select entity_id, action_type, recipient, occurred_at from {schema}.trig_pending_actions "
        "where transition_type <> 'entered' order by entity_id"
    )
    assert [(r["entity_id"], r["action_type"], r["recipient"]) for r in actions] == [
        ("a", "route_to", "stalled"),
        ("b", "set_attribute", "completed_onboarding_job"),
    ]
    # what the runner writes after delivering those two actions
    scenario.warehouse.execute(
        [
            f"insert into {scenario.warehouse.target_schema}.trig_routes values "
            "('x1', 'organisation', 'a', 'stalled', timestamp '2025-03-12 00:00:00', "
            "timestamp '2025-03-13 00:05:00')",
            f"insert into {scenario.warehouse.target_schema}.trig_attribute_writes values "
            "('x2', 'organisation', 'b', 'completed_onboarding_job', 'true', "
            "timestamp '2025-03-11 00:00:00', timestamp '2025-03-13 00:05:00')",
        ]
    )
    scenario.evaluate("2025-03-14 00:00:00")
    assert scenario.transitions("stalled") == [
        ("a", 1, "entered", 0, "2025-03-14 00:00:00", "2025-03-14 00:00:00")
    ]
    assert [r[0] for r in scenario.transitions("upsell")] == ["b"]


def test_event_counts_restart_after_each_episode(scenario: Scenario) -> None:
    scenario.objects = {
        "active_again": job({"event": "login", "at_least": 2}, duration="1 day", re_entry="always")
    }
    scenario.load(organisations=[org("a")])
    scenario.evaluate(T0)
    logins = [
        ("l1", "2025-03-10 01:00:00"),
        ("l2", "2025-03-10 02:00:00"),
        ("l3", "2025-03-11 05:00:00"),  # after the first episode ended (03-11 02:00)
    ]
    scenario.load(events=[event(i, "login", at, "a") for i, at in logins])
    scenario.evaluate("2025-03-10 03:00:00")
    scenario.evaluate("2025-03-12 00:00:00")
    scenario.evaluate("2025-03-13 00:00:00")  # one login since the exit: not yet
    logins.append(("l4", "2025-03-13 01:00:00"))
    scenario.load(events=[event(i, "login", at, "a") for i, at in logins])
    scenario.evaluate("2025-03-14 00:00:00")
    assert [(r[0], r[1], r[2], r[4]) for r in scenario.transitions("active_again")] == [
        ("a", 1, "entered", "2025-03-10 02:00:00"),
        ("a", 1, "exited", "2025-03-11 02:00:00"),
        ("a", 2, "entered", "2025-03-13 01:00:00"),
    ]
    progress = scenario.query(
        "select event_count, anchor_at from {schema}.int_trig__event_progress "
        "where leaf_key like 'active_again:entry:%'"
    )
    assert [(r["event_count"], str(r["anchor_at"])[:19]) for r in progress] == [
        (2, "2025-03-11 02:00:00")
    ]


def test_windowed_event_goal_is_stamped_with_the_event_that_reached_it(
    scenario: Scenario,
) -> None:
    scenario.objects = {
        "invoicing_habit": {
            "kind": "behaviour",
            "entity": "organisation",
            "completion": {"event": "invoice_sent", "at_least": 2, "within_last": "7 days"},
        }
    }
    scenario.load(organisations=[org("a"), org("b")])
    scenario.evaluate(T0)
    scenario.load(
        events=[
            event("a1", "invoice_sent", "2025-03-11 10:00:00", "a"),
            event("a2", "invoice_sent", "2025-03-12 10:00:00", "a"),
            event("b1", "invoice_sent", "2025-03-11 10:00:00", "b"),
        ]
    )
    scenario.evaluate("2025-03-13 00:00:00")
    assert scenario.transitions("invoicing_habit") == [
        ("a", 1, "completed", 0, "2025-03-12 10:00:00", "2025-03-13 00:00:00"),
        ("a", 1, "entered", 0, "2025-03-12 10:00:00", "2025-03-13 00:00:00"),
    ]
