"""`trig report`: one self-contained HTML file (no server, no CDN) for the CS team:
stage funnels, Signals with ARR at risk, job results, and who is where now."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .. import params
from ..audience import read_only
from ..context import RunContext
from ..exit_codes import ExitCode
from ..report.data import read_report_data
from ..report.render import render_report


@click.command("report")
@params.connection_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("trig_report.html"),
    show_default=True,
)
@click.option(
    "--object",
    "objects",
    multiple=True,
    help="Show the current members of this job or stage (repeatable; default: all).",
)
@click.option("--members", type=click.IntRange(min=0), default=50, show_default=True)
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Write the HTML report built from the warehouse."""
    context = RunContext.from_options(options)
    with read_only(context.warehouse) as conn:
        data = read_report_data(
            conn, context.warehouse, tuple(options["objects"]), options["members"]
        )
    context.warehouse.dispose()
    output: Path = options["output"]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(data), encoding="utf-8")
    click.echo(f"trig: wrote {output.resolve()}")
    ctx.exit(ExitCode.SUCCESS)
