"""`trig run`: dbt build, then activate, in one process."""

from __future__ import annotations

from typing import Any

import click

from .. import params
from ..build_check import force_option
from ..commands.activate import activate
from ..context import RunContext
from ..dbt_invoke import dbt_build
from ..exit_codes import ExitCode


@click.command("run")
@params.connection_options
@params.select
@params.limit
@params.dry_run
@params.as_json
@click.option(
    "--dbt-arg", "dbt_args", multiple=True, help="Extra argument for dbt build (repeatable)."
)
@force_option
@click.pass_context
def command(ctx: click.Context, **options: Any) -> None:
    """Run `dbt build`, then deliver pending actions if the build succeeded."""
    context = RunContext.from_options(options)
    built = dbt_build(
        context.project_dir,
        context.profiles_dir,
        options.get("target"),
        options["dbt_args"],
        quiet=bool(options.get("as_json")),
    )
    if not built:
        # Safe activation: never act on a failed build's (possibly partial) state.
        click.echo("trig: dbt build failed; nothing was activated", err=True)
        ctx.exit(ExitCode.PARTIAL_FAILURE)
    report = activate(context, options)
    ctx.exit(report.exit_code)
