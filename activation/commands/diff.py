"""`trig diff --state PATH`: how a change to lifecycle objects moves their audiences,
as Markdown for a pull-request comment or JSON for CI (see docs/report.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .. import params
from ..audience_diff import AudienceDiff, ObjectDiff, diff_audiences
from ..context import RunContext
from ..exit_codes import ExitCode

LISTED = 20  # entities listed per object in Markdown (JSON lists them all)


@click.command("diff")
@params.connection_options
@click.option(
    "--state",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    help="The deployed definition: a directory holding its manifest.json (or the file).",
)
@click.option("--at", "at", help="Evaluation time T (UTC); default now.")
@click.option(
    "--format", "output_format", type=click.Choice(["markdown", "json"]), default="markdown"
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Compare every object's audience between --state and the working copy."""
    context = RunContext.from_options(options)
    diff = diff_audiences(context, options["state"], options.get("at"))
    context.warehouse.dispose()
    if options["output_format"] == "json":
        text = json.dumps(diff.as_dict(), sort_keys=True)
    else:
        text = markdown(diff)
    if options.get("output"):
        options["output"].write_text(text + "\n")
        click.echo(f"trig: wrote {options['output']}")
    else:
        click.echo(text)
    ctx.exit(ExitCode.SUCCESS)


def markdown(diff: AudienceDiff) -> str:
    summary = diff.as_dict()["summary"]
    moved = [o for o in diff.objects if o.moved or o.change != "unchanged"]
    lines = [
        f"### trig audience diff at {diff.evaluated_at} UTC",
        "",
        f"{len(moved)} of {len(diff.objects)} object(s) affected: "
        f"+{summary['entities_added']} / −{summary['entities_removed']} entities, "
        f"ARR +{summary['arr_added']:,.0f} / −{summary['arr_removed']:,.0f}.",
        "",
    ]
    if not moved:
        return "\n".join([*lines, "No audience changes."])
    lines += [
        "| object | kind | change | before | after | added | removed | ARR added | ARR removed |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for o in moved:
        lines.append(
            f"| `{o.name}` | {o.kind} | {o.change} | {o.before} | {o.after} | +{len(o.added)} "
            f"| −{len(o.removed)} | {o.arr_added:,.0f} | {o.arr_removed:,.0f} |"
        )
    for o in moved:
        if o.moved:
            lines += ["", *_details(o)]
    return "\n".join(lines)


def _details(o: ObjectDiff) -> list[str]:
    lines = [f"<details><summary><code>{o.name}</code>: +{len(o.added)} / −{len(o.removed)}"]
    lines[0] += " </summary>\n\n```diff"
    for sign, ids in (("+", o.added), ("-", o.removed)):
        lines += [f"{sign} {entity}" for entity in ids[:LISTED]]
        if len(ids) > LISTED:
            lines.append(f"{sign} … and {len(ids) - LISTED} more")
    return [*lines, "```", "</details>"]
