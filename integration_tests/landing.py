"""Land the synthetic company in raw HubSpot and Segment tables, as the connectors would.

``synthetic.py`` writes the engine's three input tables (``raw.organisations``,
``raw.people``, ``raw.events``). A real customer has none of those: they have what
Fivetran lands from HubSpot and what Segment's warehouse destination writes. This module
turns the former into the latter, in the connectors' own table and column names, so the
demo can run the way a customer does, with only ``trig_sources`` and locations set
(``SOURCE_VARS``) and no hand-written input model:

* HubSpot ``company`` (the product workspace id in a custom property, plan, ARR,
  renewal date, churn flag), ``owner`` (the CSMs) and ``contact`` (people, linked to
  their company by ``property_associatedcompanyid``);
* Segment ``users`` (traits), ``groups`` (person -> workspace), ``identifies``
  (each person's anonymous browser id), ``tracks`` (one row per event; sign-ups are
  sent anonymously before the person is identified, server-side events carry only the
  workspace in ``context_group_id``) and one table per event holding its properties
  as columns, as Segment does.

The synthetic data's deliberate bad rows travel along (a duplicated workspace, a
person without one, a duplicated event, an event in the future); an organisation
with no id has no CRM equivalent and is not landed.

Usage::

    python integration_tests/synthetic.py --duckdb /tmp/demo.duckdb --scale demo
    python integration_tests/landing.py --duckdb /tmp/demo.duckdb
    dbt build --vars "$(python integration_tests/landing.py --print-vars)"
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import duckdb

RAW_SCHEMA = "raw"
HUBSPOT_SCHEMA = "hubspot"
SEGMENT_SCHEMA = "segment"

# columns of the synthetic organisations that become HubSpot company properties
COMPANY_PASSTHROUGH = (
    "sign_up_date",
    "is_churned",
    "churned_at",
    "employees",
    "industry",
    "country",
    "owner_email",
    "owner_first_name",
    "last_login_at",
    "salesforce_account_id",
)


def source_vars(
    hubspot_schema: str = HUBSPOT_SCHEMA,
    segment_schema: str = SEGMENT_SCHEMA,
    event_tables: list[str] | None = None,
) -> dict[str, Any]:
    """The whole configuration a customer with these tables writes."""
    return {
        "trig_sources": ["hubspot", "segment"],
        "hubspot_schema": hubspot_schema,
        "segment_schema": segment_schema,
        "hubspot_workspace_id_column": "property_workspace_id",
        "hubspot_plan_column": "property_plan",
        "hubspot_renewal_date_column": "property_renewal_date",
        "hubspot_company_passthrough": [
            {"name": f"property_{name}", "alias": name} for name in COMPANY_PASSTHROUGH
        ],
        "hubspot_contact_passthrough": [{"name": "property_jobtitle", "alias": "role"}],
        "segment_user_passthrough": ["last_seen_at", "created_at", "marketing_opt_in"],
        "segment_event_tables": sorted(event_tables or []),
    }


SOURCE_VARS = source_vars()

HUBSPOT_SQL = """
create or replace table {hubspot}.owner as
select
    'own_' || substr(md5(csm_email), 1, 8) as owner_id,
    csm_email as email,
    upper(substr(split_part(csm_email, '@', 1), 1, 1))
        || substr(split_part(csm_email, '@', 1), 2) as first_name,
    'CSM' as last_name,
    current_timestamp as _fivetran_synced
from (select distinct csm_email from {raw}.organisations where csm_email is not null);

create or replace table {hubspot}.company as
select
    cast(100000 + row_number() over (order by organisation_id, updated_at desc) as bigint) as id,
    false as is_deleted,
    false as _fivetran_deleted,
    organisation_name as property_name,
    cast(arr as double) as property_annualrevenue,
    cast(sign_up_date as timestamp) as property_createdate,
    industry as property_industry,
    country as property_country,
    case when csm_email is not null then 'own_' || substr(md5(csm_email), 1, 8) end
        as property_hubspot_owner_id,
    plan as property_plan,
    organisation_id as property_workspace_id,
    renewal_date as property_renewal_date,
    {company_properties},
    current_timestamp as _fivetran_synced
from {raw}.organisations
where organisation_id is not null;

create or replace table {hubspot}.contact as
select
    cast(5000000 + row_number() over (order by p.person_id) as bigint) as id,
    false as _fivetran_deleted,
    p.email as property_email,
    p.first_name as property_firstname,
    p.last_name as property_lastname,
    o.property_name as property_company,
    cast(null as varchar) as property_hs_merged_object_ids,
    o.id as property_associatedcompanyid,
    p.role as property_jobtitle,
    current_timestamp as _fivetran_synced
from {raw}.people as p
left join (
    select property_workspace_id, min(id) as id, min(property_name) as property_name
    from {hubspot}.company group by property_workspace_id
) as o on o.property_workspace_id = p.organisation_id
where p.person_id is not null
"""

SEGMENT_SQL = """
create or replace table {segment}.users as
select person_id as id, email, first_name, last_name, last_seen_at, created_at,
       marketing_opt_in, created_at as received_at
from {raw}.people where person_id is not null;

