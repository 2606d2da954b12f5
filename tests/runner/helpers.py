"""Test helpers: a dbt-like project on DuckDB or PostgreSQL, pending-action rows, CLI calls."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool
from trig_lifecycle.cli import cli
from trig_lifecycle.pending import PENDING_COLUMNS

REPO_ROOT = Path(__file__).resolve().parents[2]

PENDING_DDL = """
create table {table} (
  action_id varchar, transition_id varchar, object_name varchar, object_kind varchar,
  entity_type varchar, entity_id varchar, organisation_id varchar, episode_number integer,
  transition_type varchar, step integer, occurred_at timestamp, evaluated_at timestamp,
  person_id varchar, action_index integer, action_type varchar, action_config varchar,
  recipient varchar, thread_key varchar, message_attributes varchar, is_shadow boolean
)
"""
COLUMNS = list(PENDING_COLUMNS)
# trig_build_log as the package's on-run-end hook creates it (macros/build/trig_record_build.sql)
BUILD_LOG_DDL = """
create table {table} (
  invocation_id varchar, command varchar, status varchar, failures integer,
  failed_nodes varchar, evaluated_at timestamp, started_at timestamp, finished_at timestamp,
  package_version varchar, contract_version integer, dbt_version varchar
)
"""

DEFAULT_ATTRIBUTES = {
    "first_name": "Ada",
    "organisation_name": "Acme",
    "csm_email": "csm@example.com",
    "plan": "pro",
}
DEFAULT_EMAIL = {
    "from": "Lee at Example <lee@example.com>",
    "subject": "Quick tip for {organisation_name}",
    "body": "Hi {first_name},\n\nHere is how to send your first invoice.\n\nThanks,\nLee",
}


def md5(*parts: object) -> str:
    return hashlib.md5("|".join(str(p) for p in parts).encode()).hexdigest()


def action_row(
    action_type: str = "email",
    recipient: str | None = "ada@example.com",
    config: dict[str, Any] | None = None,
    attributes: dict[str, Any] | None = None,
    *,
    object_name: str = "onboarding_nudge",
    entity_id: str = "p1",
    transition_type: str = "entered",
    step: int = 0,
    action_index: int = 0,
    is_shadow: bool = False,
    raw_config: str | None = None,
    occurred_at: datetime | None = None,
    episode: int = 1,
) -> dict[str, Any]:
    if config is None:
        config = dict(DEFAULT_EMAIL) if action_type == "email" else {}
    transition_id = md5(object_name, entity_id, episode, transition_type, step)
    return {
        "action_id": md5(transition_id, action_index, recipient),
        "transition_id": transition_id,
        "object_name": object_name,
        "object_kind": "job",
        "entity_type": "person",
        "entity_id": entity_id,
        "organisation_id": "o1",
        "episode_number": episode,
        "transition_type": transition_type,
        "step": step,
        "occurred_at": occurred_at or datetime(2024, 5, 1, 12, 0, 0),
        "evaluated_at": datetime(2024, 5, 1, 13, 0, 0),
        "person_id": entity_id,
        "action_index": action_index,
        "action_type": action_type,
        "action_config": raw_config if raw_config is not None else json.dumps(config),
        "recipient": recipient,
        "thread_key": md5("thread", object_name, entity_id, episode, recipient),
        "message_attributes": json.dumps({**DEFAULT_ATTRIBUTES, **(attributes or {})}),
        "is_shadow": is_shadow,
    }


def email_rows(count: int, object_name: str = "onboarding_nudge") -> list[dict[str, Any]]:
    return [
        action_row(recipient=f"person{i}@example.com", entity_id=f"p{i}", object_name=object_name)
        for i in range(count)
    ]


@dataclass
class Project:
    """A directory with dbt_project.yml + profiles.yml whose target holds the pending table."""

    directory: Path
    engine: Engine
    schema: str
    profile_target: dict[str, Any]
    env: dict[str, str] = field(default_factory=dict)

    @property
    def args(self) -> list[str]:
        return ["--project-dir", str(self.directory), "--profiles-dir", str(self.directory)]

    def write_files(self, trig_yml: dict[str, Any] | None = None) -> None:
        (self.directory / "dbt_project.yml").write_text("name: trig_test\nprofile: trig_test\n")
        profiles = {"trig_test": {"target": "dev", "outputs": {"dev": self.profile_target}}}
        (self.directory / "profiles.yml").write_text(yaml.safe_dump(profiles))
        base = {"retries": {"initial_wait_seconds": 0.01, "max_wait_seconds": 5}}
        (self.directory / "trig.yml").write_text(yaml.safe_dump({**base, **(trig_yml or {})}))

    def table(self, name: str) -> str:
        return f'"{self.schema}"."{name}"'

    def execute(self, sql: str, params: Any = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql), params or {})

    def query(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params or {})]

    def create_pending_table(self) -> None:
        self.execute(PENDING_DDL.format(table=self.table("trig_pending_actions")))
        self.execute(BUILD_LOG_DDL.format(table=self.table("trig_build_log")))
        self.record_build()

    def record_build(
        self,
        status: str = "success",
        finished_at: datetime | None = None,
        contract_version: int = 1,
        failed_nodes: str = "",
    ) -> None:
        """A row as the on-run-end hook writes it; fresh and successful by default."""
        finished = finished_at or datetime.now(UTC).replace(tzinfo=None)
        self.execute(
            f"insert into {self.table('trig_build_log')} values (:invocation, 'build', "
            ":status, :failures, :nodes, :finished, :finished, :finished, '0.1.0', "
            ":contract, '1.11.0')",
            {
                "invocation": md5("build", finished, status),
                "status": status,
                "failures": len([n for n in failed_nodes.split(",") if n.strip()]),
                "nodes": failed_nodes,
                "finished": finished,
                "contract": contract_version,
            },
        )

    def add_actions(self, rows: Sequence[dict[str, Any]]) -> None:
        placeholders = ", ".join(f":{c}" for c in COLUMNS)
        sql = f"insert into {self.table('trig_pending_actions')} values ({placeholders})"
        with self.engine.begin() as conn:
            conn.execute(text(sql), list(rows))

    def ledger(self) -> dict[str, tuple[str, str | None]]:
        rows = self.query(
            f"select action_id, status, error from {self.table('trig_delivery_ledger')}"
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for status, _ in self.ledger().values():
            counts[status] = counts.get(status, 0) + 1
        return counts

    def subprocess_env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {**os.environ, **self.env, **(extra or {})}
        env["PYTHONPATH"] = str(REPO_ROOT)
        return env

    def spawn(self, *command: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "trig_lifecycle", *command, *self.args],
            env=self.subprocess_env(extra_env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def duckdb_project(directory: Path) -> Project:
    path = directory / "warehouse.duckdb"
    engine = create_engine(f"duckdb:///{path}", poolclass=NullPool)
    project = Project(directory, engine, "main", {"type": "duckdb", "path": str(path)})
    project.write_files()
    project.create_pending_table()
    return project


def invoke_assert_code(
    ret_code: int, args: Sequence[str], env: dict[str, str] | None = None
) -> Result:
    """Run the CLI in-process and check its exit code (sqlfluff's helper, for trig)."""
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == ret_code, (
        f"exit code {result.exit_code} != {ret_code}\nstdout:\n{result.stdout}\n"
        f"stderr:\n{result.stderr}"
    )
    return result
