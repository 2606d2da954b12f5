"""What the report shows, read from the marts in one read-only connection.

Only portable SQL (plain selects); aggregation that differs between warehouses (date
buckets, durations) is done here in Python. Optional relations (the insight marts,
the entry explanations) are read only when they exist, so the report works without them.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, inspect

from ..audience import query
from ..warehouse import Warehouse

HISTOGRAM_BINS = (1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 90)
OPTIONAL = ("trig_job_lift", "trig_retention_patterns", "trig_entry_explanations")
# Attribute columns shown for members when present (the rest are one click away in SQL).
MEMBER_COLUMNS = ("organisation_name", "first_name", "email", "plan", "arr", "csm_email")


@dataclass
class ReportData:
    warehouse_kind: str
    schema: str
    last_evaluation: str | None
    stages: list[dict[str, Any]] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)
    signal_history: dict[str, Any] = field(default_factory=dict)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    lift: list[dict[str, Any]] | None = None
    patterns: list[dict[str, Any]] | None = None
    members: list[dict[str, Any]] = field(default_factory=list)


def read_report_data(
    conn: Connection, warehouse: Warehouse, objects: tuple[str, ...], member_limit: int
) -> ReportData:
    present = _relations(conn, warehouse.target.schema)
    missing = {"trig_episodes", "trig_job_metrics", "trig_signals"} - present
    if missing:
        from ..errors import TrigError

        raise TrigError(
            f"{', '.join(sorted(missing))} not found in schema '{warehouse.target.schema}'",
            "run dbt build with the trig package first",
        )

    def rows(sql: str) -> list[dict[str, Any]]:
        return query(conn, sql)

    def table(name: str) -> str:
        return warehouse.table(name, runner_owned=False)

    data = ReportData(
        warehouse.target.kind, warehouse.target.schema, _last_evaluation(conn, table, present)
    )
    episodes = rows(
        "select object_name, object_kind, parent_object_name, entity_type, entity_id, "
        "organisation_id, episode_number, entered_at, completed_at, exited_at, status "
        f"from {table('trig_episodes')}"
    )
    data.stages = stage_funnels(episodes)
    signals = rows(f"select * from {table('trig_signals')}")
    data.signals = signal_totals(signals)
    data.signal_history = signal_history(signals)
    data.jobs = sorted(
        rows(f"select * from {table('trig_job_metrics')}"), key=lambda r: r["object_name"]
    )
    if "trig_job_lift" in present:
        data.lift = rows(f"select * from {table('trig_job_lift')}")
    if "trig_retention_patterns" in present:
        data.patterns = rows(f"select * from {table('trig_retention_patterns')}")
    data.members = current_members(
        conn, warehouse, episodes, objects, member_limit, "trig_entry_explanations" in present
    )
    return data


def _relations(conn: Connection, schema: str) -> set[str]:
    inspector = inspect(conn)
    return {
        name.lower()
        for name in inspector.get_table_names(schema) + inspector.get_view_names(schema)
    }


def _last_evaluation(conn: Connection, table: Any, present: set[str]) -> str | None:
    if "trig_evaluations" not in present:
        return None
    value = query(conn, f"select max(evaluated_at) as t from {table('trig_evaluations')}")[0]["t"]
    return None if value is None else str(value)[:19]


def stage_funnels(episodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per stage: entered/completed/exited/active, and per objective the episodes that
    completed it, completion rate and days from stage entry (mean, median, histogram)."""
    stages: dict[str, dict[str, Any]] = {}
    entered_at: dict[tuple[str, str, int], datetime] = {}
    for row in episodes:
        if row["object_kind"] == "stage":
            stage = stages.setdefault(row["object_name"], _new_stage(row["object_name"]))
            stage["entered"] += 1
            stage[row["status"]] += 1
            entered_at[(row["object_name"], row["entity_id"], row["episode_number"])] = _ts(
                row["entered_at"]
            )
    days: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: Counter[tuple[str, str]] = Counter()
    for row in episodes:
        if row["object_kind"] != "objective" or row["parent_object_name"] not in stages:
            continue
        key = (row["parent_object_name"], row["object_name"])
        counts[key] += 0
        start = entered_at.get((row["parent_object_name"], row["entity_id"], row["episode_number"]))
        if row["status"] == "completed" and start is not None and row["completed_at"] is not None:
            counts[key] += 1
            days[key].append((_ts(row["completed_at"]) - start).total_seconds() / 86400)
    for (stage_name, objective), completed in sorted(counts.items()):
        stage = stages[stage_name]
        durations = sorted(days[(stage_name, objective)])
        stage["objectives"].append(
            {
                "objective": objective,
                "completed": completed,
                "completion_rate": completed / stage["entered"] if stage["entered"] else None,
                "mean_days": sum(durations) / len(durations) if durations else None,
                "median_days": _median(durations),
                "histogram": histogram(durations),
            }
        )
    for stage in stages.values():
        # most completed first: the bars read as a funnel
        stage["objectives"].sort(key=lambda item: (-item["completed"], item["objective"]))
    return [stages[name] for name in sorted(stages)]


def _new_stage(name: str) -> dict[str, Any]:
    return {"stage": name, "entered": 0, "completed": 0, "exited": 0, "active": 0, "objectives": []}


