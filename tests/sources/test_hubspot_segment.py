"""HubSpot (Fivetran) + Segment to organisations, people, events and a job's transitions."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from tests.sources.conftest import SourceProject
from tests.sources.raw import ENGINE_EVENTS, land

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def land_hubspot(wh: object) -> None:
    land(
        wh,
        "hubspot",
        "company",
        [
            {
                "id": 1,
                "property_name": "Acme",
                "property_plan": "pro",
                "property_annualrevenue": 12000.0,
                "property_workspace_id": "w_acme",
                "property_hubspot_owner_id": "o1",
                "property_createdate": at("2025-03-01 08:00:00"),
                "property_renewal_date": date(2025, 9, 1),
                "is_deleted": False,
                "_fivetran_deleted": False,
            },
            {
                "id": 2,
                "property_name": "Globex",
                "property_workspace_id": "w_globex",
                "is_deleted": True,
            },
            {"id": 3, "property_name": "Initech", "_fivetran_deleted": True},
            {"id": 4, "property_name": "Umbrella", "property_plan": "starter"},
        ],
    )
    land(
        wh,
        "hubspot",
        "contact",
        [
            # ann survived a merge with 102; 107 is a second contact id for bob's email
            {
                "id": 101,
                "property_email": "ann@acme.io",
                "property_firstname": "Ann",
                "property_associatedcompanyid": 1,
                "property_hs_merged_object_ids": "102;999",
            },
            {"id": 102, "property_email": "ann.old@acme.io", "property_associatedcompanyid": 1},
            {
                "id": 103,
                "property_email": "Bob@Acme.io",
                "property_firstname": "Bob",
                "property_associatedcompanyid": 1,
            },
            {
                "id": 107,
                "property_email": " bob@acme.io",
                "property_firstname": "Robert",
                "property_associatedcompanyid": 1,
            },
            {"id": 104, "property_email": "carol@umbrella.com", "property_associatedcompanyid": 4},
            {"id": 105, "property_email": "dave@nowhere.com", "property_company": "Nowhere Inc"},
            {"id": 106, "property_email": "eve@globex.com", "property_associatedcompanyid": 2},
            {
                "id": 108,
                "property_email": "gone@acme.io",
                "property_associatedcompanyid": 1,
                "_fivetran_deleted": True,
            },
        ],
    )
    land(
        wh,
        "hubspot",
        "owner",
        [
            {
                "owner_id": "o1",
                "email": "Lee@Vendor.test",
                "first_name": "Lee",
                "last_name": "Owner",
            },
        ],
    )


INVOICE_SENT = {
    "id": "varchar",
    "user_id": "varchar",
    "event": "varchar",
    "timestamp": "timestamp",
    "received_at": "timestamp",
    "context_library_name": "varchar",
    "channel": "varchar",
    "amount": "double precision",
}


def land_segment(wh: object) -> None:
    # Segment's table per event: the properties of each 'Invoice Sent' as columns
    land(
        wh,
        "segment",
        "invoice_sent",
        [
            {
                "id": "m3",
                "user_id": "u2",
                "timestamp": at("2025-03-09 09:00:00"),
                "channel": "email",
                "amount": 12.5,
                "context_library_name": "analytics.js",
            },
        ],
        INVOICE_SENT,
    )
    land(
        wh,
        "segment",
        "users",
        [
            {"id": "u1", "email": "ANN@acme.io"},
            {"id": "u2", "email": "frank@acme.io", "first_name": "Frank"},
            {"id": "u3", "email": "grace@beta.io", "first_name": "Grace"},
        ],
    )
    land(
        wh,
        "segment",
        "groups",
        [
            {
                "id": "g1",
                "user_id": "u1",
                "group_id": "w_acme",
                "timestamp": at("2025-03-01 09:00:00"),
                "name": "Acme Inc",
            },
            {
                "id": "g2",
                "user_id": "u2",
                "group_id": "w_acme",
                "timestamp": at("2025-03-02 09:00:00"),
                "name": "Acme Inc",
            },
            # grace: anonymous group call to Beta first, identified later; then Acme too
            {
                "id": "g3",
                "anonymous_id": "a3",
                "group_id": "w_beta",
                "timestamp": at("2025-03-01 10:00:00"),
                "name": "Beta",
                "plan": "trial",
            },
            {
                "id": "g4",
                "user_id": "u3",
                "group_id": "w_acme",
                "timestamp": at("2025-03-05 10:00:00"),
                "name": "Acme Inc",
            },
        ],
    )
    land(
        wh,
        "segment",
        "identifies",
        [
            {
                "id": "i1",
                "anonymous_id": "a1",
                "user_id": "u1",
                "timestamp": at("2025-03-03 12:00:00"),
                "email": "ann@acme.io",
            },
            {
                "id": "i3",
                "anonymous_id": "a3",
                "user_id": "u3",
                "timestamp": at("2025-03-02 12:00:00"),
            },
        ],
    )
    ts = at("2025-03-08 10:00:00")
    land(
        wh,
        "segment",
        "tracks",
        [
            {"id": "m1", "user_id": "u1", "event": "Logged In", "timestamp": ts, "received_at": ts},
            {
                "id": "m1",
                "user_id": "u1",
                "event": "Logged In",
                "timestamp": ts,
                "received_at": at("2025-03-08 10:05:00"),
            },
            {
                "id": "m2",
                "anonymous_id": "a1",
                "event": "Invoice Sent",
                "timestamp": at("2025-03-03 11:00:00"),
            },
            {
                "id": "m3",
                "user_id": "u2",
                "event": "Invoice Sent",
                "timestamp": at("2025-03-09 09:00:00"),
            },
            {
                "id": "m4",
                "user_id": "u3",
                "event": "Report Viewed",
                "timestamp": at("2025-03-09 10:00:00"),
            },
            {
                "id": "m5",
                "anonymous_id": "a_never",
                "event": "Page Viewed",
                "timestamp": at("2025-03-09 11:00:00"),
            },
        ],
    )


JOB = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent", "at_least": 2},
    "audience": {"plan": "pro"},
    "duration": "30 days",
}


def test_hubspot_and_segment_build_the_inputs_and_a_job(project: SourceProject) -> None:
    s = project.use(
        "hubspot",
        "segment",
        hubspot_plan_column="property_plan",
        hubspot_workspace_id_column="property_workspace_id",
        hubspot_renewal_date_column="property_renewal_date",
        segment_event_tables=["invoice_sent"],
    )
    s.objects = {"expansion": JOB}
    land_hubspot(project.warehouse)
    land_segment(project.warehouse)
    s.evaluate(T0)

    organisations = s.query(
        "select organisation_id, organisation_name, plan, arr, renewal_date, csm_name, csm_email, "
        "created_date, source, hubspot_company_id from {schema}.stg_trig__organisations order by 1"
    )
    assert [
        (o["organisation_id"], o["organisation_name"], o["plan"], o["source"])
        for o in organisations
    ] == [
        ("hubspot:4", "Umbrella", "starter", "hubspot"),
        ("w_acme", "Acme", "pro", "hubspot"),
        ("w_beta", "Beta", "trial", "segment"),
    ]
    acme = organisations[1]
    assert (float(acme["arr"]), str(acme["renewal_date"]), acme["csm_name"], acme["csm_email"]) == (
        12000.0,
        "2025-09-01",
        "Lee Owner",
        "lee@vendor.test",
    )
    assert (str(acme["created_date"]), acme["hubspot_company_id"]) == ("2025-03-01", "1")
    # attributes merge across sources: the CRM's where it has one, Segment's otherwise
    merged = s.query(
        "select segment_group_id, hubspot_company_id from {schema}.stg_trig__organisations "
        "where organisation_id = 'w_acme'"
    )
    assert merged == [{"segment_group_id": "w_acme", "hubspot_company_id": "1"}]

    people = s.query(
        "select person_id, organisation_id, email, first_name, source "
        "from {schema}.int_trig__person_attributes order by 1"
    )
    assert [(p["person_id"], p["organisation_id"], p["source"]) for p in people] == [
        ("ann@acme.io", "w_acme", "hubspot"),
        ("bob@acme.io", "w_acme", "hubspot"),
        ("carol@umbrella.com", "hubspot:4", "hubspot"),
        ("frank@acme.io", "w_acme", "segment"),
        # in Beta (earliest group call, anonymous, stitched) and Acme: primary is Beta
        ("grace@beta.io", "w_beta", "segment"),
    ]
    memberships = s.query(
        "select person_id, organisation_id, is_primary from {schema}.int_trig__source_memberships "
        "where person_id = 'grace@beta.io' order by 2"
    )
    assert [(m["organisation_id"], m["is_primary"]) for m in memberships] == [
        ("w_acme", False),
        ("w_beta", True),
    ]

    events = s.query(
        f"select event_id, event_name, occurred_at, person_id, organisation_id "
        f"from {ENGINE_EVENTS} order by event_id"
    )
    assert [
        (e["event_id"], e["event_name"], e["person_id"], e["organisation_id"]) for e in events
    ] == [
        ("segment:m1", "login", "ann@acme.io", "w_acme"),  # two deliveries, one event
        ("segment:m2", "invoice_sent", "ann@acme.io", "w_acme"),  # anonymous, identified later
        ("segment:m3", "invoice_sent", "frank@acme.io", "w_acme"),
        ("segment:m4", "report_viewed", "grace@beta.io", "w_beta"),
        ("segment:m5", "page_viewed", None, None),
    ]
    properties = s.query(
        "select properties from {schema}.stg_trig__events where event_id = 'segment:m3'"
    )
    assert json.loads(properties[0]["properties"]) == {"channel": "email", "amount": 12.5}
    quarantined = s.query(
        "select input_model, record_id, reason from {schema}.trig_quarantine order by 1, 2, 3"
    )
    reasons = {(q["input_model"], q["record_id"], q["reason"]) for q in quarantined}
    assert (
        "people",
        "dave@nowhere.com",
        "person without a known organisation (left out)",
    ) in reasons
    assert ("people", "eve@globex.com", "person without a known organisation (left out)") in reasons
    assert (
        "events",
        "segment:m5",
        "neither person_id nor a known organisation (left out)",
    ) in reasons
    # what the connector staging merged or left out, with the reason
    assert (
        "people",
        "hubspot:102",
        "hubspot contact merged into another contact (left out)",
    ) in reasons
    assert (
        "people",
        "bob@acme.io",
        "one email on several source records (merged into one person)",
    ) in reasons
    assert (
        "people",
        "eve@globex.com",
        "linked to hubspot record 2, which is deleted or not synced (link left out)",
    ) in reasons

    # the job: pro organisations enter at T0; two invoices after entry complete it
    assert s.transitions("expansion") == [("w_acme", 1, "entered", 0, T0, T0)]
    land(
        project.warehouse,
        "segment",
        "tracks",
        [
            {
                "id": "m6",
                "user_id": "u1",
                "event": "Invoice Sent",
                "timestamp": at("2025-03-11 09:00:00"),
            },
            {
                "id": "m7",
                "user_id": "u2",
                "event": "invoice sent",
                "timestamp": at("2025-03-12 09:00:00"),
            },
            {
                "id": "m7",
                "user_id": "u2",
                "event": "invoice sent",
                "timestamp": at("2025-03-12 09:00:00"),
            },
        ],
    )
    s.evaluate("2025-03-13 00:00:00")
    assert s.transitions("expansion") == [
        ("w_acme", 1, "entered", 0, T0, T0),
        ("w_acme", 1, "completed", 0, "2025-03-12 09:00:00", "2025-03-13 00:00:00"),
    ]
