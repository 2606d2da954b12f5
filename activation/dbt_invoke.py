"""The one place trig invokes dbt: in-process, through dbt's programmatic runner."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

import yaml

from .errors import TrigError

PACKAGE_FILES = ("packages.yml", "dependencies.yml")


def dbt_build(
    project_dir: Path,
    profiles_dir: Path | None,
    target: str | None,
    extra_args: tuple[str, ...],
    quiet: bool = False,
) -> bool:
    """Run `dbt build` (after `dbt deps` when packages are missing); True when every node
    succeeded."""
    flags = ["--project-dir", str(project_dir)]
    if profiles_dir is not None:
        flags += ["--profiles-dir", str(profiles_dir)]
    if target:
        flags += ["--target", target]
    if quiet:
        flags.append("--quiet")  # keep stdout machine-readable under --json
    if packages_missing(project_dir):
        _invoke("deps", ["deps", *flags])
    result = _invoke("build", ["build", *flags, *extra_args])
    return bool(result.success)


def packages_missing(project_dir: Path) -> bool:
    """True when the project declares packages that `dbt deps` has not installed (a fresh
    clone: dbt_packages/ is never committed) or installed before the declaration changed."""
    declared = [project_dir / name for name in PACKAGE_FILES if (project_dir / name).exists()]
    packages = [p for path in declared for p in _read_packages(path)]
    if not packages:
        return False
    install_dir = project_dir / _install_path(project_dir)
    if not install_dir.is_dir():
        return True
    installed = [entry for entry in install_dir.iterdir() if not entry.name.startswith(".")]
    if len(installed) < len(packages):
        return True
    newest_declaration = max(path.stat().st_mtime for path in declared)
    return install_dir.stat().st_mtime < newest_declaration


def _read_packages(path: Path) -> list[Any]:
    content = yaml.safe_load(path.read_text()) or {}
    packages = content.get("packages") if isinstance(content, dict) else None
    return packages if isinstance(packages, list) else []


def _install_path(project_dir: Path) -> str:
    project_file = project_dir / "dbt_project.yml"
    if project_file.exists():
        project = yaml.safe_load(project_file.read_text()) or {}
        configured = project.get("packages-install-path") if isinstance(project, dict) else None
        if isinstance(configured, str) and "{{" not in configured:
            return configured
    return "dbt_packages"


def _invoke(what: str, args: list[str]) -> Any:
    from dbt.cli.main import dbtRunner  # imported here: dbt is slow to import

    result = dbtRunner().invoke(args)
    release_duckdb_file()
    if result.exception is not None:
        first_line = str(result.exception).splitlines()[0] if str(result.exception) else ""
        raise TrigError(
            f"dbt {what} could not run: {type(result.exception).__name__}: {first_line}",
            "fix the dbt project, then rerun; nothing was activated",
        )
    return result


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
