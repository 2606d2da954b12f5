"""One built scenario per warehouse (DuckDB, PostgreSQL), shared by a module's tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import postgres_unavailable_reason
from tests.engine.harness import Scenario
from tests.report.scenario import build, make_warehouse


@pytest.fixture(
    scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Scenario]:
    dsn = None
    if request.param == "postgres":
        reason = postgres_unavailable_reason()
        if reason:
            if os.environ.get("TRIG_REQUIRE_POSTGRES") == "1":
                pytest.fail(f"TRIG_REQUIRE_POSTGRES=1 but {reason}")
            pytest.skip(reason)
        from tests.conftest import POSTGRES_DSN

        dsn = POSTGRES_DSN
    directory = tmp_path_factory.mktemp(f"scenario_{request.param}")
    warehouse = make_warehouse(request.param, directory, dsn)
    try:
        yield build(warehouse, directory / "project")
    finally:
        warehouse.close()