def histogram(durations: list[float]) -> list[dict[str, Any]]:
    """Counts per bucket of days-to-complete: ≤1, ≤2, ≤3, ≤5, ... ≤90, >90."""
    counts = [0] * (len(HISTOGRAM_BINS) + 1)
    for days in durations:
        index = next((i for i, upper in enumerate(HISTOGRAM_BINS) if days <= upper), -1)
        counts[index] += 1
    labels = [f"≤{upper}d" for upper in HISTOGRAM_BINS] + [f">{HISTOGRAM_BINS[-1]}d"]
    return [{"label": label, "count": count} for label, count in zip(labels, counts, strict=True)]


def signal_totals(signals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    totals: dict[str, dict[str, Any]] = {}
    for row in signals:
        item = totals.setdefault(
            row["signal_name"],
            {
                "signal": row["signal_name"],
                "stage": row["stage_name"],
                "active": 0,
                "arr_at_risk": 0.0,
                "raised": 0,
                "resolved": 0,
            },
        )
        item["raised"] += 1 if row["raised_at"] is not None else 0
        item["resolved"] += 1 if row["resolved_at"] is not None else 0
        if row["is_active"]:
            item["active"] += 1
            # opportunity Signals (fast completers, usage thresholds) are not at risk
            if row.get("polarity", "risk") == "risk":
                item["arr_at_risk"] += float(row["arr"] or 0)
    return sorted(totals.values(), key=lambda item: -item["arr_at_risk"])


def signal_history(signals: list[dict[str, Any]]) -> dict[str, Any]:
    """Per week: Signals raised, resolved, and active at the week's end (all Signals)."""
    events = [(_ts(r["raised_at"]), 1) for r in signals if r["raised_at"] is not None]
    events += [(_ts(r["resolved_at"]), -1) for r in signals if r["resolved_at"] is not None]
    if not events:
        return {"weeks": [], "raised": [], "resolved": [], "active": []}
    first = _monday(min(moment for moment, _ in events))
    last = _monday(max(moment for moment, _ in events))
    weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    raised = Counter(_monday(moment) for moment, sign in events if sign > 0)
    resolved = Counter(_monday(moment) for moment, sign in events if sign < 0)
    active, running = [], 0
    for week in weeks:
        running += raised[week] - resolved[week]
        active.append(running)
    return {
        "weeks": [week.isoformat() for week in weeks],
        "raised": [raised[week] for week in weeks],
        "resolved": [resolved[week] for week in weeks],
        "active": active,
    }


def current_members(
    conn: Connection,
    warehouse: Warehouse,
    episodes: list[dict[str, Any]],
    objects: tuple[str, ...],
    limit: int,
    with_explanations: bool,
) -> list[dict[str, Any]]:
    """Active members of each chosen job or stage (all jobs and stages by default), with
    their key attributes and, where the explanations mart exists, why they entered."""
    active = [
        r for r in episodes if r["status"] == "active" and r["object_kind"] in ("job", "stage")
    ]
    names = (
        sorted({r["object_name"] for r in active} | set(objects)) if not objects else list(objects)
    )
    attributes = _attributes(conn, warehouse, {r["entity_type"] for r in active})
    explanations = _explanations(conn, warehouse) if with_explanations else {}
    result = []
    for name in names:
        members = sorted(
            (r for r in active if r["object_name"] == name),
            key=lambda r: str(r["entered_at"]),
            reverse=True,
        )
        shown = []
        for row in members[:limit]:
            attrs = attributes.get((row["entity_type"], str(row["entity_id"])), {})
            shown.append(
                {
                    "entity_id": row["entity_id"],
                    "entered_at": str(row["entered_at"])[:19],
                    **{c: attrs.get(c) for c in MEMBER_COLUMNS if c in attrs},
                    "why": explanations.get(
                        (name, str(row["entity_id"]), row["episode_number"]), ""
                    ),
                }
            )
        result.append({"object": name, "count": len(members), "members": shown})
    return result


def _attributes(
    conn: Connection, warehouse: Warehouse, entity_types: set[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for entity in sorted(entity_types):
        relation = warehouse.table(f"trig_{entity}_attributes", runner_owned=False)
        for row in query(conn, f"select * from {relation}"):
            found[(entity, str(row[f"{entity}_id"]))] = row
    return found


def _explanations(conn: Connection, warehouse: Warehouse) -> dict[tuple[str, str, int], str]:
    relation = warehouse.table("trig_entry_explanations", runner_owned=False)
    found = {}
    for row in query(
        conn,
        "select object_name, entity_id, episode_number, attribute_values, event_counts "
        f"from {relation}",
    ):
        found[(row["object_name"], str(row["entity_id"]), row["episode_number"])] = explain(row)
    return found


def explain(row: dict[str, Any]) -> str:
    parts = []
    for column in ("attribute_values", "event_counts"):
        value = row.get(column)
        if value:
            loaded = json.loads(value) if isinstance(value, str) else value
            parts += [f"{k}={v}" for k, v in sorted(loaded.items())]
    return ", ".join(parts)


def _ts(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return datetime.fromisoformat(str(value)[:19])


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
