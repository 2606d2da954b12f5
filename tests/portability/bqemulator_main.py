"""`python -m tests.portability.bqemulator_main REST_PORT GRPC_PORT`: bqemulator, offline.

Runs in .venv-bigquery. Workaround (test setup only): bqemulator installs and loads
DuckDB's `spatial` extension at start-up (for GEOGRAPHY) and best-effort `avro`; both
download from the internet, which CI cannot reach and must not try. The engine uses no
GEOGRAPHY nor Avro, so the spatial load is skipped and format extensions are off.

Workaround: BigQuery's tables.delete removes a view as well as a table (dbt-bigquery drops
every relation that way); bqemulator runs `DROP TABLE` and answers 500 for a view, which
the client retries for ten minutes. A failed `DROP TABLE` of a view drops the view.
"""

from __future__ import annotations

import os
import sys
from typing import Any

DROP_TABLE = "DROP TABLE IF EXISTS "


def _drop_views_too(execute: Any) -> Any:
    def patched(self: Any, sql: str, parameters: Any = None) -> Any:
        try:
            return execute(self, sql, parameters)
        except Exception as error:
            if not (sql.startswith(DROP_TABLE) and "is of type View" in str(error)):
                raise
            return execute(self, "DROP VIEW IF EXISTS " + sql[len(DROP_TABLE):], parameters)

    return patched


def main() -> None:
    rest_port, grpc_port = sys.argv[1], sys.argv[2]
    os.environ["BQEMU_ENABLE_FORMAT_EXTENSIONS"] = "false"

    from bqemulator.storage import engine

    engine.DuckDBEngine._load_spatial = lambda self: None  # type: ignore[method-assign]
    engine.DuckDBEngine.execute = _drop_views_too(engine.DuckDBEngine.execute)  # type: ignore[method-assign]

    from bqemulator.cli import main as cli

    sys.argv = [
        "bqemulator",
        "start",
        "--rest-host",
        "127.0.0.1",
        "--rest-port",
        rest_port,
        "--grpc-host",
        "127.0.0.1",
        "--grpc-port",
        grpc_port,
        "--project",
        "trig-test",
        "--log-level",
        "warning",
    ]
    cli()


if __name__ == "__main__":
    main()
