"""The one place trig invokes dbt: in-process, through dbt's programmatic runner."""

from __future__ import annotations

from pathlib import Path

from activation.errors import TrigError


def dbt_build(
    project_dir: Path, profiles_dir: Path | None, target: str | None, extra_args: tuple[str, ...]
) -> bool:
    """Run `dbt build`; True when every node succeeded."""
    from dbt.cli.main import dbtRunner  # imported here: dbt is slow to import

    args = ["build", "--project-dir", str(project_dir)]
    if profiles_dir is not None:
        args += ["--profiles-dir", str(profiles_dir)]
    if target:
        args += ["--target", target]
    args += list(extra_args)
    result = dbtRunner().invoke(args)
    if result.exception is not None:
        raise TrigError(
            f"dbt build could not run: {type(result.exception).__name__}: "
            f"{str(result.exception).splitlines()[0] if str(result.exception) else ''}",
            "fix the dbt project, then rerun; nothing was activated",
        )
    return bool(result.success)
