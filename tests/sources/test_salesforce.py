"""Salesforce (Fivetran snake_case, Airbyte API names, history mode) to inputs and a job."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.sources.conftest import SourceProject
from tests.sources.raw import TABLES, land

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"

# Airbyte lands Salesforce with the API names
AIRBYTE_CONTACT = {
    "Id": "varchar",
    "AccountId": "varchar",
    "Email": "varchar",
    "FirstName": "varchar",
    "LastName": "varchar",
    "IsDeleted": "boolean",
}
HISTORY_ACCOUNT = {
    **TABLES["salesforce"]["account"],
    "_fivetran_start": "timestamp",
    "_fivetran_end": "timestamp",
}


def land_salesforce(wh: object, history: bool = False) -> None:
    current = {"_fivetran_active": True}
    accounts = [
        {
            "id": "A1",
            "name": "Acme",
            "owner_id": "U1",
            "annual_revenue": 50000.0,
            "workspace_id_c": "w_acme",
            "type": "Customer",
            "created_date": datetime(2024, 5, 1),
            **current,
        },
        {
            "id": "A1",
            "name": "Acme (old name)",
            "owner_id": "U1",
            "annual_revenue": 1.0,
            "workspace_id_c": "w_acme",
            "_fivetran_active": False,
        },
        {"id": "A2", "name": "Deleted Co", "is_deleted": True, **current},
        {"id": "A4", "name": "Acme duplicate", "master_record_id": "A1", **current},
        {"id": "A5", "name": "Solo", "owner_id": "U2", "annual_revenue": 900.0},
    ]
    if history:
        accounts[0].update(
            _fivetran_start=datetime(2025, 3, 5), _fivetran_end=datetime(9999, 12, 31)
        )
        accounts[1].update(_fivetran_start=datetime(2024, 5, 1), _fivetran_end=datetime(2025, 3, 5))
        for row in accounts[2:]:
            row.update(_fivetran_start=datetime(2024, 1, 1), _fivetran_end=datetime(9999, 12, 31))
    land(wh, "salesforce", "account", accounts, HISTORY_ACCOUNT if history else None)
    land(
        wh,
        "salesforce",
        "contact",
        [
            {"Id": "C1", "AccountId": "A1", "Email": "Ann@Acme.io", "FirstName": "Ann"},
            {"Id": "C2", "AccountId": "A5", "Email": "bob@solo.io", "FirstName": "Bob"},
            {"Id": "C3", "AccountId": "A1", "Email": "deleted@acme.io", "IsDeleted": True},
            {"Id": "C4", "AccountId": "A2", "Email": "orphan@deleted.io"},
        ],
        AIRBYTE_CONTACT,
    )
    land(
        wh,
        "salesforce",
        "user",
        [
            {"id": "U1", "name": "Sam Seller", "email": "Sam@Vendor.test", "is_active": True},
            {
                "id": "U2",
                "name": "Gone User",
                "email": "gone@vendor.test",
                "_fivetran_deleted": True,
            },
        ],
    )
    land(
        wh,
        "salesforce",
        "opportunity",
        [
            {
                "id": "O1",
                "account_id": "A1",
                "amount": 30000.0,
                "close_date": date(2025, 1, 15),
                "is_won": True,
                "is_closed": True,
                "type": "New Business",
            },
            {
                "id": "O2",
                "account_id": "A1",
                "amount": 20000.0,
                "close_date": date(2024, 1, 1),
                "is_won": True,
                "is_closed": True,
                "type": "New Business",
            },
            {
                "id": "O3",
                "account_id": "A1",
                "amount": 30000.0,
                "close_date": date(2025, 6, 30),
                "is_won": False,
                "is_closed": False,
                "type": "Renewal",
            },
            {
                "id": "O4",
                "account_id": "A1",
                "amount": 30000.0,
                "close_date": date(2025, 12, 31),
                "is_won": False,
                "is_closed": False,
                "type": "Renewal",
            },
            {
                "id": "O5",
                "account_id": "A5",
                "amount": 99999.0,
                "close_date": date(2025, 2, 1),
                "is_won": True,
                "is_closed": True,
                "is_deleted": True,
            },
        ],
    )


def test_salesforce_accounts_contacts_opportunities_and_a_job(project: SourceProject) -> None:
    s = project.use(
        "salesforce",
        salesforce_arr="opportunities",
        salesforce_workspace_id_column="workspace_id_c",
    )
    s.objects = {
        "big_accounts": {
            "kind": "job",
            "entity": "organisation",
            "audience": {"arr": {">=": 10000}},
            "goal": {"event": "never_happens"},
            "duration": "5 days",
        },
    }
    land_salesforce(project.warehouse)
    s.evaluate(T0)
    rows = s.query(
        "select organisation_id, organisation_name, arr, renewal_date, csm_name, csm_email, "
        "salesforce_account_id from {schema}.stg_trig__organisations order by 1"
    )
    assert [
        (
            r["organisation_id"],
            r["organisation_name"],
            r["arr"] and float(r["arr"]),
            str(r["renewal_date"]),
            r["csm_name"],
            r["csm_email"],
        )
        for r in rows
    ] == [
        ("salesforce:A5", "Solo", None, "None", None, None),
        ("w_acme", "Acme", 30000.0, "2025-06-30", "Sam Seller", "sam@vendor.test"),
    ]
    people = s.query(
        "select person_id, organisation_id, first_name "
        "from {schema}.int_trig__person_attributes order by 1"
    )
    assert [(p["person_id"], p["organisation_id"], p["first_name"]) for p in people] == [
        ("ann@acme.io", "w_acme", "Ann"),
        ("bob@solo.io", "salesforce:A5", "Bob"),
    ]
    quarantined = s.query(
        "select record_id, reason from {schema}.trig_quarantine where input_model = 'people' "
        "order by reason"
    )
    assert [(q["record_id"], q["reason"]) for q in quarantined] == [
        (
            "orphan@deleted.io",
            "linked to salesforce record A2, which is deleted or not synced (link left out)",
        ),
        ("orphan@deleted.io", "person without a known organisation (left out)"),
    ]
    assert s.transitions("big_accounts") == [("w_acme", 1, "entered", 0, T0, T0)]
    s.evaluate("2025-03-16 00:00:00")
    assert s.transitions("big_accounts")[-1] == (
        "w_acme",
        1,
        "exited",
        0,
        "2025-03-15 00:00:00",
        "2025-03-16 00:00:00",
    )


def test_history_mode_gives_the_attributes_valid_at_t(project: SourceProject) -> None:
    s = project.use(
        "salesforce", salesforce_history_mode=True, salesforce_workspace_id_column="workspace_id_c"
    )
    land_salesforce(project.warehouse, history=True)
    names = (
        "select organisation_name, arr from {schema}.stg_trig__organisations "
        "where organisation_id = 'w_acme'"
    )
    s.evaluate("2025-03-01 00:00:00")
    assert [(r["organisation_name"], float(r["arr"])) for r in s.query(names)] == [
        ("Acme (old name)", 1.0)
    ]
    s.evaluate(T0)
    assert [(r["organisation_name"], float(r["arr"])) for r in s.query(names)] == [
        ("Acme", 50000.0)
    ]
