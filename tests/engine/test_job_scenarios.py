"""A job walked through time: entries, follow-ups, goals before and after the deadline."""

from __future__ import annotations

from datetime import date

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

T0 = "2025-03-10 09:00:00"


NUDGE = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent", "at_least": 1},
    "audience": {
        "all": [
            {"sign_up_date": {"more_than": "1 day ago"}},
            {"sign_up_date": {"less_than": "7 days ago"}},
            {"invoices_created": 0},
        ]
    },
    "duration": "10 days",
    "follow_ups": [
        {"after": "3 days", "email": {"subject": "Re: first invoice", "body": "Hi {first_name}"}},
        {"after": "7 days", "email": {"subject": "Re: first invoice", "body": "Last note"}},
    ],
    "on_entry": [
        {
            "email": {
                "from": "Lee <lee@vendor.test>",
                "subject": "First invoice",
                "body": "Hi {first_name}",
            }
        }
    ],
    "on_completion": [{"slack": {"channel": "#wins", "text": "{organisation_name} sent one"}}],
}


@pytest.fixture
def scenario(warehouse, tmp_path) -> Scenario:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {"onboarding_nudge": NUDGE}
    s.load(
        organisations=[
            org("fast"),
            org("late"),
            org("slow"),
            org("tooold", sign_up_date=date(2025, 2, 1)),
            org("hasinvoices", invoices_created=3),
        ],
        people=[person("ann", "fast"), person("bob", "late"), person("cat", "slow")],
    )
    return s


def test_goal_deadline_and_follow_ups_are_stamped_with_their_own_times(scenario: Scenario) -> None:
    scenario.evaluate(T0)
    assert scenario.transitions("onboarding_nudge") == [
        ("fast", 1, "entered", 0, T0, T0),
        ("late", 1, "entered", 0, T0, T0),
        ("slow", 1, "entered", 0, T0, T0),
    ]
    # an invoice before go-live would not count; these happen after entry
    scenario.load(
        events=[
            event("e1", "invoice_sent", "2025-03-15 10:00:00", "slow", "cat"),  # day 5
            event("e2", "invoice_sent", "2025-03-18 12:00:00", "fast", "ann"),  # day 8
            event("e3", "invoice_sent", "2025-03-21 12:00:00", "late", "bob"),  # day 11: too late
            event("e4", "login", "2025-03-11 12:00:00", "late", "bob"),
        ]
    )
    scenario.evaluate("2025-03-14 09:00:00")  # day 4: first follow-up is due for all three
    scenario.evaluate("2025-03-23 09:00:00")  # day 13: everything else, detected late
    assert scenario.transitions("onboarding_nudge")[3:] == [
        ("fast", 1, "follow_up_due", 1, "2025-03-13 09:00:00", "2025-03-14 09:00:00"),
        ("late", 1, "follow_up_due", 1, "2025-03-13 09:00:00", "2025-03-14 09:00:00"),
        ("slow", 1, "follow_up_due", 1, "2025-03-13 09:00:00", "2025-03-14 09:00:00"),
        ("slow", 1, "completed", 0, "2025-03-15 10:00:00", "2025-03-23 09:00:00"),
        ("fast", 1, "follow_up_due", 2, "2025-03-17 09:00:00", "2025-03-23 09:00:00"),
        ("late", 1, "follow_up_due", 2, "2025-03-17 09:00:00", "2025-03-23 09:00:00"),
        ("fast", 1, "completed", 0, "2025-03-18 12:00:00", "2025-03-23 09:00:00"),
        ("late", 1, "exited", 0, "2025-03-20 09:00:00", "2025-03-23 09:00:00"),
    ]
    (metrics,) = scenario.query(
        "select entered, completed, exited, active, completion_rate, completed_after_follow_up_1, "
        "completed_after_follow_up_2_or_later from {schema}.trig_job_metrics"
    )
    assert (metrics["entered"], metrics["completed"], metrics["exited"], metrics["active"]) == (
        3,
        2,
        1,
        0,
    )
    assert abs(float(metrics["completion_rate"]) - 2 / 3) < 1e-9
    assert metrics["completed_after_follow_up_1"] == 1  # slow: after the day-3 note
    assert metrics["completed_after_follow_up_2_or_later"] == 1  # fast: after the day-7 note


def test_generated_attributes_and_audience_view(scenario: Scenario) -> None:
    scenario.evaluate(T0)
    scenario.load(events=[event("e1", "invoice_sent", "2025-03-12 10:00:00", "fast", "ann")])
    scenario.evaluate("2025-03-13 00:00:00")
    rows = scenario.query(
        "select organisation_id, currently_member_of_onboarding_nudge as member, "
        "last_entry_to_onboarding_nudge as entered, "
        "last_completion_of_onboarding_nudge as completed, "
        "last_completed_onboarding_nudge as completed_alias "
        "from {schema}.trig_organisation_attributes order by organisation_id"
    )
    by_id = {r["organisation_id"]: r for r in rows}
    assert by_id["fast"]["member"] is False
    assert str(by_id["fast"]["completed"])[:19] == "2025-03-12 10:00:00"
    assert by_id["fast"]["completed_alias"] == by_id["fast"]["completed"]
    assert by_id["late"]["member"] is True and by_id["late"]["completed"] is None
    assert by_id["tooold"]["member"] is False and by_id["tooold"]["entered"] is None
    members = scenario.query("select organisation_id from {schema}.onboarding_nudge order by 1")
    assert [m["organisation_id"] for m in members] == ["late", "slow"]


def test_pending_actions_carry_recipients_threads_and_attributes(scenario: Scenario) -> None:
    scenario.evaluate(T0)
    scenario.evaluate("2025-03-14 09:00:00")
    rows = scenario.query(
        "select action_id, transition_type, step, action_type, recipient, person_id, thread_key, "
        "message_attributes from {schema}.trig_pending_actions where entity_id = 'late' "
        "order by occurred_at, step"
    )
    assert [(r["transition_type"], r["step"], r["recipient"], r["person_id"]) for r in rows] == [
        ("entered", 0, "bob@late.test", "bob"),
        ("follow_up_due", 1, "bob@late.test", "bob"),
    ]
    assert rows[0]["thread_key"] == rows[1]["thread_key"]
    configs = scenario.query(
        "select step, action_config from {schema}.trig_pending_actions "
        "where entity_id = 'late' order by step"
    )
    # the follow-up replies in the entry email's thread, from the same sender
    assert '"from": "Lee <lee@vendor.test>"' in configs[1]["action_config"]
    assert '"in_reply_to_entry": true' in configs[1]["action_config"]
    assert len({r["action_id"] for r in rows}) == 2
    assert '"first_name":"Bob"' in rows[0]["message_attributes"].replace(": ", ":")


def test_same_time_twice_changes_nothing_and_older_time_is_refused(scenario: Scenario) -> None:
    scenario.evaluate(T0)
    before = scenario.transitions()
    actions_before = scenario.query("select count(*) as n from {schema}.trig_pending_actions")
    scenario.evaluate(T0)
    assert scenario.transitions() == before
    assert (
        scenario.query("select count(*) as n from {schema}.trig_pending_actions") == actions_before
    )
    message = scenario.evaluate_expecting_error("2025-03-01 00:00:00")
    assert "older than the last evaluation" in message
    assert "--full-refresh" in message
