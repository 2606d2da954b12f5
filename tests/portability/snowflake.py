"""Snowflake through fakesnow: a local server speaking Snowflake's HTTP protocol.

The server (`fakesnow -s`, DuckDB underneath) runs as a child process on 127.0.0.1 for
the whole test session; dbt talks to it with the unmodified dbt-snowflake adapter and
Snowflake connector (profile `host`/`port`/`protocol: http`). Each test gets its own
pair of schemas in one database, dropped afterwards.

Emulator workarounds live here, in test setup, never in the package (see
tests/portability/README.md):
- incremental models stage in transient tables (`customise_project`): fakesnow cannot
  create database-qualified TEMPORARY relations; dbt unit tests' temporary fixture
  tables become transient (dbt_macros/snowflake/fakesnow_workarounds.sql);
- NULL timestamps must reach the client as NULL, not 1970-01-01 (fakesnow_main.py);
- result column names come back upper case, as on real Snowflake (unquoted identifiers
  fold to upper case); `query` lower-cases them so the tests read the documented names.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.engine.harness import REPO_ROOT, DbApiWarehouse, IsolatedSchemas

DATABASE = "TRIG_TEST"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def fakesnow_server(log_path: Path) -> Iterator[dict[str, Any]]:
    """Start fakesnow's server on a free loopback port; yield connector keyword arguments."""
    port = _free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.portability.fakesnow_main", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"fakesnow exited: {log_path.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("fakesnow did not start within 60 s") from None
                time.sleep(0.2)
        yield {
            "user": "fake",
            "password": "snow",
            "account": "fakesnow",
            "host": "127.0.0.1",
            "port": port,
            "protocol": "http",
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SnowflakeWarehouse(IsolatedSchemas, DbApiWarehouse):
    name = "snowflake"

    def __init__(self, server: dict[str, Any]) -> None:
        self.server = server
        self.new_schema_names()
        self.execute([f"create schema if not exists {self.raw_schema}"])

    def profile_output(self) -> dict[str, Any]:
        return {
            "type": "snowflake",
            "account": self.server["account"],
            "user": self.server["user"],
            "password": self.server["password"],
            "host": self.server["host"],
            "port": self.server["port"],
            "protocol": self.server["protocol"],
            "database": DATABASE,
            "warehouse": "trig_wh",
            "schema": self.target_schema,
            "threads": 1,
            "connect_retries": 0,
        }

    def customise_project(self, project: dict[str, Any]) -> None:
        # fakesnow cannot create a TEMPORARY view or table under a database-qualified
        # name ("TEMPORARY table names can only use the temp catalog"), which is how
        # dbt-snowflake stages every incremental run. `tmp_relation_type: transient` is
        # a documented dbt-snowflake option that stages in a transient table instead.
        project["models"]["trig"] = {"+tmp_relation_type": "transient"}
        # and dbt unit tests stage fixtures in temporary tables: see dbt_macros/snowflake/
        project["macro-paths"] = ["macros", str(Path(__file__).parent / "dbt_macros" / "snowflake")]

    def _connect(self):  # type: ignore[no-untyped-def]
        import snowflake.connector

        return snowflake.connector.connect(
            **self.server,
            database=DATABASE,
            session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False},
            network_timeout=60,
        )

    def column_name(self, name: str) -> str:
        # Snowflake folds unquoted names to upper case: read them under their
        # documented (lower-case) names, as a BI tool's case-insensitive lookup does
        return name.lower()

    def close(self) -> None:
        self.execute(self.drop_schema_statements())
