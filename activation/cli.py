"""The `trig` command. Each command lives in its own module under activation/commands/."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from .errors import TrigError
from .exit_codes import ExitCode
from .logs import redact


class TrigGroup(click.Group):
    """Turns user errors into one line on stderr and the documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrigError as error:
            click.echo(f"trig: error: {redact(error.one_line())}", err=True)
            ctx.exit(ExitCode.USER_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("trig: interrupted", err=True)
            ctx.exit(ExitCode.PARTIAL_FAILURE)
        except Exception as error:
            if "--debug" in sys.argv or (ctx.obj or {}).get("debug"):
                click.echo(redact(traceback.format_exc()), err=True)
            click.echo(
                f"trig: internal error: {type(error).__name__} "
                "(rerun with --debug for the traceback, and please report it)",
                err=True,
            )
            ctx.exit(ExitCode.INTERNAL_ERROR)


@click.group(cls=TrigGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="trig-lifecycle")
def cli() -> None:
    """trig: deliver the lifecycle actions your dbt models computed, exactly once."""


def _register_commands() -> None:
    from .commands import activate, audience, diff, preview, replay, report, run, status

    for module in (activate, preview, status, run, replay, audience, diff, report):
        cli.add_command(module.command)


_register_commands()


def main() -> None:
    cli.main(prog_name="trig")
