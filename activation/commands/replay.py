"""`trig replay`: re-queue failed / unknown (or other final) actions."""

from __future__ import annotations

import json
from typing import Any

import click

from .. import params
from ..context import RunContext, warehouse_errors
from ..exit_codes import ExitCode
from ..ledger import REPLAYABLE_STATUSES, Ledger
from ..pending import Selection
from ..runner_tables import ensure_runner_tables


@click.command("replay")
@params.connection_options
@params.select
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(REPLAYABLE_STATUSES),
    default=("failed", "unknown"),
    show_default=True,
    help="Which final statuses to re-queue (repeatable).",
)
@click.option("--action-id", "action_ids", multiple=True, help="Only these actions.")
@params.as_json
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Make failed/unknown actions pending again; the next activate delivers them."""
    context = RunContext.from_options(options)
    selection = Selection.parse(options.get("selectors") or ())
    with warehouse_errors(context.warehouse), context.warehouse.connect() as conn:
        ensure_runner_tables(conn, context.warehouse)
        count = Ledger(context.warehouse).replay(
            conn, tuple(options["statuses"]), selection, tuple(options["action_ids"])
        )
    context.warehouse.dispose()
    if options.get("as_json"):
        click.echo(json.dumps({"requeued": count, "statuses": list(options["statuses"])}))
    else:
        click.echo(f"trig: re-queued {count} action(s); run `trig activate` to deliver them")
        if "unknown" in options["statuses"] and count:
            click.echo(
                "trig: note: `unknown` actions may already have reached the recipient",
                err=True,
            )
    ctx.exit(ExitCode.SUCCESS)
