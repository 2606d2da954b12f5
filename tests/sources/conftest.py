"""A customer project whose only configuration is which sources are on and where."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.engine.harness import Scenario
from tests.sources.raw import TABLES, drop_schemas, source_vars


class SourceProject:
    """A Scenario plus the raw schemas of the connectors it switches on."""

    def __init__(self, warehouse: object, root: Path) -> None:
        self.warehouse = warehouse
        self.scenario = Scenario(root=root, warehouse=warehouse)  # type: ignore[arg-type]
        self.sources: list[str] = []

    def use(self, *sources: str, **extra_vars: object) -> Scenario:
        self.sources = list(sources)
        self.scenario.project_vars = {**source_vars(self.warehouse, sources), **extra_vars}  # type: ignore[arg-type]
        return self.scenario


@pytest.fixture
def project(warehouse: object, tmp_path: Path) -> Iterator[SourceProject]:
    built = SourceProject(warehouse, tmp_path / "project")
    try:
        yield built
    finally:
        if getattr(warehouse, "name", "") != "duckdb":
            drop_schemas(warehouse, list(TABLES))  # type: ignore[arg-type]
