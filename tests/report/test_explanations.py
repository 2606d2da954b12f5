"""trig_entry_explanations: each entry keeps the attribute values and event counts that
satisfied its audience, appended once per entry, on DuckDB and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person
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


REGULAR = {
    "kind": "job",
    "entity": "organisation",
    "audience": {"any": [{"event": "login", "at_least": 2},
                         {"event": "report_viewed", "at_least": 1, "within_last": "1 day"}]},
    "goal": {"event": "upgrade"},
    "duration": "2 days",
    "re_entry": {"after": "1 day"},
    "live_from": "2025-02-20",
}

LOGINS = [
    # episode 1: the second login enters (day 1, 11:00); it exits at its deadline (day 3)
    ("l1", "2025-03-01 10:00:00"), ("l2", "2025-03-01 11:00:00"),
    ("l3", "2025-03-02 10:00:00"),  # during the episode: counts towards nothing
    # the cool-down ends on day 4 at 11:00: this login does not count
    ("l4", "2025-03-04 09:00:00"),
    # episode 2 is entered by a report (day 6, 09:00) after one login since the cool-down;
    # two more logins that day come after the entry
    ("l5", "2025-03-05 10:00:00"), ("l6", "2025-03-06 10:00:00"), ("l7", "2025-03-06 20:00:00"),
]


# an objective's entry events count from go-live (its anchor is its stage's episode, which
# the running counts do not hold): read from the history
TRIAL = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"event": "login"},
    "objectives": [{"name": "engaged", "entry": {"event": "login", "at_least": 3},
                    "completion": {"event": "upgrade"}}]
    + [{"name": f"step_{n}", "completion": {"event": f"step_{n}"}} for n in (1, 2, 3)],
    "live_from": "2025-02-20",
}


def regular_counts(warehouse, root, days: list[str]) -> dict[object, dict]:
    s = Scenario(root=root, warehouse=warehouse)
    s.objects = {"regular": REGULAR, "trial": TRIAL}
    events = [event(i, "login", at, "a", "ann") for i, at in LOGINS]
    # a connector delivered one login twice: the engine counts it once, and so does this
    events.append(dict(events[-2]))
    # the person's event carries no organisation: it is the person's organisation's
    events.append({**event("r1", "report_viewed", "2025-03-06 09:00:00", "a", "ann"),
                   "organisation_id": None})
    s.load(organisations=[org("a")], people=[person("ann", "a")], events=events)
    for t in days:
        s.evaluate(t)
    rows = s.query(
        "select object_name, episode_number, entered_at, event_counts "
        "from {schema}.trig_entry_explanations where object_name in ('regular', 'engaged')"
    )
    return {r["episode_number"] if r["object_name"] == "regular" else r["object_name"]:
            {"at": str(r["entered_at"])[:19], **json.loads(r["event_counts"])} for r in rows}


def test_event_counts_start_where_the_engine_started_counting(warehouse, tmp_path):
    """A re-entry counts the events since the previous episode ended plus the cool-down,
    not since go-live: what the audience counted. Found day by day (each count is the
    engine's running count less the logins after the entry) or in one full build (the
    first episode's from the history, the second's from the recent events), the counts
    are the same."""
    daily = regular_counts(warehouse, tmp_path / "daily",
                           [f"2025-03-{d:02d} 00:00:00" for d in range(1, 8)])
    expected = {
        1: {"at": "2025-03-01 11:00:00", "events_login": 2, "events_report_viewed_within_1d": 0},
        2: {"at": "2025-03-06 09:00:00", "events_login": 1, "events_report_viewed_within_1d": 1},
        "engaged": {"at": "2025-03-04 09:00:00", "events_login": 4},
    }
    assert daily == expected
    assert regular_counts(warehouse, tmp_path / "once", ["2025-03-07 00:00:00"]) == expected


# jobs whose audiences name generated lifecycle attributes: an organisation's own, and a
# person's organisation's (the person rows carry their organisation's)
IN_ONBOARDING = {
    "kind": "job",
    "entity": "organisation",
    "audience": {"all": [{"currently_member_of_onboarding": True},
                         {"last_entry_to_onboarding": {"more_than": "1 hour ago"}}]},
    "goal": {"event": "invoice_sent"},
    "duration": "10 days",
}
COLLEAGUE_IN_ONBOARDING = {
    "kind": "job",
    "entity": "person",
    "audience": {"currently_member_of_onboarding": True},
    "goal": {"event": "invoice_sent"},
    "duration": "10 days",
}


def test_generated_attributes_are_recorded_as_the_wide_views_hold_them(warehouse, tmp_path):
    """The explanations pivot only the entered entities' generated attributes that the
    audiences name (not the wide views): the values must be the wide views' own."""
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {"onboarding": ONBOARDING, "in_onboarding": IN_ONBOARDING,
                 "colleague_in_onboarding": COLLEAGUE_IN_ONBOARDING}
    s.load(organisations=[org("a"), org("b")],
           people=[person("ann", "a"), person("bob", "b")],
           events=[event("s_a", "signed_up", "2025-03-01 10:00:00", "a")])
    s.evaluate("2025-03-02 00:00:00")
    s.evaluate("2025-03-03 00:00:00")
    own = explanations(s, "in_onboarding")
    theirs = explanations(s, "colleague_in_onboarding")
    assert sorted(own) == ["a"] and sorted(theirs) == ["ann"]
    recorded = json.loads(own["a"]["attribute_values"])
    wide = s.query("select currently_member_of_onboarding, last_entry_to_onboarding "
                   "from {schema}.trig_organisation_attributes where organisation_id = 'a'")[0]
    assert recorded["currently_member_of_onboarding"] is True is bool(
        wide["currently_member_of_onboarding"])
    assert str(recorded["last_entry_to_onboarding"])[:19].replace("T", " ") == \
        str(wide["last_entry_to_onboarding"])[:19] == "2025-03-01 10:00:00"
    assert json.loads(theirs["ann"]["attribute_values"]) == {"currently_member_of_onboarding": True}
