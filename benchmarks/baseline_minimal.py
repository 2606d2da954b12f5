"""The simplest correct baseline, for a subset of condition kinds (benchmark reference).

Issue #9 measured a hand-written minimal one-day evaluation that keeps its state as
tables and evaluates every object set-based over only the new day's events. This is a
small version of it, for the condition kind it can do exactly in a few statements:
behaviours completed by a count of one event since go-live ("first time X", "N
invoices"), optionally filtered by a property, on organisations and people. Windowed
counts, attribute conditions, entry criteria, stages and jobs are not covered, so its
time is a reference for what the state-as-tables design costs per day, not a
replacement for the engine.

State: one row per (object, entity) with the running count and the completion time.
A day is: take the new day's events (organisation filled in from the person), join them
to the condition rows (one row per object, whatever their number), count per object
and entity, stamp the completion with the event that brings the running count to the
target, upsert the state. Statements do not grow with the number of objects.

``run(database, conditions, start, t1, t2)`` builds the state up to ``t1`` (untimed,
like the engine's replay), times the one-day step to ``t2`` and returns its seconds
and completions, which bench_engine.py compares with the engine's transitions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import duckdb

SCHEMA = "trig_baseline"


@dataclass(frozen=True)
class Condition:
    object_name: str
    entity: str
    event_name: str
    at_least: int
    prop_key: str | None = None
    prop_value: str | None = None


def conditions_of(models: list[dict[str, Any]]) -> list[Condition]:
    """The behaviours this baseline can evaluate exactly: no entry criteria, completion
    = one event counted since go-live (no window), at most one property filter."""
    found = []
    for model in models:
        spec = model["config"]["meta"]["trig"]
        completion = spec.get("completion") or {}
        where = completion.get("where") or {}
        if (spec["kind"] != "behaviour" or "entry" in spec or "event" not in completion
                or "within_last" in completion or set(completion) - {"event", "where",
                                                                     "at_least"}
                or len(where) > 1):
            continue
        key, value = next(iter(where.items())) if where else (None, None)
        found.append(Condition(model["name"], spec["entity"], completion["event"],
                               int(completion.get("at_least", 1)), key,
                               None if value is None else str(value)))
    return found


SETUP_SQL = """
create schema if not exists {schema};
create or replace table {schema}.conditions (
    object_name varchar, entity varchar, event_name varchar, at_least integer,
    prop_key varchar, prop_value varchar);
create or replace table {schema}.progress (
    object_name varchar, entity_id varchar, events bigint, completed_at timestamp,
    primary key (object_name, entity_id));
create or replace table {schema}.completions (
    object_name varchar, entity_id varchar, occurred_at timestamp, evaluated_at timestamp);
"""

# One evaluation over (after, until]: a fixed set of statements for any number of objects.
STEP_SQL = """
create or replace temp table day_events as
select e.event_id, e.event_name, e.occurred_at, e.person_id, e.properties,
    coalesce(e.organisation_id, p.organisation_id) as organisation_id
from raw.events as e
left join raw.people as p on e.organisation_id is null and p.person_id = e.person_id
where e.occurred_at > {after} and e.occurred_at <= {until} and e.event_id is not null
qualify row_number() over (partition by e.event_id order by e.occurred_at) = 1;

create or replace temp table day_matches as
select c.object_name, c.at_least, d.occurred_at,
    case c.entity when 'person' then d.person_id else d.organisation_id end as entity_id,
    row_number() over (
        partition by c.object_name,
            case c.entity when 'person' then d.person_id else d.organisation_id end
        order by d.occurred_at, d.event_id) as n_today
from day_events as d
join {schema}.conditions as c
    on c.event_name = d.event_name
    and (c.prop_key is null
         or json_extract_string(d.properties, '$.' || c.prop_key) = c.prop_value)
where case c.entity when 'person' then d.person_id else d.organisation_id end is not null;

insert into {schema}.completions
select m.object_name, m.entity_id, m.occurred_at, {until}
from day_matches as m
left join {schema}.progress as p using (object_name, entity_id)
where coalesce(p.events, 0) < m.at_least and coalesce(p.events, 0) + m.n_today = m.at_least;

insert into {schema}.progress
select object_name, entity_id, count(*), null from day_matches group by all
on conflict (object_name, entity_id) do update set events = progress.events + excluded.events;

update {schema}.progress as p set completed_at = c.occurred_at
from {schema}.completions as c
where c.evaluated_at = {until} and c.object_name = p.object_name
    and c.entity_id = p.entity_id;
"""


def _ts(value: str) -> str:
    return f"timestamp '{value}'"


def _execute(con: duckdb.DuckDBPyConnection, script: str, **params: str) -> None:
    for statement in script.format(schema=SCHEMA, **params).split(";"):
        if statement.strip():
            con.execute(statement)


def run(database: str, conditions: list[Condition], start: str, t1: str,
        t2: str) -> dict[str, Any]:
    """Replay to ``t1`` untimed, then time the day (t1, t2]. Returns seconds, the number
    of objects covered and the completions found by the timed day."""
    con = duckdb.connect(database)
    try:
        _execute(con, SETUP_SQL)
        con.executemany(f"insert into {SCHEMA}.conditions values (?, ?, ?, ?, ?, ?)",
                        [(c.object_name, c.entity, c.event_name, c.at_least, c.prop_key,
                          c.prop_value) for c in conditions])
        _execute(con, STEP_SQL, after=_ts(start), until=_ts(t1))
        started = time.perf_counter()
        _execute(con, STEP_SQL, after=_ts(t1), until=_ts(t2))
        seconds = time.perf_counter() - started
        completions = con.execute(
            f"select object_name, entity_id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') "
            f"from {SCHEMA}.completions").fetchall()
        return {"seconds": round(seconds, 3), "objects": len(conditions),
                "completions": sorted(completions)}
    finally:
        con.close()


def agreement(database: str, completions: list[tuple[str, str, str]]) -> tuple[int, int]:
    """(baseline completions the engine also recorded, baseline completions), over the
    whole history: the engine's log is the reference."""
    if not completions:
        return 0, 0
    con = duckdb.connect(database, read_only=True)
    try:
        engine = set(con.execute(
            "select object_name, entity_id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S') "
            "from main.trig_transitions where transition_type = 'completed'").fetchall())
    finally:
        con.close()
    return sum(1 for c in completions if tuple(c) in engine), len(completions)
