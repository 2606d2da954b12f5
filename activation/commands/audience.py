"""`trig audience OBJECT`: who an object's audience matches at T, and why, without
writing anything: count, ARR, a sample of members with the values that made each one
match, and the entry messages they would get rendered with their real data."""

from __future__ import annotations

import difflib
import json
from typing import Any

import click

from .. import params
from ..audience import Audience, ObjectInfo, evaluate_audiences, read_only
from ..audience_diff import load_specs, project_manifest
from ..audience_messages import first_people, render_entry_actions
from ..context import RunContext
from ..errors import TrigError
from ..exit_codes import ExitCode

PREVIEW_COLUMNS = ("object_name", "entity_id", "arr", "is_excluded")
KINDS = ("job", "stage", "behaviour", "cohort")


@click.command("audience")
@params.connection_options
@click.argument("object_name", metavar="OBJECT")
@click.option("--at", "at", help="Evaluation time T (UTC, e.g. '2025-03-10 09:00'); default now.")
@click.option("--sample", type=click.IntRange(min=0), default=5, show_default=True)
@params.as_json
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Preview an object's audience at T (count, ARR, members and why, their messages)."""
    context = RunContext.from_options(options)
    name = options["object_name"]
    audience = evaluate_audiences(context, at=options.get("at"), only=name, detail=True)
    if name not in audience.objects:
        raise _unknown_object(name, context)
    report = build_report(context, audience, audience.objects[name], options["sample"])
    context.warehouse.dispose()
    if options.get("as_json"):
        click.echo(json.dumps(report, sort_keys=True, default=str))
    else:
        print_report(report)
    problems = any(m.get("problem") or m["empty_placeholders"] for m in _messages(report))
    ctx.exit(ExitCode.PARTIAL_FAILURE if problems else ExitCode.SUCCESS)


def build_report(
    context: RunContext, audience: Audience, info: ObjectInfo, sample: int
) -> dict[str, Any]:
    members = audience.members(info.name)
    excluded = [row for row in audience.members(info.name, True) if row["is_excluded"]]
    chosen = sorted(members, key=lambda row: (-(row["arr"] or 0), str(row["entity_id"])))[:sample]
    people: dict[str, dict[str, Any]] = {}
    if info.entity == "organisation" and any(a["type"] == "email" for a in info.actions):
        with read_only(context.warehouse) as conn:
            people = first_people(
                conn, context.warehouse, [str(r["organisation_id"]) for r in chosen]
            )
    return {
        "object": info.name,
        "kind": info.kind,
        "entity": info.entity,
        "status": info.status,
        "evaluated_at": audience.evaluated_at,
        "count": len(members),
        "arr": arr_sum(members),
        "excluded_count": len(excluded),
        "excluded_arr": arr_sum(excluded),
        "sample": [_member(info, row, people, context) for row in chosen],
    }


def arr_sum(rows: list[dict[str, Any]]) -> float:
    """ARR once per organisation (people of one organisation share its ARR)."""
    per_organisation = {str(r["organisation_id"]): float(r["arr"] or 0) for r in rows}
    return round(sum(per_organisation.values()), 2)


def _member(
    info: ObjectInfo,
    row: dict[str, Any],
    people: dict[str, dict[str, Any]],
    context: RunContext,
) -> dict[str, Any]:
    leaf_columns = {f"{leaf['id']}_events" for leaf in info.leaves}
    attributes = {
        k: v for k, v in row.items() if k not in PREVIEW_COLUMNS and k not in leaf_columns
    }
    attributes["entity_id"] = row["entity_id"]
    return {
        "entity_id": row["entity_id"],
        "organisation_id": row["organisation_id"],
        "name": row.get("organisation_name") or row.get("first_name"),
        "arr": row["arr"],
        "matched_on": {column: row.get(column) for column in info.attributes},
        "event_counts": {
            info.leaf_label(leaf): row[f"{leaf['id']}_events"] for leaf in info.leaves
        },
        "messages": render_entry_actions(
            info, attributes, people.get(str(row["organisation_id"])), context.config
        ),
    }


def _messages(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [message for member in report["sample"] for message in member["messages"]]


def _unknown_object(name: str, context: RunContext) -> TrigError:
    # dbt has just written the working copy's manifest: its objects, without a query
    specs = load_specs(project_manifest(context.project_dir))
    known = sorted(
        n for n, spec in specs.items() if isinstance(spec, dict) and spec.get("kind") in KINDS
    )
    near = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"known objects: {', '.join(known) or 'none'}"
    return TrigError(f"no job, stage, behaviour or cohort named '{name}'", hint)


def print_report(report: dict[str, Any]) -> None:
    entity = report["entity"] + ("s" if report["count"] != 1 else "")
    click.echo(
        f"{report['object']} ({report['kind']}, {report['status']}) at {report['evaluated_at']}: "
        f"{report['count']} {entity}, ARR {report['arr']:,.0f}"
    )
    if report["excluded_count"]:
        click.echo(
            f"  excluded: {report['excluded_count']} more match the audience "
            f"(ARR {report['excluded_arr']:,.0f}) but an exclusion applies"
        )
    for member in report["sample"]:
        values = ", ".join(f"{k}={v}" for k, v in member["matched_on"].items())
        events = ", ".join(f"{k}: {v}" for k, v in member["event_counts"].items())
        why = "; ".join(part for part in (values, events) if part)
        click.echo(f"- {member['entity_id']} {member['name'] or ''} (ARR {member['arr']}): {why}")
        for message in member["messages"]:
            _print_message(message)


def _print_message(message: dict[str, Any]) -> None:
    click.echo(f"    {message['channel']} to {message['recipient']}")
    if message.get("problem"):
        click.echo(f"    PROBLEM: {message['problem']}")
        return
    if message["empty_placeholders"]:
        click.echo(f"    WARNING: empty placeholder(s): {', '.join(message['empty_placeholders'])}")
    for key, value in message["message"].items():
        text = str(value).replace("\n", "\n        ")
        click.echo(f"      {key}: {text}")
