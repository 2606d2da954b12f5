"""A project with many generated objects (integration_tests/generated_objects.py) builds
on DuckDB and PostgreSQL, and what it computes agrees with an independent Python
reading of the same small data set.

The data is the synthetic generator's at a tiny size (a few organisations and people,
a couple of thousand events); every generated object is declared in the project. Three
kinds of generated objects are checked exactly, for every well-formed entity:

* "first time" behaviours (``g*_first``: no entry criteria, one event condition,
  maybe a property filter, live from the start of the data): entered and completed at
  the first matching event, as computed here from the raw events;
* cohorts: their members are the entities whose attributes meet the criteria now;
* follow-on jobs (``g*_follow``: audience = ``last_completion_of_<a first-time
  behaviour>`` has a value): entered by exactly the behaviour's completers, and the
  referenced generated attribute holds the completion time.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.engine.harness import (
    DuckDBWarehouse,
    PostgresWarehouse,
    Scenario,
    Warehouse,
    stamp,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "integration_tests"))

import generated_objects  # noqa: E402
import synthetic  # noqa: E402

pytestmark = pytest.mark.slow

OBJECTS = 210
START = "2025-01-01"
SIZE = synthetic.Scale(organisations=10, people=40, events=3_000, days=40)
PLAN = synthetic.make_plan(SIZE, start=START)
T1 = stamp(PLAN.end)
SQL_TYPES = {"VARCHAR": "varchar", "TIMESTAMP": "timestamp", "DATE": "date",
             "INTEGER": "integer", "BIGINT": "bigint", "BOOLEAN": "boolean",
             "DOUBLE": "double precision"}
KEYS = {"organisation": "organisation_id", "person": "person_id"}


# ---------------------------------------------------------------------------- data
@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The synthetic tables at a tiny size: column types and rows per table."""
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.duckdb"
    synthetic.generate(str(path), SIZE, start=START)
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables: dict[str, Any] = {}
        for table in synthetic.TABLES:
            described = con.execute(f"describe raw.{table}").fetchall()
            columns = {name: SQL_TYPES[str(kind)] for name, kind, *_ in described}
            cursor = con.execute(f"select * from raw.{table}")
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            tables[table] = {"columns": columns, "rows": rows}
        return tables
    finally:
        con.close()


@pytest.fixture(scope="module",
                params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
          raw: dict[str, Any]) -> Iterator[Scenario]:
    """The project's first evaluation (replaying the 40 days for stages and
    behaviours), once per warehouse and shared by this module's tests (a 500-object
    build of the same data took about two minutes on PostgreSQL). DuckDB and PostgreSQL
    only; tests/portability/test_many_objects_emulated.py runs it on the emulators."""
    root = tmp_path_factory.mktemp(f"many_{request.param}")
    warehouse: Warehouse
    if request.param == "duckdb":
        warehouse = DuckDBWarehouse(root / "warehouse.duckdb")
    else:
        warehouse = PostgresWarehouse(request.getfixturevalue("postgres_dsn"))
    try:
        yield evaluated_project(root / "project", warehouse, raw, OBJECTS)
    finally:
        warehouse.close()


def evaluated_project(root: Path, warehouse: Warehouse, raw: dict[str, Any],
                      objects: int) -> Scenario:
    """The generated project of `objects` objects over `raw`, evaluated at T1."""
    columns = {table: raw[table]["columns"] for table in synthetic.TABLES}
    scenario = Scenario(root=root, warehouse=warehouse, columns=columns)
    models = generated_objects.generated_objects(objects, live_from=START)
    scenario.objects = {m["name"]: m["config"]["meta"]["trig"] for m in models}
    scenario.load(**{table: raw[table]["rows"] for table in synthetic.TABLES})
    scenario.evaluate(T1)
    return scenario


