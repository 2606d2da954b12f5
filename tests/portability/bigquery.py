"""BigQuery through bqemulator: BigQuery's REST API served locally (DuckDB underneath).

The emulator runs as a child process on 127.0.0.1 for the whole session (see
bqemulator_main.py for its offline start-up); dbt talks to it with the unmodified
dbt-bigquery adapter through the profile's `api_endpoint`, authenticated with a dummy
OAuth token (`method: oauth-secrets`). Each test gets its own pair of datasets.

Emulator and dialect adjustments live here, in test setup (see README.md here):
- enforced contracts are created without the DDL column list bqemulator cannot run
  (dbt_macros/bigquery/bqemulator_workarounds.sql; the contract is still checked);
- the scenario's raw input tables are created with BigQuery type names (STRING, FLOAT64,
  INT64) and emptied with `delete ... where true` (BigQuery requires a WHERE clause).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.engine.harness import REPO_ROOT, IsolatedSchemas, Warehouse

PROJECT = "trig-test"
# as long as the test's own limit (TRIG_TEST_TIMEOUT, 1500 s by default): a statement is
# never re-sent because the loaded emulator took more than a minute to run it
JOB_CREATION_TIMEOUT_SECONDS = 1500
BIGQUERY_TYPES = {
    "varchar": "string",
    "double precision": "float64",
    "integer": "int64",
    "bigint": "int64",
    "timestamp": "timestamp",
    "date": "date",
    "boolean": "bool",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def bqemulator_server(work_dir: Path) -> Iterator[dict[str, Any]]:
    rest_port, grpc_port = _free_port(), _free_port()
    log_path = work_dir / "server.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.portability.bqemulator_main"]
            + [str(rest_port), str(grpc_port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"bqemulator exited: {log_path.read_text()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", rest_port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("bqemulator did not start within 90 s") from None
                time.sleep(0.2)
        yield {"project": PROJECT, "api_endpoint": f"http://127.0.0.1:{rest_port}"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class BigQueryWarehouse(IsolatedSchemas, Warehouse):
    name = "bigquery"

    def __init__(self, server: dict[str, Any]) -> None:
        self.server = server
        self.new_schema_names()
        self._client = self._make_client()
        self._client.create_dataset(f"{PROJECT}.{self.raw_schema}", exists_ok=True)

    def profile_output(self) -> dict[str, Any]:
        return {
            "type": "bigquery",
            "method": "oauth-secrets",
            "token": "local-emulator",
            "project": PROJECT,
            "dataset": self.target_schema,
            "api_endpoint": self.server["api_endpoint"],
            "location": "US",
            "threads": 1,
            "job_retries": 0,
            # bqemulator runs a query inside jobs.insert; dbt-bigquery's default 60 s
            # read timeout would re-send (and so re-run) a slow statement (README.md here)
            "job_creation_timeout_seconds": JOB_CREATION_TIMEOUT_SECONDS,
        }

    def customise_project(self, project: dict[str, Any]) -> None:
        # test-only macro overrides for the emulator (see dbt_macros/bigquery/)
        project["macro-paths"] = ["macros", str(Path(__file__).parent / "dbt_macros" / "bigquery")]

    def _make_client(self):  # type: ignore[no-untyped-def]
        from google.api_core.client_options import ClientOptions
        from google.auth.credentials import AnonymousCredentials
        from google.cloud import bigquery

        return bigquery.Client(
            project=PROJECT,
            credentials=AnonymousCredentials(),
            client_options=ClientOptions(api_endpoint=self.server["api_endpoint"]),
        )

    def type_name(self, kind: str) -> str:
        return BIGQUERY_TYPES.get(kind, kind)

    def execute(self, statements: Sequence[str]) -> None:
        for statement in statements:
            self._client.query(statement).result()

    def query(self, sql: str) -> list[dict[str, Any]]:
        rows = self._client.query(sql).result()
        return [dict(row.items()) for row in rows]

    def close(self) -> None:
        for dataset in (self.raw_schema, self.target_schema):
            self._client.delete_dataset(
                f"{PROJECT}.{dataset}", delete_contents=True, not_found_ok=True
            )
        self._client.close()
