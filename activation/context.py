"""Build the runner's configuration and warehouse from CLI options, and map warehouse
errors to one-line user errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .config import RunnerConfig, load_runner_config, read_profile_target
from .errors import TrigError
from .logs import configure_logging, redact, register_secret
from .warehouse import Warehouse, target_from_profile


@dataclass
class RunContext:
    project_dir: Path
    profiles_dir: Path | None
    target_name: str
    config: RunnerConfig
    warehouse: Warehouse

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> RunContext:
        configure_logging(debug=options.get("debug", False), verbose=options.get("verbose", False))
        project_dir = Path(options["project_dir"]).resolve()
        profiles_dir = options.get("profiles_dir")
        target_name, target = read_profile_target(
            project_dir, profiles_dir, options.get("target"), options.get("profile")
        )
        for key in ("password", "pass", "token", "private_key_passphrase"):
            register_secret(str(target[key]) if target.get(key) else None)
        trig_block = target.get("trig") if isinstance(target.get("trig"), dict) else {}
        config = load_runner_config(options.get("config_path"), project_dir, trig_block)
        warehouse = Warehouse(
            target_from_profile(target, project_dir),
            config.runner_schema or runner_schema_var(project_dir),
            config.lock_timeout_seconds,
        )
        return cls(project_dir, profiles_dir, target_name, config, warehouse)


@contextmanager
def warehouse_errors(warehouse: Warehouse) -> Iterator[None]:
    """Turn database errors into one clear line; the raw SQL is never shown."""
    try:
        yield
    except DBAPIError as error:
        message = redact(str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else "")
        lowered = message.lower()
        if "trig_pending_actions" in lowered and (
            "does not exist" in lowered or "not found" in lowered
        ):
            raise TrigError(
                f"trig_pending_actions was not found in schema '{warehouse.target.schema}'",
                "run dbt build (or trig run) with the trig package first",
            ) from None
        raise TrigError(
            f"warehouse error: {message}", "check the dbt target and the tables"
        ) from None
    except SQLAlchemyError as error:
        raise TrigError(f"warehouse error: {type(error).__name__}") from None


def runner_schema_var(project_dir: Path) -> str | None:
    """The package var `trig_runner_schema` from dbt_project.yml, so dbt and trig agree."""
    try:
        project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    except (OSError, yaml.YAMLError):
        return None
    variables = project.get("vars") or {}
    scoped: dict[str, Any] = variables["trig"] if isinstance(variables.get("trig"), dict) else {}
    value = variables.get("trig_runner_schema") or scoped.get("trig_runner_schema")
    return str(value) if value and "{{" not in str(value) else None
