"""A scratch dbt project on DuckDB built from the README's examples, as written (shared by
the README test and the contract-document test: one build per session)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from trig_lifecycle.dbt_invoke import release_duckdb_file

from tests.docs.readme import checked
from tests.engine.harness import DEFAULT_COLUMNS, ORGANISATION_COLUMNS, DuckDBWarehouse, Scenario
from tests.engine.rows import event, org, person

T = "2025-03-10 09:00:00"
TODAY = date(2025, 3, 10)

# The attributes the README's examples name, as a customer's organisations model has them.
COLUMNS = {
    **DEFAULT_COLUMNS,
    "organisations": {
        **ORGANISATION_COLUMNS,
        "renewal_date": "date",
        "owner_email": "varchar",
        "owner_first_name": "varchar",
        "churned_at": "timestamp",
    },
}
# Objects the criteria example refers to (a cohort and an object with completions).
SUPPORTING_OBJECTS = {
    "new_self_serve": {
        "kind": "cohort",
        "entity": "organisation",
        "criteria": {"plan": {"in": ["free", "starter"]}},
    },
    "onboarding": {
        "kind": "behaviour",
        "entity": "organisation",
        "completion": {"event": "invoice_sent"},
    },
}


def readme_project_vars() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for example in checked("project-vars"):
        merged.update(yaml.safe_load(example.text)["vars"])
    return merged


def readme_objects() -> dict[str, dict[str, Any]]:
    objects: dict[str, dict[str, Any]] = {}
    for example in checked("models"):
        loaded = yaml.safe_load(example.text)
        models = loaded["models"] if isinstance(loaded, dict) else loaded
        for model in models:
            objects[model["name"]] = model["config"]["meta"]["trig"]
    for index, example in enumerate(checked("criteria")):
        objects[f"criteria_example_{index}"] = {
            "kind": "job",
            "entity": "organisation",
            "goal": {"event": "login"},
            **yaml.safe_load(example.text),
        }
    return {**SUPPORTING_OBJECTS, **objects}


@pytest.fixture(scope="session")
def readme_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    root = tmp_path_factory.mktemp("readme")
    scenario = Scenario(
        root=root / "project",
        warehouse=DuckDBWarehouse(root / "warehouse.duckdb"),
        columns=COLUMNS,
    )
    scenario.project_vars = readme_project_vars()
    scenario.objects = readme_objects()
    newcomer = org(
        "acme",
        sign_up_date=TODAY - timedelta(days=3),
        renewal_date=TODAY + timedelta(days=200),
        owner_email="ada@acme.test",
        owner_first_name="Ada",
    )
    nameless = org(
        "globex",
        sign_up_date=TODAY - timedelta(days=2),
        renewal_date=TODAY + timedelta(days=300),
        owner_email="ops@globex.test",
        owner_first_name=None,  # `{owner_first_name|there}` falls back
    )
    scenario.load(
        organisations=[newcomer, nameless],
        people=[person("ada", "acme"), person("bob", "acme")],
        events=[event("e1", "login", "2025-03-08 10:00:00", "acme", "ada")],
    )
    scenario.evaluate(T)
    release_duckdb_file()  # dbt-duckdb keeps the file open in-process; the runner opens it next
    yield scenario
