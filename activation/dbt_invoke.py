"""The one place trig invokes dbt: in-process, through dbt's programmatic runner."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path

from .errors import TrigError


def dbt_build(
    project_dir: Path,
    profiles_dir: Path | None,
    target: str | None,
    extra_args: tuple[str, ...],
    quiet: bool = False,
) -> bool:
    """Run `dbt build`; True when every node succeeded."""
    from dbt.cli.main import dbtRunner  # imported here: dbt is slow to import

    args = ["build", "--project-dir", str(project_dir)]
    if profiles_dir is not None:
        args += ["--profiles-dir", str(profiles_dir)]
    if target:
        args += ["--target", target]
    if quiet:
        args.append("--quiet")  # keep stdout machine-readable under --json
    args += list(extra_args)
    result = dbtRunner().invoke(args)
    _release_duckdb_file()
    if result.exception is not None:
        raise TrigError(
            f"dbt build could not run: {type(result.exception).__name__}: "
            f"{str(result.exception).splitlines()[0] if str(result.exception) else ''}",
            "fix the dbt project, then rerun; nothing was activated",
        )
    return bool(result.success)


def _release_duckdb_file() -> None:
    """dbt-duckdb keeps its database open in-process after a build; DuckDB then refuses a
    second connection with another configuration. Close it so activation can open it."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    environment = getattr(DuckDBConnectionManager, "_ENV", None)
    if environment is not None:
        # Best effort: if closing fails, the next connect reports the problem clearly.
        with contextlib.suppress(Exception):
            environment.close()
    DuckDBConnectionManager.close_all_connections()
    gc.collect()
