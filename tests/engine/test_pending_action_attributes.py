"""Pending actions carry the generated lifecycle attributes the wide views show.

trig_pending_actions pivots only the generated attributes a message names, for the
organisations concerned (issue 9), instead of reading the wide views that pivot every
entity. A webhook without a payload names every attribute, so its message must equal
the entity's row of the wide view, generated columns, aliases and non-members included.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

HOOK = [{"webhook": {"url": "https://hooks.vendor.test/trig"}}]
THANKS = {"email": {"subject": "Thanks", "body": "Hi {first_name}"}}
def behaviour(entity: str, event_name: str, actions: list[dict] | None = None) -> dict:
    """A behaviour completed by one event, with its completion actions."""
    return {"kind": "behaviour", "entity": entity, "completion": {"event": event_name},
            **({"on_completion": actions} if actions else {})}


GENERATED = ("currently_member_of_", "last_entry_to_", "last_exit_from_",
             "last_completion_of_", "last_entered_", "last_exited_", "last_completed_")


def comparable(value: Any) -> Any:
    """One form for a wide view's value and its JSON copy (dates and timestamps are
    text in JSON, and the text differs by warehouse: '2025-03-12 10:00:00' on DuckDB,
    '2025-03-12T10:00:00' on PostgreSQL)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace(" ", "T")).replace(tzinfo=None)
        except ValueError:
            return value
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return float(value)
    return value


def test_webhook_attributes_equal_the_wide_views(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {
        "invoicing": behaviour("organisation", "invoice_sent", HOOK),
        "reporter": behaviour("person", "report_viewed", [*HOOK, THANKS]),
        "onboarding": {"kind": "job", "entity": "organisation", "audience": {"plan": "starter"},
                       "goal": {"event": "report_viewed"}},
    }
    s.load(
        organisations=[org("a"), org("b", plan="pro"), org("c")],
        people=[person("ann", "a"), person("bob", "b"), person("cat", "c")],
        events=[
            event("e1", "invoice_sent", "2025-03-10 10:00:00", "a", "ann"),
            event("e2", "report_viewed", "2025-03-11 10:00:00", "b", "bob"),
            event("e3", "report_viewed", "2025-03-11 11:00:00", "a", "ann"),
            event("e4", "invoice_sent", "2025-03-11 12:00:00", "c", "cat"),
        ],
    )
    s.evaluate("2025-03-09 09:00:00")
    s.evaluate("2025-03-12 09:00:00")
    actions = s.query(
        "select object_name, entity_type, entity_id, message_attributes "
        "from {schema}.trig_pending_actions where action_type = 'webhook' "
        "order by object_name, entity_id")
    assert [(a["object_name"], a["entity_id"]) for a in actions] == [
        ("invoicing", "a"), ("invoicing", "c"), ("reporter", "ann"), ("reporter", "bob")]
    views = {
        "organisation": {r["organisation_id"]: r for r in s.query(
            "select * from {schema}.trig_organisation_attributes")},
        "person": {r["person_id"]: r for r in s.query(
            "select * from {schema}.trig_person_attributes")},
    }
    seen: set[str] = set()
    for action in actions:
        message = json.loads(action["message_attributes"])
        row = views[action["entity_type"]][action["entity_id"]]
        generated = {k for k in row if k.startswith(GENERATED)}
        assert generated <= set(message), generated - set(message)
        assert {k: comparable(v) for k, v in message.items()} == \
            {k: comparable(row[k]) for k in message}
        seen |= {k for k in generated if message[k] not in (None, False)}
    # the comparison covers real values: the person's own object, its organisation's
    # objects and their aliases, not only nulls and non-members
    assert {"currently_member_of_onboarding", "last_completion_of_reporter",
            "last_completed_invoicing", "last_entry_to_onboarding"} <= seen
    non_member = views["person"]["bob"]
    assert non_member["currently_member_of_onboarding"] is False


def test_an_email_to_a_person_object_goes_to_that_person(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {
        "reporter": behaviour("person", "report_viewed", [THANKS]),
    }
    s.load(
        organisations=[org("a"), org("b")],
        people=[person("ann", "a"), person("amy", "a"), person("bob", "b")],
        events=[event("e1", "report_viewed", "2025-03-11 10:00:00", "a", "ann"),
                event("e2", "report_viewed", "2025-03-11 11:00:00", "b", "bob")],
    )
    s.evaluate("2025-03-09 09:00:00")
    s.evaluate("2025-03-12 09:00:00")
    rows = s.query("select entity_id, person_id, recipient, message_attributes "
                   "from {schema}.trig_pending_actions order by entity_id")
    assert [(r["entity_id"], r["person_id"], r["recipient"]) for r in rows] == [
        ("ann", "ann", "ann@a.test"), ("bob", "bob", "bob@b.test")]
    assert [json.loads(r["message_attributes"])["first_name"] for r in rows] == ["Ann", "Bob"]


def test_a_person_who_moved_keeps_their_attributes(warehouse, tmp_path) -> None:
    # ann completes "reporter" in organisation a, then moves to b; b's new transition
    # sends a webhook whose row must still show ann's own lifecycle attributes (her
    # "reporter" row keeps organisation a; reporter's own webhook makes the later
    # evaluation read only its new transitions, all of organisation b)
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {
        "reporter": behaviour("person", "report_viewed", HOOK),
        "invoicing": behaviour("person", "invoice_sent", HOOK),
    }
    events = [event("e1", "report_viewed", "2025-03-10 10:00:00", "a", "ann")]
    s.load(organisations=[org("a"), org("b")], people=[person("ann", "a")], events=events)
    s.evaluate("2025-03-09 09:00:00")
    s.evaluate("2025-03-11 09:00:00")
    s.load(people=[person("ann", "b")],
           events=[*events, event("e2", "invoice_sent", "2025-03-11 10:00:00", "b", "ann")])
    s.evaluate("2025-03-12 09:00:00")
    rows = s.query("select message_attributes from {schema}.trig_pending_actions "
                   "where object_name = 'invoicing'")
    assert len(rows) == 1
    message = json.loads(rows[0]["message_attributes"])
    assert message["organisation_id"] == "b"
    assert comparable(message["last_completion_of_reporter"]) == datetime(2025, 3, 10, 10)
