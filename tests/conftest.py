"""Shared fixtures: a warehouse per test, DuckDB always, PostgreSQL when reachable.

PostgreSQL tests skip with a reason on a machine without the server, unless
TRIG_REQUIRE_POSTGRES=1 (set by .ci/run), in which case an unreachable server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

POSTGRES_DSN = {
    "host": os.environ.get("TRIG_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("TRIG_PG_PORT", "5432")),
    "user": os.environ.get("TRIG_PG_USER", "postgres"),
    "password": os.environ.get("TRIG_PG_PASSWORD", ""),
    "dbname": os.environ.get("TRIG_PG_DATABASE", "test"),
}


def postgres_unavailable_reason() -> str | None:
    try:
        import psycopg2

        psycopg2.connect(connect_timeout=3, **POSTGRES_DSN).close()
    except Exception as error:  # any failure means "no server here"
        return f"PostgreSQL not reachable at {POSTGRES_DSN['host']}:{POSTGRES_DSN['port']} ({error})"
    return None


@pytest.fixture(scope="session")
def postgres_dsn() -> dict:
    reason = postgres_unavailable_reason()
    if reason:
        if os.environ.get("TRIG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"TRIG_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return POSTGRES_DSN


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    from tests.engine.harness import DuckDBWarehouse, PostgresWarehouse

    if request.param == "duckdb":
        yield DuckDBWarehouse(tmp_path / "warehouse.duckdb")
        return
    wh = PostgresWarehouse(request.getfixturevalue("postgres_dsn"))
    try:
        yield wh
    finally:
        wh.close()


@pytest.fixture
def duckdb_warehouse(tmp_path: Path) -> object:
    from tests.engine.harness import DuckDBWarehouse

    return DuckDBWarehouse(tmp_path / "warehouse.duckdb")
