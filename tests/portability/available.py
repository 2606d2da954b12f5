"""Which emulated warehouses this environment can run (their packages are installed).

Snowflake needs `fakesnow` and `dbt-snowflake` (.venv-snowflake); BigQuery needs
`bqemulator` and `dbt-bigquery` (.venv-bigquery). Set TRIG_TEST_WAREHOUSES to a
comma-separated list to choose explicitly (an unavailable one then fails, not skips).
"""

from __future__ import annotations

import importlib.util
import os

import pytest

NEEDS = {
    "snowflake": ("fakesnow", "dbt.adapters.snowflake"),
    "bigquery": ("bqemulator", "dbt.adapters.bigquery"),
}


def installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def extra_warehouse_params() -> list:
    chosen = os.environ.get("TRIG_TEST_WAREHOUSES")
    if chosen is not None:
        names = [n.strip() for n in chosen.split(",") if n.strip() in NEEDS]
    else:
        names = [n for n, modules in NEEDS.items() if all(installed(m) for m in modules)]
    return [pytest.param(n, marks=getattr(pytest.mark, n)) for n in names]
