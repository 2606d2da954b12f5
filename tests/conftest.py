"""Shared fixtures: a warehouse per test, DuckDB always, PostgreSQL when reachable.

PostgreSQL tests skip with a reason on a machine without the server, unless
TRIG_REQUIRE_POSTGRES=1 (set by .ci/run), in which case an unreachable server fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portability.available import extra_warehouse_params

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
        where = f"{POSTGRES_DSN['host']}:{POSTGRES_DSN['port']}"
        return f"PostgreSQL not reachable at {where} ({error})"
    return None


@pytest.fixture(scope="session")
def postgres_dsn() -> dict:
    reason = postgres_unavailable_reason()
    if reason:
        if os.environ.get("TRIG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"TRIG_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    return POSTGRES_DSN


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "snowflake: runs on Snowflake through fakesnow")
    config.addinivalue_line("markers", "bigquery: runs on BigQuery through bqemulator")
    config.addinivalue_line("markers", "redshift: compiles for Redshift offline (no server)")


@pytest.fixture(scope="session")
def snowflake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from tests.portability.snowflake import fakesnow_server

    with fakesnow_server(tmp_path_factory.mktemp("fakesnow") / "server.log") as server:
        yield server


@pytest.fixture(scope="session")
def bigquery_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from tests.portability.bigquery import bqemulator_server

    with bqemulator_server(tmp_path_factory.mktemp("bqemulator")) as server:
        yield server


# Snowflake and BigQuery are parameters only where their emulators are installed
# (.ci/portability's environments), so the default suite is unchanged.
@pytest.fixture(
    params=[
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.postgres),
        *extra_warehouse_params(),
    ]
)
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    from tests.engine.harness import DuckDBWarehouse, PostgresWarehouse

    if request.param == "duckdb":
        yield DuckDBWarehouse(tmp_path / "warehouse.duckdb")
        return
    if request.param in ("snowflake", "bigquery"):
        from tests.portability.warehouses import emulated_warehouse

        server = request.getfixturevalue(f"{request.param}_server")
        with emulated_warehouse(request.param, server) as emulated:
            yield emulated
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
