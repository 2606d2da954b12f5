"""Raw connector tables in the column names Fivetran, Airbyte and Segment land.

Each source gets a schema of its own (`<raw schema>_<source>`), as a loader would
create, so tables that share a name across connectors (`contact`, `event`) coexist.
Reserved words (`user`, `groups`, `timestamp`, `time`) are quoted, as they must be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.engine.harness import Warehouse, sql_literal

T = "timestamp"
TEXT = "varchar"
BOOL = "boolean"
NUM = "double precision"

TABLES: dict[str, dict[str, dict[str, str]]] = {
    "hubspot": {
        "company": {
            "id": "bigint",
            "is_deleted": BOOL,
            "_fivetran_deleted": BOOL,
            "property_name": TEXT,
            "property_annualrevenue": NUM,
            "property_createdate": T,
            "property_industry": TEXT,
            "property_country": TEXT,
            "property_hubspot_owner_id": TEXT,
            "property_plan": TEXT,
            "property_workspace_id": TEXT,
            "property_renewal_date": "date",
            "_fivetran_synced": T,
        },
        "contact": {
            "id": "bigint",
            "_fivetran_deleted": BOOL,
            "property_email": TEXT,
            "property_firstname": TEXT,
            "property_lastname": TEXT,
            "property_company": TEXT,
            "property_hs_merged_object_ids": TEXT,
            "property_associatedcompanyid": "bigint",
            "property_jobtitle": TEXT,
            "_fivetran_synced": T,
        },
        "owner": {"owner_id": TEXT, "email": TEXT, "first_name": TEXT, "last_name": TEXT},
        "deal": {
            "deal_id": "bigint",
            "owner_id": TEXT,
            "is_deleted": BOOL,
            "deal_pipeline_stage_id": TEXT,
            "property_amount": NUM,
            "property_closedate": T,
        },
        "deal_company": {"deal_id": "bigint", "company_id": "bigint"},
    },
    "salesforce": {
        "account": {
            "id": TEXT,
            "name": TEXT,
            "owner_id": TEXT,
            "annual_revenue": NUM,
            "type": TEXT,
            "parent_id": TEXT,
            "master_record_id": TEXT,
            "is_deleted": BOOL,
            "_fivetran_active": BOOL,
            "created_date": T,
            "workspace_id_c": TEXT,
        },
        "contact": {
            "id": TEXT,
            "account_id": TEXT,
            "email": TEXT,
            "first_name": TEXT,
            "last_name": TEXT,
            "owner_id": TEXT,
            "is_deleted": BOOL,
            "_fivetran_active": BOOL,
        },
        "user": {
            "id": TEXT,
            "email": TEXT,
            "name": TEXT,
            "is_active": BOOL,
            "_fivetran_deleted": BOOL,
        },
        "opportunity": {
            "id": TEXT,
            "account_id": TEXT,
            "amount": NUM,
            "close_date": "date",
            "is_won": BOOL,
            "is_closed": BOOL,
            "type": TEXT,
            "stage_name": TEXT,
            "is_deleted": BOOL,
        },
    },
    "segment": {
        "tracks": {
            "id": TEXT,
            "anonymous_id": TEXT,
            "user_id": TEXT,
            "event": TEXT,
            "event_text": TEXT,
            "timestamp": T,
            "received_at": T,
            "sent_at": T,
            "context_library_name": TEXT,
        },
        "identifies": {
            "id": TEXT,
            "anonymous_id": TEXT,
            "user_id": TEXT,
            "timestamp": T,
            "received_at": T,
            "email": TEXT,
            "first_name": TEXT,
        },
        "users": {
            "id": TEXT,
            "email": TEXT,
            "first_name": TEXT,
            "last_name": TEXT,
            "received_at": T,
        },
        "groups": {
            "id": TEXT,
            "anonymous_id": TEXT,
            "user_id": TEXT,
            "group_id": TEXT,
            "timestamp": T,
            "received_at": T,
            "name": TEXT,
            "plan": TEXT,
        },
    },
    "mixpanel": {
        "event": {
            "_fivetran_id": TEXT,
            "insert_id": TEXT,
            "name": TEXT,
            "time": T,
            "distinct_id": TEXT,
            "device_id": TEXT,
            "properties": TEXT,
            "mp_processing_time_ms": "bigint",
        },
    },
    "amplitude": {
        "event": {
            "uuid": TEXT,
            "_insert_id": TEXT,
            "event_type": TEXT,
            "event_time": T,
            "user_id": TEXT,
            "amplitude_id": "bigint",
            "device_id": TEXT,
            "event_properties": TEXT,
            "user_properties": TEXT,
            "groups": TEXT,
            "group_properties": TEXT,
            "_fivetran_deleted": BOOL,
        },
    },
    "pendo": {
        "account_history": {
            "id": TEXT,
            "last_updated_at": T,
            "agent_name": TEXT,
            "agent_plan": TEXT,
        },
        "visitor_history": {
            "id": TEXT,
            "last_updated_at": T,
            "account_id": TEXT,
            "agent_email": TEXT,
            "agent_full_name": TEXT,
        },
        "visitor_account_history": {"visitor_id": TEXT, "account_id": TEXT, "last_updated_at": T},
        "event": {
            "_fivetran_id": TEXT,
            "visitor_id": TEXT,
            "account_id": TEXT,
            "timestamp": T,
            "num_events": "integer",
            "num_minutes": "integer",
        },
        "feature_event": {
            "_fivetran_id": TEXT,
            "visitor_id": TEXT,
            "account_id": TEXT,
            "timestamp": T,
            "num_events": "integer",
            "num_minutes": "integer",
            "feature_id": TEXT,
        },
        "page_event": {
            "_fivetran_id": TEXT,
            "visitor_id": TEXT,
            "account_id": TEXT,
            "timestamp": T,
            "num_events": "integer",
            "num_minutes": "integer",
            "page_id": TEXT,
        },
        "feature_history": {"id": TEXT, "last_updated_at": T, "name": TEXT},
        "page_history": {"id": TEXT, "last_updated_at": T, "name": TEXT},
    },
}


def schema_for(warehouse: Warehouse, source: str) -> str:
    return f"{warehouse.raw_schema}_{source}"


def source_vars(warehouse: Warehouse, sources: Sequence[str]) -> dict[str, Any]:
    """The vars a customer sets: which sources are on and where they live."""
    found: dict[str, Any] = {"trig_sources": list(sources)}
    for source in sources:
        found[f"{source}_schema"] = schema_for(warehouse, source)
    return found


def quoted(warehouse: Warehouse, name: str) -> str:
    # Snowflake keeps quoted names as written: upper case is how connectors land there;
    # BigQuery quotes names with backticks ("..." is a string there)
    if warehouse.name == "snowflake":
        return f'"{name.upper()}"'
    return f"`{name}`" if warehouse.name == "bigquery" else f'"{name}"'


def type_name(warehouse: Warehouse, kind: str) -> str:
    convert = getattr(warehouse, "type_name", None)  # BigQuery: STRING, INT64, ...
    return convert(kind) if convert else kind


def land(
    warehouse: Warehouse,
    source: str,
    table: str,
    rows: list[dict[str, Any]],
    columns: dict[str, str] | None = None,
) -> None:
    """Create (or replace the rows of) one raw table of a connector."""
    columns = columns or TABLES[source][table]
    schema = schema_for(warehouse, source)
    qualified = f"{schema}.{quoted(warehouse, table)}"
    unknown = {k for row in rows for k in row} - set(columns)
    assert not unknown, f"{source}.{table} has no columns {sorted(unknown)}"
    definition = ", ".join(
        f"{quoted(warehouse, name)} {type_name(warehouse, kind)}" for name, kind in columns.items()
    )
    statements = [
        f"create schema if not exists {schema}",
        f"create table if not exists {qualified} ({definition})",
        f"delete from {qualified} where true",  # BigQuery needs the WHERE
    ]
    if rows:
        values = ", ".join(
            "(" + ", ".join(sql_literal(row.get(c)) for c in columns) + ")" for row in rows
        )
        names = ", ".join(quoted(warehouse, c) for c in columns)
        statements.append(f"insert into {qualified} ({names}) values {values}")
    warehouse.execute(statements)


def drop_schemas(warehouse: Warehouse, sources: Sequence[str]) -> None:
    warehouse.execute(
        [f"drop schema if exists {schema_for(warehouse, s)} cascade" for s in sources]
    )


# Events as the engine reads them: the organisation filled in from the person where the
# person belongs to a known organisation (trig.trig_events_with_organisation; staging
# views read one input each, ADR 007). `{schema}` is filled in by the scenario.
ENGINE_EVENTS = """(
    select e.event_id, e.event_name, e.occurred_at, e.person_id,
        coalesce(e.organisation_id, p.organisation_id) as organisation_id
    from {schema}.stg_trig__events as e
    left join {schema}.int_trig__person_attributes as p on p.person_id = e.person_id
) as engine_events"""
