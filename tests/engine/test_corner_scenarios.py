"""The corners of the evaluation semantics (issue 8): late-found entries, windowed event
conditions, pause, cool-down re-entry and the Signal history, each walked through time
with the example of the issue and its exact timestamps."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario, failure_text
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow


def day(d: int, clock: str = "00:00:00") -> str:
    return f"2026-01-{d:02d} {clock}"


def job(audience: dict, goal: dict, duration: str, **settings: object) -> dict:
    spec = {
        "kind": "job",
        "entity": "organisation",
        "audience": audience,
        "goal": goal,
        "duration": duration,
    }
    spec.update(settings)
    return spec


@pytest.fixture
def scenario(warehouse, tmp_path) -> Scenario:
    return Scenario(root=tmp_path / "project", warehouse=warehouse)


def test_late_found_entry_counts_the_goal_events_since_its_stamp(scenario: Scenario) -> None:
    # the organisation reaches the inputs (a lagging CRM sync) after its person's events
    scenario.objects = {
        "team_branding": job(
            {"event": "teammate_invited", "at_least": 1},
            {"event": "branding_set", "at_least": 1},
            "10 days",
            follow_ups=[{"after": "1 day", "email": {"subject": "Re: hi", "body": "Hi"}}],
        )
    }
    events = [
        event("i1", "teammate_invited", day(3, "04:48:00"), "acme", "ann"),
        event("b1", "branding_set", day(4, "07:12:00"), "acme", "ann"),
    ]
    scenario.load(organisations=[org("other")], events=events)
    for d in range(1, 6):
        scenario.evaluate(day(d))
    scenario.load(organisations=[org("other"), org("acme")], people=[person("ann", "acme")])
    scenario.evaluate(day(6))
    scenario.evaluate(day(14))
    assert scenario.transitions("team_branding") == [
        ("acme", 1, "entered", 0, day(3, "04:48:00"), day(6)),
        ("acme", 1, "follow_up_due", 1, day(4, "04:48:00"), day(6)),
        ("acme", 1, "completed", 0, day(4, "07:12:00"), day(6)),
    ]
    (attrs,) = scenario.query(
        "select last_completion_of_team_branding as done "
        "from {schema}.trig_organisation_attributes where organisation_id = 'acme'"
    )
    assert str(attrs["done"])[:19] == day(4, "07:12:00")


def test_positive_window_met_between_two_runs_enters_at_the_completing_event(
    scenario: Scenario,
) -> None:
    scenario.objects = {
        "busy": job(
            {"event": "report_viewed", "at_least": 2, "within_last": "2 days"},
            {"event": "upgrade"},
            "10 days",
        )
    }
    scenario.load(
        organisations=[org("a")],
        events=[
            event("r1", "report_viewed", day(10, "21:05:00"), "a"),
            event("r2", "report_viewed", day(11, "00:32:00"), "a"),
        ],
    )
    # runs every two days: neither run's window holds both views
    for d in (9, 11, 13):
        scenario.evaluate(day(d))
    assert scenario.transitions("busy") == [("a", 1, "entered", 0, day(11, "00:32:00"), day(13))]


def test_positive_windows_are_forward_only_and_stamped_with_the_completing_event(
    scenario: Scenario,
) -> None:
    streak = {"event": "login", "at_least": 2, "within_last": "3 days"}
    scenario.objects = {
        "habit": job({"plan": "starter"}, streak, "10 days"),
        "streak": {"kind": "behaviour", "entity": "organisation", "completion": streak},
    }
    scenario.load(
        organisations=[org("a"), org("b")],
        events=[
            event("a1", "login", day(6, "18:31:00"), "a"),
            event("a2", "login", day(8, "07:34:00"), "a"),
            event("a3", "login", day(8, "10:40:00"), "a"),
            # b: one login before go-live and entry, one after, a third too late
            event("b1", "login", day(4, "12:00:00"), "b"),
            event("b2", "login", day(5, "12:00:00"), "b"),
            event("b3", "login", day(8, "20:00:00"), "b"),
        ],
    )
    for d in (5, 6, 9):
        scenario.evaluate(day(d))
    assert scenario.transitions("habit") == [
        ("a", 1, "entered", 0, day(5), day(5)),
        ("b", 1, "entered", 0, day(5), day(5)),
        ("a", 1, "completed", 0, day(8, "07:34:00"), day(9)),
    ]
    assert scenario.transitions("streak") == [
        ("a", 1, "completed", 0, day(8, "07:34:00"), day(9)),
        ("a", 1, "entered", 0, day(8, "07:34:00"), day(9)),
    ]


def test_absence_window_still_looks_before_t_including_before_go_live(
    scenario: Scenario,
) -> None:
    scenario.objects = {
        "quiet": job(
            {"event": "login", "at_most": 0, "within_last": "3 days"},
            {"event": "upgrade"},
            "10 days",
        )
    }
    scenario.load(
        organisations=[org("a"), org("b")],
        events=[event("a1", "login", day(4, "12:00:00"), "a")],
    )
    scenario.evaluate(day(5))
    scenario.evaluate(day(8))
    assert scenario.transitions("quiet") == [
        ("b", 1, "entered", 0, day(5), day(5)),
        ("a", 1, "entered", 0, day(8), day(8)),
    ]


def test_resuming_a_paused_job_ignores_the_events_of_the_pause(scenario: Scenario) -> None:
    spec = job({"event": "report_viewed"}, {"event": "upgrade"}, "10 days")
    scenario.objects = {"nudge": spec}
    scenario.load(
        organisations=[org("a"), org("b"), org("c")],
        events=[
            event("a1", "report_viewed", day(1, "06:00:00"), "a"),
            event("a2", "upgrade", day(2, "18:00:00"), "a"),
            event("b1", "report_viewed", day(2, "12:00:00"), "b"),
            event("c1", "report_viewed", day(4, "06:00:00"), "c"),
        ],
    )
    scenario.evaluate(day(1))
    scenario.evaluate(day(2))
    spec["status"] = "paused"
    scenario.evaluate(day(3))
    spec["status"] = "live"
    scenario.evaluate(day(4))
    scenario.evaluate(day(5))
    assert scenario.transitions("nudge") == [
        ("a", 1, "entered", 0, day(1, "06:00:00"), day(2)),
        ("a", 1, "completed", 0, day(2, "18:00:00"), day(3)),
        ("c", 1, "entered", 0, day(4, "06:00:00"), day(5)),
    ]


def test_cool_down_events_neither_enter_nor_block_a_later_entry(scenario: Scenario) -> None:
    scenario.objects = {
        "reports": job(
            {"event": "report_viewed", "at_least": 1},
            {"event": "upgrade"},
            "2 days",
            re_entry={"after": "3 days"},
        )
    }
    scenario.load(
        organisations=[org("a")],
        events=[
            event("v1", "report_viewed", day(1, "12:00:00"), "a"),
            event("v2", "report_viewed", day(4, "12:00:00"), "a"),  # inside the cool-down
            event("v3", "report_viewed", day(8, "12:00:00"), "a"),
        ],
    )
    # the first evaluation, each day a transition is due, the day after v2 (inside the
    # cool-down) and the first day after the cool-down (v2 must not enter late)
    for d in (1, 2, 4, 5, 7, 9, 11):
        scenario.evaluate(day(d))
    assert scenario.transitions("reports") == [
        ("a", 1, "entered", 0, day(1, "12:00:00"), day(2)),
        ("a", 1, "exited", 0, day(3, "12:00:00"), day(4)),
        ("a", 2, "entered", 0, day(8, "12:00:00"), day(9)),
        ("a", 2, "exited", 0, day(10, "12:00:00"), day(11)),
    ]


def stage(prefix: str, exit_after: str) -> dict:
    return {
        "kind": "stage",
        "entity": "organisation",
        "entry": {"event": "signed_up"},
        "exit": {"after": exit_after},
        "signals": {"min_completions": 3, "threshold": 1.0},
        "objectives": [
            {"name": f"{prefix}_{name}", "completion": {"event": name}}
            for name in ("project_created", "teammate_invited", "bank_connected", "invoice_sent")
        ],
    }


def test_signal_history_holds_only_what_an_evaluation_could_see(scenario: Scenario) -> None:
    # A and C complete slowly before any benchmark exists; B's quick third completion
    # makes it exist at T = 01-05; D never completes
    scenario.objects = {
        "onboarding": stage("long", "14 days"),
        "short_onboarding": stage("short", "30 hours"),
    }
    signups = {"a": day(1, "12:00:00"), "c": day(2, "20:00:00"), "b": day(4, "01:00:00")}
    signups["d"] = day(1, "12:00:00")
    completions = {"a": day(2, "12:00:00"), "c": day(3, "20:00:00"), "b": day(4, "02:00:00")}
    scenario.load(
        organisations=[org(o) for o in "abcd"],
        events=[event(f"s{o}", "signed_up", at, o) for o, at in signups.items()]
        + [event(f"p{o}", "project_created", at, o) for o, at in completions.items()],
    )
    for d in range(1, 6):
        scenario.evaluate(day(d))
    # benchmark: (24h + 24h + 1h) / 3 = 16h20m after stage entry
    assert scenario.transitions("slow_long_project_created") == [
        ("d", 1, "signal_raised", 0, day(2, "04:20:00"), day(5)),
    ]
    # the short stage's episodes had all ended when its benchmark appeared: D's Signal
    # was never visible at an evaluation, so none is written
    assert scenario.transitions("short_onboarding") != []
    assert scenario.transitions("slow_short_project_created") == []


@pytest.mark.postgres
def test_postgres_rebuilds_with_several_threads_never_deadlock(postgres_dsn, tmp_path) -> None:
    # the customer's inputs are views, replaced by every build while other threads
    # replace the package's staging views (integration_tests is set up like this)
    from tests.engine.harness import PostgresWarehouse

    warehouse = PostgresWarehouse(postgres_dsn)
    try:
        scenario = Scenario(root=tmp_path / "project", warehouse=warehouse, threads=4)
        scenario.objects = {
            "nudge": job({"event": "report_viewed"}, {"event": "upgrade"}, "2 days"),
            "onboarding": stage("ob", "14 days"),
        }
        scenario.load(
            organisations=[org("a"), org("b")],
            people=[person("ann", "a"), person("bob", "b")],
            events=[event("v1", "report_viewed", day(1, "06:00:00"), "a", "ann")],
        )
        for d in range(1, 4):
            scenario.evaluate(day(d))
        timing = "select '{schema}.trig_job_completion_timing'::regclass::oid as oid"
        before = scenario.query(timing)
        # a view over several inputs is dropped at run start and re-created after them
        # (ADR 007), so the inputs' cascades cannot meet in it
        result = scenario.dbt("run", "--select", "trig_job_completion_timing")
        assert result.success, failure_text(result)
        assert scenario.query(timing) != before
        for _ in range(20):  # each run races 4 threads replacing views
            result = scenario.dbt(
                "run", "--select", "path:models/inputs", "trig.staging", "trig_quarantine"
            )
            assert result.success, failure_text(result)
        assert scenario.transitions("nudge")[0] == (
            "a",
            1,
            "entered",
            0,
            day(1, "06:00:00"),
            day(2),
        )
        scenario.evaluate(day(4))  # the next build creates the dropped view again
        arms = scenario.query("select arm from {schema}.trig_job_completion_timing")
        assert {r["arm"] for r in arms} == {"treated", "held_out"}
    finally:
        warehouse.close()
