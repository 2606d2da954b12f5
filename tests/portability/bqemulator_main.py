"""`python -m tests.portability.bqemulator_main REST_PORT GRPC_PORT`: bqemulator, offline.

Runs in .venv-bigquery. Workaround (test setup only): bqemulator installs and loads
DuckDB's `spatial` extension at start-up (for GEOGRAPHY) and best-effort `avro`; both
download from the internet, which CI cannot reach and must not try. The engine uses no
GEOGRAPHY nor Avro, so the spatial load is skipped and format extensions are off.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    rest_port, grpc_port = sys.argv[1], sys.argv[2]
    os.environ["BQEMU_ENABLE_FORMAT_EXTENSIONS"] = "false"

    from bqemulator.storage import engine

    engine.DuckDBEngine._load_spatial = lambda self: None  # type: ignore[method-assign]

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
