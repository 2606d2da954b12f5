"""Safe activation: refuse to act on a failed, stale or incompatible dbt build.

The package's on-run-end hook writes one row per build of `trig_pending_actions` into
`trig_build_log` (see docs/decisions/501-build-log-and-safe-activation.md). Before
delivering anything, `trig activate` reads the latest row and refuses, with one line and
exit code 2, when that build failed, finished longer ago than `freshness.error_after`,
or was written by a package whose diff-table contract this runner does not understand.
`--force` skips the checks for an operator who knows better.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import click
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .config import FreshnessThreshold
from .context import RunContext, warehouse_errors
from .errors import TrigError

# Diff-table contract versions (docs/contracts/diff_tables.md) this runner can read.
SUPPORTED_CONTRACTS = frozenset({1})
BUILD_LOG = "trig_build_log"
FORCE_HINT = "or pass --force if you know better"

force_option = click.option(
    "--force",
    is_flag=True,
    default=False,
    help="Act even if the last dbt build failed, is stale or was written by another version.",
)


@dataclass(frozen=True)
class BuildRecord:
    invocation_id: str
    status: str
    failures: int
    failed_nodes: str
    finished_at: datetime
    package_version: str
    contract_version: int


def check_build(context: RunContext, force: bool, now: datetime | None = None) -> None:
    """Raise TrigError (exit code 2) unless the latest recorded build is safe to act on."""
    if force:
        return
    record = latest_build(context)
    where = f"schema '{context.warehouse.runner_schema}'"
    if record is None:
        raise TrigError(
            f"refusing to activate: no dbt build of the trig package is recorded in {where} "
            f"({BUILD_LOG} is missing or empty)",
            f"run dbt build (or trig run) first, {FORCE_HINT}",
        )
    refusal = (
        compatibility_problem(record)
        or failure_problem(record)
        or staleness_problem(record, context.config.freshness.error_after, now)
    )
    if refusal:
        raise TrigError(f"refusing to activate: {refusal[0]}", f"{refusal[1]}, {FORCE_HINT}")
    warning = staleness_problem(record, context.config.freshness.warn_after, now, "warn_after")
    if warning:
        click.echo(f"trig: warning: {warning[0]}", err=True)


def latest_build(context: RunContext) -> BuildRecord | None:
    warehouse = context.warehouse
    sql = (
        "select invocation_id, status, failures, failed_nodes, finished_at, package_version, "
        f"contract_version from {warehouse.table(BUILD_LOG)} order by finished_at desc"
    )
    with warehouse_errors(warehouse):
        try:
            with warehouse.connect() as conn:
                row = conn.execute(text(sql)).first()
        except DBAPIError as error:
            if _is_missing_relation(error):
                return None
            raise
    if row is None:
        return None
    m = row._mapping
    return BuildRecord(
        invocation_id=str(m["invocation_id"]),
        status=str(m["status"]),
        failures=int(m["failures"] or 0),
        failed_nodes=str(m["failed_nodes"] or ""),
        finished_at=_naive_utc(m["finished_at"]),
        package_version=str(m["package_version"]),
        contract_version=int(m["contract_version"] or 0),
    )


def compatibility_problem(record: BuildRecord) -> tuple[str, str] | None:
    if record.contract_version in SUPPORTED_CONTRACTS:
        return None
    understood = ", ".join(str(v) for v in sorted(SUPPORTED_CONTRACTS))
    return (
        f"the diff tables were written by trig package {record.package_version} "
        f"(contract {record.contract_version}); this runner ({runner_version()}) understands "
        f"contract {understood}",
        f"install trig-lifecycle {record.package_version} to match the package",
    )


def failure_problem(record: BuildRecord) -> tuple[str, str] | None:
    if record.status == "success":
        return None
    nodes = f" ({record.failed_nodes})" if record.failed_nodes else ""
    return (
        f"the last dbt build (invocation {record.invocation_id}, finished "
        f"{record.finished_at:%Y-%m-%d %H:%M} UTC) failed: {record.failures} node(s) in "
        f"error{nodes}",
        "fix the build and rerun dbt build",
    )


def staleness_problem(
    record: BuildRecord,
    limit: FreshnessThreshold | None,
    now: datetime | None,
    setting: str = "error_after",
) -> tuple[str, str] | None:
    if limit is None:
        return None
    current = now or datetime.now(UTC).replace(tzinfo=None)
    age = current - record.finished_at
    if age <= limit.as_timedelta():
        return None
    return (
        f"the last dbt build finished {_describe(age)} ago ({record.finished_at:%Y-%m-%d %H:%M} "
        f"UTC), more than freshness.{setting} ({limit.describe()})",
        "run dbt build again (or raise freshness.error_after in trig.yml)",
    )


def runner_version() -> str:
    try:
        return version("trig-lifecycle")
    except PackageNotFoundError:
        return "unknown"


def _describe(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    if hours >= 1:
        return f"{hours:.1f} hours"
    return f"{age.total_seconds() / 60:.0f} minutes"


def _naive_utc(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value  # type: ignore[no-any-return]


def _is_missing_relation(error: DBAPIError) -> bool:
    message = str(error.orig).lower()
    return BUILD_LOG in message and ("does not exist" in message or "not found" in message)