# ------------------------------------------------------------ independent reading
def well_formed(raw: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Entities whose rows are unambiguous: one row, an id, people in a known
    organisation. The deliberately bad rows are the input tests' business."""
    entities: dict[str, dict[str, dict[str, Any]]] = {}
    for entity, table in (("organisation", "organisations"), ("person", "people")):
        key = KEYS[entity]
        ids = [row[key] for row in raw[table]["rows"]]
        entities[entity] = {row[key]: row for row in raw[table]["rows"]
                            if row[key] is not None and ids.count(row[key]) == 1}
    entities["person"] = {pid: row for pid, row in entities["person"].items()
                          if row["organisation_id"] in entities["organisation"]}
    return entities


def first_matches(raw: dict[str, Any], entity: str, leaf: dict[str, Any],
                  until: str) -> dict[str, str]:
    """Entity -> time of its first event matching ``leaf`` in [START, until]."""
    people_org = {r["person_id"]: r["organisation_id"] for r in raw["people"]["rows"]}
    seen: set[str] = set()
    first: dict[str, str] = {}
    for e in sorted(raw["events"]["rows"], key=lambda r: r["occurred_at"]):
        if e["event_id"] is None or e["event_id"] in seen:
            continue
        seen.add(e["event_id"])
        at = stamp(e["occurred_at"])
        if e["event_name"] != leaf["event"] or not START <= at <= until:
            continue
        properties = json.loads(e["properties"]) if e["properties"] else {}
        if any(properties.get(k) != v for k, v in (leaf.get("where") or {}).items()):
            continue
        who = e["person_id"] if entity == "person" else \
            e["organisation_id"] or people_org.get(e["person_id"])
        if who is not None:
            first.setdefault(who, at)
    return first


def meets(criteria: Any, row: dict[str, Any], t: datetime) -> bool:
    """The generator's cohort criteria read by hand (README's operator meanings)."""
    if isinstance(criteria, list):
        return all(meets(c, row, t) for c in criteria)
    if "all" in criteria:
        return all(meets(c, row, t) for c in criteria["all"])
    if "any" in criteria:
        return any(meets(c, row, t) for c in criteria["any"])
    if len(criteria) > 1:
        return all(meets({k: v}, row, t) for k, v in criteria.items())
    (column, condition), = criteria.items()
    return holds(row[column], condition, t)


def holds(value: Any, condition: Any, t: datetime) -> bool:
    if not isinstance(condition, dict):
        return value is not None and value == condition
    (op, operand), = condition.items()
    if op == "has_any_value":
        return value is not None and value != ""
    if op in ("!=", "not_in"):
        return value is None or value not in (operand if op == "not_in" else [operand])
    if value is None:
        return False
    if op == "in":
        return value in operand
    if op == "contains":
        return operand in value
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    moment = re.fullmatch(r"(\d+) days( ago)?", str(operand))
    if moment:
        span = timedelta(days=int(moment.group(1)))
        return {"more_than": lambda: value < t - span,
                "less_than": lambda: t - span < value <= t,
                "within_next": lambda: t <= value <= t + span}[op]()
    return {"at_least": value >= operand, "greater_than": value > operand,
            "at_most": value <= operand}[op]


def specs(kind_suffix: str, objects: int = OBJECTS) -> list[tuple[str, dict[str, Any]]]:
    models = generated_objects.generated_objects(objects, live_from=START)
    return [(m["name"], m["config"]["meta"]["trig"]) for m in models
            if m["name"].endswith(kind_suffix)]


# ---------------------------------------------------------------------------- tests
def test_many_objects_build_and_agree_with_an_independent_reading(
    built: Scenario, raw: dict[str, Any]
) -> None:
    """One test per warehouse, so that parallel workers never build the 210 objects
    twice (a module fixture is set up again on every worker that runs one of its tests)."""
    check_every_object_has_its_relation_and_only_declared_objects_have_transitions(built)
    check_first_time_behaviours_complete_at_the_first_matching_event(built, raw)
    check_cohorts_hold_the_entities_that_meet_their_criteria(built, raw)
    check_follow_on_jobs_see_the_generated_attributes_of_the_behaviour_they_reference(built, raw)
    check_signals_of_every_objective_are_one_statement(built)


SIGNALS_LINE = re.compile(
    r"trig: evaluated the slow and fast Signals of (\d+) objectives \(statement of ([\d.]+) KB\)")


def signal_statements(project: Path) -> list[tuple[int, float]]:
    """(objectives, KB) of each Signals statement in dbt's log."""
    text = (project / "logs" / "dbt.log").read_text(errors="replace")
    return [(int(m.group(1)), float(m.group(2))) for m in SIGNALS_LINE.finditer(text)]


def check_signals_of_every_objective_are_one_statement(
    built: Scenario, objects: int = OBJECTS
) -> None:
    """Slow and fast Signals are evaluated for every objective in one statement per
    evaluation (ADR 019), however many objectives there are; and they are raised."""
    models = generated_objects.generated_objects(objects, live_from=START)
    objectives = sum(len(m["config"]["meta"]["trig"].get("objectives", [])) for m in models)
    assert objectives >= 20
    ((counted, kb),) = signal_statements(built.root)
    assert counted == objectives
    assert kb < 2 * objectives, "the statement grows by a row per objective, not a query"
    raised = built.query("select count(*) as n from {schema}.trig_transitions"
                         " where object_kind = 'signal' and transition_type = 'signal_raised'")
    assert raised[0]["n"] > 0


def check_first_time_behaviours_complete_at_the_first_matching_event(
    built: Scenario, raw: dict[str, Any], objects: int = OBJECTS
) -> None:
    entities = well_formed(raw)
    behaviours = specs("_first", objects)
    assert len(behaviours) >= 15
    completing = 0
    for name, spec in behaviours:
        expected = {who: at for who, at in
                    first_matches(raw, spec["entity"], spec["completion"], T1).items()
                    if who in entities[spec["entity"]]}
        rows = [(r[0], r[2], r[4]) for r in built.transitions(name)
                if r[0] in entities[spec["entity"]]]
        assert sorted(rows) == sorted(
            [(who, "completed", at) for who, at in expected.items()]
            + [(who, "entered", at) for who, at in expected.items()]), name
        completing += bool(expected)
    assert completing >= len(behaviours) // 3  # the data exercises many of them


def check_cohorts_hold_the_entities_that_meet_their_criteria(
    built: Scenario, raw: dict[str, Any], objects: int = OBJECTS
) -> None:
    entities = well_formed(raw)
    t = datetime.fromisoformat(T1)
    cohorts = specs("_cohort", objects)
    assert len(cohorts) >= 10
    for name, spec in cohorts:
        key = KEYS[spec["entity"]]
        members = {r[key] for r in built.query(f"select {key} from {{schema}}.{name}")}
        expected = {who for who, row in entities[spec["entity"]].items()
                    if meets(spec["criteria"], row, t)}
        assert members & set(entities[spec["entity"]]) == expected, name


def check_follow_on_jobs_see_the_generated_attributes_of_the_behaviour_they_reference(
    built: Scenario, raw: dict[str, Any], objects: int = OBJECTS
) -> None:
    entities = well_formed(raw)
    jobs = specs("_follow", objects)
    assert len(jobs) >= 10
    checked_attributes = 0
    for name, spec in jobs:
        (reference,) = spec["audience"]
        behaviour = reference.removeprefix("last_completion_of_")
        (_, behaviour_spec), = [s for s in specs("_first", objects) if s[0] == behaviour]
        entity, key = spec["entity"], KEYS[spec["entity"]]
        completed = {who: at for who, at in
                     first_matches(raw, entity, behaviour_spec["completion"], T1).items()
                     if who in entities[entity]}
        entered = {r[0] for r in built.transitions(name)
                   if r[2] == "entered" and r[0] in entities[entity]}
        assert entered == set(completed), name
        # the attribute the audience reads, as BI and placeholders see it
        for who in sorted(completed)[:2]:
            (row,) = built.query(f"select {reference} as value from {{schema}}.trig_{entity}"
                                 f"_attributes where {key} = '{who}'")
            assert stamp(row["value"]) == completed[who], (name, who)
            checked_attributes += 1
    assert checked_attributes >= 5


def check_every_object_has_its_relation_and_only_declared_objects_have_transitions(
    built: Scenario, objects: int = OBJECTS
) -> None:
    models = generated_objects.generated_objects(objects, live_from=START)
    assert generated_objects.object_count(models) == objects
    declared = {m["name"] for m in models} | {
        o["name"] for m in models for o in m["config"]["meta"]["trig"].get("objectives", [])}
    for model in models:  # each object's audience view answers
        built.query(f"select count(*) as n from {{schema}}.{model['name']}")
    rows = built.query("select distinct object_kind, object_name from {schema}.trig_transitions")
    with_transitions = {r["object_name"] for r in rows if r["object_kind"] != "signal"}
    assert with_transitions <= declared
    # most objects move on this data (cohorts never have transitions)
    assert len(with_transitions) >= len(declared) // 2
    # Signals are named after the objective their entities are slow at
    signals = {r["object_name"] for r in rows if r["object_kind"] == "signal"}
    assert {name.removeprefix("slow_") for name in signals} <= declared
