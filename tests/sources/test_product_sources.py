"""Pendo, Mixpanel and Amplitude: aggregates, time zones, duplicates, groups, late events."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.sources.conftest import SourceProject
from tests.sources.raw import land

pytestmark = pytest.mark.slow

T0 = "2025-03-09 00:00:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def land_pendo(wh: object) -> None:
    land(
        wh,
        "pendo",
        "account_history",
        [
            {"id": "acc1", "last_updated_at": at("2025-01-01 00:00:00"), "agent_name": "Old Acme"},
            {
                "id": "acc1",
                "last_updated_at": at("2025-02-01 00:00:00"),
                "agent_name": "Acme",
                "agent_plan": "pro",
            },
            {"id": "acc2", "last_updated_at": at("2025-02-01 00:00:00"), "agent_name": "Beta"},
        ],
    )
    land(
        wh,
        "pendo",
        "visitor_history",
        [
            {
                "id": "v1",
                "last_updated_at": at("2025-02-01 00:00:00"),
                "account_id": "acc1",
                "agent_email": "Ann@Acme.io",
            },
            {
                "id": "v2",
                "last_updated_at": at("2025-02-01 00:00:00"),
                "account_id": "acc2",
                "agent_email": "bob@beta.io",
            },
            {"id": "v3", "last_updated_at": at("2025-02-01 00:00:00"), "account_id": "acc1"},
        ],
    )
    land(
        wh,
        "pendo",
        "visitor_account_history",
        [
            {
                "visitor_id": "v1",
                "account_id": "acc1",
                "last_updated_at": at("2025-01-01 00:00:00"),
            },
            {
                "visitor_id": "v1",
                "account_id": "acc2",
                "last_updated_at": at("2025-02-15 00:00:00"),
            },
        ],
    )
    land(
        wh,
        "pendo",
        "feature_history",
        [
            {"id": "f1", "last_updated_at": at("2025-01-01 00:00:00"), "name": "Invoice button"},
            {"id": "f1", "last_updated_at": at("2025-02-01 00:00:00"), "name": "Create Invoice"},
        ],
    )
    land(
        wh,
        "pendo",
        "page_history",
        [{"id": "p1", "last_updated_at": at("2025-01-01 00:00:00"), "name": "Dashboard"}],
    )
    # hourly / daily aggregates: 3 clicks in one hour, 2 page views in one day
    land(
        wh,
        "pendo",
        "feature_event",
        [
            {
                "_fivetran_id": "fe1",
                "visitor_id": "v1",
                "account_id": "acc1",
                "timestamp": at("2025-03-09 10:00:00"),
                "num_events": 3,
                "num_minutes": 2,
                "feature_id": "f1",
            },
        ],
    )
    land(
        wh,
        "pendo",
        "page_event",
        [
            {
                "_fivetran_id": "pe1",
                "visitor_id": "v2",
                "account_id": "acc2",
                "timestamp": at("2025-03-08 00:00:00"),
                "num_events": 2,
                "num_minutes": 5,
                "page_id": "p1",
            },
            {  # more than pendo_max_events_per_row (4 in the test): capped and reported
                "_fivetran_id": "pe2",
                "visitor_id": "v2",
                "account_id": "acc2",
                "timestamp": at("2025-03-08 01:00:00"),
                "num_events": 5,
                "num_minutes": 5,
                "page_id": "p1",
            },
        ],
    )
    land(wh, "pendo", "event", [])


def land_mixpanel(wh: object, extra: list[dict] | None = None) -> None:
    # project time zone America/New_York: 07:00 EST is 12:00 UTC
    rows = [
        {
            "_fivetran_id": "a",
            "insert_id": "x1",
            "name": "Report Viewed",
            "time": at("2025-03-05 07:00:00"),
            "distinct_id": "v1",
            "properties": '{"company_id": "acc1"}',
            "mp_processing_time_ms": 100,
        },
        {
            "_fivetran_id": "b",
            "insert_id": "x1",
            "name": "Report Viewed",
            "time": at("2025-03-05 07:00:05"),
            "distinct_id": "v1",
            "properties": '{"company_id": "acc1"}',
            "mp_processing_time_ms": 200,
        },
        {
            "_fivetran_id": "c",
            "insert_id": "x2",
            "name": "Report Viewed",
            "time": at("2025-03-05 08:00:00"),
            "distinct_id": "v2",
            "properties": '{"company_id": "acc2"}',
            "mp_processing_time_ms": 100,
        },
    ]
    land(wh, "mixpanel", "event", rows + (extra or []))


def land_amplitude(wh: object) -> None:
    land(
        wh,
        "amplitude",
        "event",
        [
            {
                "uuid": "u-1",
                "_insert_id": "i1",
                "event_type": "Invoice Sent",
                "event_time": at("2025-03-08 10:00:00"),
                "user_id": "v1",
                "amplitude_id": 1,
                "groups": '{"company": ["acc1"]}',
            },
            {
                "uuid": "u-2",
                "_insert_id": "i1",
                "event_type": "Invoice Sent",
                "event_time": at("2025-03-08 10:00:00"),
                "user_id": "v1",
                "amplitude_id": 1,
                "groups": '{"company": ["acc1"]}',
            },
            {
                "uuid": "u-3",
                "event_type": "Invoice Sent",
                "event_time": at("2025-03-08 11:00:00"),
                "amplitude_id": 555,
                "device_id": "d1",
                "groups": '{"company": "acc2"}',
            },
            {
                "uuid": "u-4",
                "_insert_id": "i4",
                "event_type": "Invoice Sent",
                "event_time": at("2025-03-08 12:00:00"),
                "user_id": "v1",
                "_fivetran_deleted": True,
            },
        ],
    )


def test_pendo_mixpanel_amplitude_build_inputs_and_a_job(project: SourceProject) -> None:
    s = project.use(
        "pendo",
        "mixpanel",
        "amplitude",
        mixpanel_timezone="America/New_York",
        pendo_max_events_per_row=4,
        mixpanel_organisation_property="company_id",
    )
    s.objects = {
        "invoicing": {
            "kind": "job",
            "entity": "organisation",
            "audience": {"plan": "pro"},
            "goal": {"event": "create_invoice", "at_least": 3},
            "duration": "10 days",
        },
    }
    land_pendo(project.warehouse)
    land_mixpanel(project.warehouse)
    land_amplitude(project.warehouse)
    s.evaluate(T0)

    organisations = s.query(
        "select organisation_id, organisation_name, plan "
        "from {schema}.stg_trig__organisations order by 1"
    )
    assert [(o["organisation_id"], o["organisation_name"], o["plan"]) for o in organisations] == [
        ("acc1", "Acme", "pro"),
        ("acc2", "Beta", None),
    ]
    people = s.query("select person_id, organisation_id from {schema}.stg_trig__people order by 1")
    # ann is in both accounts: the earliest link (acc1) is primary
    assert [(p["person_id"], p["organisation_id"]) for p in people] == [
        ("ann@acme.io", "acc1"),
        ("bob@beta.io", "acc2"),
        ("pendo:v3", "acc1"),
    ]

    events = s.query(
        "select event_name, person_id, organisation_id, occurred_at, count(*) as n, "
        "count(distinct event_id) as ids from {schema}.stg_trig__events "
        "group by event_name, person_id, organisation_id, occurred_at order by 1, 2, 3, 4"
    )
    assert [
        (
            e["event_name"],
            e["person_id"],
            e["organisation_id"],
            str(e["occurred_at"])[:19],
            e["n"],
            e["ids"],
        )
        for e in events
    ] == [
        ("create_invoice", "ann@acme.io", "acc1", "2025-03-09 10:00:00", 3, 3),  # one Pendo row
        ("dashboard", "bob@beta.io", "acc2", "2025-03-08 00:00:00", 2, 2),
        ("dashboard", "bob@beta.io", "acc2", "2025-03-08 01:00:00", 4, 4),
        ("invoice_sent", "amplitude:555", "acc2", "2025-03-08 11:00:00", 1, 1),
        ("invoice_sent", "ann@acme.io", "acc1", "2025-03-08 10:00:00", 1, 1),  # two deliveries
        ("report_viewed", "ann@acme.io", "acc1", "2025-03-05 12:00:00", 1, 1),  # NY -> UTC, deduped
        ("report_viewed", "bob@beta.io", "acc2", "2025-03-05 13:00:00", 1, 1),
    ]
    capped = s.query(
        "select record_id, reason from {schema}.trig_quarantine where reason like 'Pendo%'"
    )
    assert [(q["record_id"], q["reason"]) for q in capped] == [
        (
            "pendo:page:pe2",
            "Pendo aggregate row of 5 events counted as 4 (var pendo_max_events_per_row)",
        )
    ]
    assert s.transitions("invoicing") == [("acc1", 1, "entered", 0, T0, T0)]

    # late Mixpanel events: within the 7-day lookback they are staged, older ones are not
    land_mixpanel(
        project.warehouse,
        [
            {
                "_fivetran_id": "d",
                "insert_id": "x3",
                "name": "Report Viewed",
                "time": at("2025-03-01 07:00:00"),
                "distinct_id": "v2",
                "properties": "{}",
                "mp_processing_time_ms": 1,
            },
            {
                "_fivetran_id": "e",
                "insert_id": "x4",
                "name": "Report Viewed",
                "time": at("2025-02-01 07:00:00"),
                "distinct_id": "v2",
                "properties": "{}",
                "mp_processing_time_ms": 1,
            },
        ],
    )
    s.evaluate("2025-03-10 00:00:00")
    staged = s.query(
        "select occurred_at from {schema}.int_trig__source_events_staged "
        "where source = 'mixpanel' order by 1"
    )
    assert [str(r["occurred_at"])[:10] for r in staged] == [
        "2025-03-01",
        "2025-03-05",
        "2025-03-05",
    ]
    # the aggregate row's three clicks met "at least 3", stamped at its bucket
    assert s.transitions("invoicing")[-1] == (
        "acc1",
        1,
        "completed",
        0,
        "2025-03-09 10:00:00",
        "2025-03-10 00:00:00",
    )
