"""The one place trig invokes dbt: in-process, through dbt's programmatic runner."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

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
    release_duckdb_file()
    if result.exception is not None:
        raise TrigError(
            f"dbt build could not run: {type(result.exception).__name__}: "
            f"{str(result.exception).splitlines()[0] if str(result.exception) else ''}",
            "fix the dbt project, then rerun; nothing was activated",
        )
    return bool(result.success)


def dbt_compile_inline(
    project_dir: Path,
    profiles_dir: Path | None,
    target: str | None,
    sql: str,
    variables: dict[str, object],
) -> str:
    """Compile a Jinja SQL snippet against the project (`dbt compile --inline`): dbt
    parses the project and reads the catalogue, runs no hooks and writes no relation."""
    import json

    from dbt.cli.main import dbtRunner

    args = ["compile", "--inline", sql, "--project-dir", str(project_dir), "--log-level", "none"]
    if profiles_dir is not None:
        args += ["--profiles-dir", str(profiles_dir)]
    if target:
        args += ["--target", target]
    args += ["--vars", json.dumps(variables)]
    result = dbtRunner().invoke(args)
    release_duckdb_file()
    if result.exception is not None or not result.success:
        reason = result.exception or _first_error(result.result)
        lines = [line.strip() for line in str(reason).splitlines() if line.strip()]
        detail = " ".join(line for line in lines if not line.endswith("Error"))[:400]
        raise TrigError(
            f"dbt could not compile the audience query: {detail or 'unknown error'}",
            "fix the project (dbt compile shows the full error) and rerun",
        )
    executed: Any = result.result  # a RunExecutionResult for `compile`
    return str(executed.results[0].node.compiled_code)


def _first_error(result: object) -> str:
    for node_result in getattr(result, "results", None) or []:
        if getattr(node_result, "message", None):
            return str(node_result.message)
    return "unknown error"


def release_duckdb_file() -> None:
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
