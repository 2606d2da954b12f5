"""CLI options, defined once (with their environment variables) and shared by commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

project_dir = click.option(
    "--project-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DBT_PROJECT_DIR",
    default=Path("."),
    show_default=True,
    help="The dbt project (its dbt_project.yml names the profile).",
)
profiles_dir = click.option(
    "--profiles-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="DBT_PROFILES_DIR",
    default=None,
    help="Directory of profiles.yml (default: the project, then ~/.dbt).",
)
target = click.option(
    "--target", "-t", envvar="DBT_TARGET", default=None, help="The dbt target to use."
)
profile = click.option("--profile", default=None, help="Override the project's dbt profile.")
config = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TRIG_CONFIG",
    default=None,
    help="Runner settings file (default: <project-dir>/trig.yml).",
)
select = click.option(
    "--select",
    "-s",
    "selectors",
    multiple=True,
    help="Only these actions: job:NAME, stage:NAME, object:NAME or channel:TYPE (repeatable).",
)
limit = click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Handle at most this many actions."
)
as_json = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
dry_run = click.option(
    "--dry-run", is_flag=True, help="Decide what would happen; write and send nothing."
)
debug = click.option("--debug", is_flag=True, help="Debug logging (redacted) and tracebacks.")
verbose = click.option("--verbose", "-v", is_flag=True, help="Informational logging.")


def connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed([project_dir, profiles_dir, target, profile, config, debug, verbose]):
        command = option(command)
    return command
