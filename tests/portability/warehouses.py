"""The emulated warehouses behind the `warehouse` fixture's snowflake / bigquery params."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.engine.harness import Warehouse


@contextmanager
def emulated_warehouse(name: str, server: dict[str, Any]) -> Iterator[Warehouse]:
    warehouse: Warehouse
    if name == "snowflake":
        from tests.portability.snowflake import SnowflakeWarehouse

        warehouse = SnowflakeWarehouse(server)
    else:
        from tests.portability.bigquery import BigQueryWarehouse

        warehouse = BigQueryWarehouse(server)
    try:
        yield warehouse
    finally:
        warehouse.close()