create or replace table {segment}.identifies as
select 'idf_' || person_id as id, 'anon_' || person_id as anonymous_id, person_id as user_id,
       created_at as "timestamp", created_at as received_at, email, first_name
from {raw}.people where person_id is not null;

create or replace table {segment}.groups as
select 'grp_' || p.person_id as id, cast(null as varchar) as anonymous_id, p.person_id as user_id,
       p.organisation_id as group_id, p.created_at as "timestamp", p.created_at as received_at,
       o.organisation_name as name, o.plan
from {raw}.people as p
left join (select organisation_id, min(organisation_name) as organisation_name, min(plan) as plan
           from {raw}.organisations group by organisation_id) as o
    on o.organisation_id = p.organisation_id
-- a person whose workspace the synthetic data does not know made no group call
where p.person_id is not null and o.organisation_id is not null;

create or replace table {segment}.tracks as
select
    event_id as id,
    case
        when person_id is null then 'org_' || organisation_id
        when event_name = 'signed_up' then 'anon_' || person_id
    end as anonymous_id,
    case when event_name <> 'signed_up' then person_id end as user_id,
    {title_case} as event,
    {title_case} as event_text,
    occurred_at as "timestamp",
    occurred_at + interval 2 second as received_at,
    occurred_at as sent_at,
    organisation_id as context_group_id,
    'analytics-python' as context_library_name
from {raw}.events
"""

TITLE_CASE = (
    "array_to_string(list_transform(string_split(event_name, '_'), "
    "lambda w: upper(substr(w, 1, 1)) || substr(w, 2)), ' ')"
)


def land(
    con: duckdb.DuckDBPyConnection | str,
    raw_schema: str = RAW_SCHEMA,
    hubspot_schema: str = HUBSPOT_SCHEMA,
    segment_schema: str = SEGMENT_SCHEMA,
) -> dict[str, Any]:
    """Write the raw HubSpot and Segment tables from ``raw_schema``'s synthetic tables.

    Returns the row counts per table and the vars to build with (``vars``).
    """
    own = isinstance(con, str)
    connection = duckdb.connect(con) if own else con
    try:
        names = {
            "raw": raw_schema,
            "hubspot": hubspot_schema,
            "segment": segment_schema,
            "title_case": TITLE_CASE,
            "company_properties": ", ".join(f"{c} as property_{c}" for c in COMPANY_PASSTHROUGH),
        }
        for schema in (hubspot_schema, segment_schema):
            connection.execute(f"create schema if not exists {schema}")
        for statement in (HUBSPOT_SQL + ";" + SEGMENT_SQL).split(";"):
            if statement.strip():
                connection.execute(statement.format(**names))
        event_tables = _land_event_tables(connection, raw_schema, segment_schema)
        counts = {
            f"{schema}.{table}": connection.execute(
                f'select count(*) from {schema}."{table}"'
            ).fetchone()[0]  # type: ignore[index]
            for schema, tables in (
                (hubspot_schema, ("company", "contact", "owner")),
                (segment_schema, ("users", "identifies", "groups", "tracks")),
            )
            for table in tables
        }
        return {
            "counts": counts,
            "event_tables": event_tables,
            "vars": source_vars(hubspot_schema, segment_schema, event_tables),
        }
    finally:
        if own:
            connection.close()


def _land_event_tables(con: duckdb.DuckDBPyConnection, raw: str, segment: str) -> list[str]:
    """One table per event name with its JSON properties as typed columns, as Segment does."""
    keys = con.execute(
        f"select event_name, k, max(json_type(properties, k)) "
        f"from (select event_name, properties, unnest(json_keys(properties)) as k "
        f"      from {raw}.events where properties is not null and event_name is not null) "
        f"group by 1, 2 order by 1, 2"
    ).fetchall()
    per_event: dict[str, list[tuple[str, str]]] = {}
    for event_name, key, kind in keys:
        per_event.setdefault(event_name, []).append((key, kind))
    for event_name, properties in per_event.items():
        columns = ", ".join(f'{_typed(key, kind)} as "{key}"' for key, kind in properties)
        con.execute(
            f'create or replace table {segment}."{event_name}" as '
            f"select event_id as id, person_id as user_id, event_name as event, "
            f'occurred_at as "timestamp", occurred_at + interval 2 second as received_at, '
            f"'analytics-python' as context_library_name, {columns} "
            f"from {raw}.events where event_name = ?",
            [event_name],
        )
    return sorted(per_event)


def _typed(key: str, kind: str) -> str:
    extracted = f"json_extract_string(properties, '$.{key}')"
    if kind in ("DOUBLE", "UBIGINT", "BIGINT"):
        return f"cast({extracted} as double)"
    if kind == "BOOLEAN":
        return f"cast({extracted} as boolean)"
    return extracted


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duckdb", help="DuckDB file holding synthetic.py's raw tables")
    parser.add_argument("--print-vars", action="store_true", help="print the dbt vars as JSON")
    args = parser.parse_args(argv)
    if args.duckdb:
        summary = land(args.duckdb)
        print(json.dumps(summary["counts"], indent=2))
        if args.print_vars:
            print(json.dumps(summary["vars"]))
    elif args.print_vars:
        print(json.dumps(SOURCE_VARS))
    else:
        parser.error("give --duckdb (and/or --print-vars)")


if __name__ == "__main__":
    main()
