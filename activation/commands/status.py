"""`trig status`: pending / sent / failed / unknown ... counts per job and channel."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from .. import params
from ..context import RunContext, warehouse_errors
from ..exit_codes import ExitCode
from ..ledger import FINAL_STATUSES, Ledger
from ..pending import Selection
from ..runner_tables import ensure_runner_tables

COLUMNS = ("pending", "claimed", *FINAL_STATUSES)


@click.command("status")
@params.connection_options
@params.select
@params.as_json
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Show delivery counts per job and channel."""
    context = RunContext.from_options(options)
    selection = Selection.parse(options.get("selectors") or ())
    with warehouse_errors(context.warehouse), context.warehouse.connect() as conn:
        ensure_runner_tables(conn, context.warehouse)
        rows = Ledger(context.warehouse).status_counts(conn, selection)
    context.warehouse.dispose()
    table = _pivot(rows)
    if options.get("as_json"):
        click.echo(json.dumps(table, sort_keys=True))
    else:
        _print_table(table)
    ctx.exit(ExitCode.SUCCESS)


def _pivot(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
    for row in rows:
        grouped[(row["object_name"], row["channel"])][row["status"]] += row["count"]
    return [
        {"object_name": name, "channel": channel, **counts}
        for (name, channel), counts in sorted(grouped.items())
    ]


def _print_table(table: list[dict[str, Any]]) -> None:
    if not table:
        click.echo("trig: no actions yet (nothing pending, nothing delivered)")
        return
    shown = [c for c in COLUMNS if any(row[c] for row in table)]
    view = Table("job", "channel", *shown)
    for row in table:
        view.add_row(row["object_name"], row["channel"], *(str(row[c]) for c in shown))
    Console(width=160).print(view)
