"""The README does not lie: every YAML and SQL example in it is built, as written, in a
scratch dbt project on DuckDB, and the newcomer's path reaches a first delivered email.

Each example carries a `<!-- docs-test: KIND -->` line: `project-vars` (merged into
dbt_project.yml), `model-sql` (an object's model file), `models` (objects' YAML),
`criteria` (an audience, used in a job), `skip (reason)`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from trig_lifecycle.dbt_invoke import release_duckdb_file

from tests.docs.readme import CHECKED_LANGUAGES, checked, examples
from tests.engine.harness import DEFAULT_COLUMNS, ORGANISATION_COLUMNS, DuckDBWarehouse, Scenario
from tests.engine.rows import event, org, person
from tests.runner.helpers import invoke_assert_code

KNOWN_KINDS = {"project-vars", "model-sql", "models", "criteria", "skip"}
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


def test_every_example_says_how_it_is_checked() -> None:
    for example in examples():
        if example.language not in CHECKED_LANGUAGES:
            continue
        assert example.kind in KNOWN_KINDS, (
            f"README.md line {example.line}: a {example.language} example needs a "
            f"`<!-- docs-test: KIND -->` line before it ({', '.join(sorted(KNOWN_KINDS))})"
        )


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


@pytest.fixture(scope="module")
def readme_project(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
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
    scenario.load(
        organisations=[newcomer],
        people=[person("ada", "acme"), person("bob", "acme")],
        events=[event("e1", "login", "2025-03-08 10:00:00", "acme", "ada")],
    )
    scenario.evaluate(T)
    release_duckdb_file()  # dbt-duckdb keeps the file open in-process; the runner opens it next
    return scenario


def test_model_sql_examples_are_what_the_harness_writes() -> None:
    for example in checked("model-sql"):
        body = [line for line in example.text.splitlines() if not line.startswith("--")]
        assert body == ["{{ trig.lifecycle_object() }}"], f"README.md line {example.line}"


def test_readme_examples_build(readme_project: Scenario) -> None:
    # every object of the README is a relation of its own (its audience), and the
    # README's job entered the newcomer's organisation
    for name in readme_project.objects:
        readme_project.query(f"select count(*) as n from {{schema}}.{name}")
    entered = readme_project.query(
        "select entity_id from {schema}.trig_transitions "
        "where object_name = 'onboarding_nudge' and transition_type = 'entered'"
    )
    assert [row["entity_id"] for row in entered] == ["acme"]


def test_readme_path_reaches_a_first_delivered_email(readme_project: Scenario) -> None:
    root = str(readme_project.root)
    project = ["--project-dir", root, "--profiles-dir", root]
    invoke_assert_code(0, ["activate", *project])
    outbox = Path(readme_project.root) / "outbox"
    emails = sorted(outbox.glob("*.eml"))
    assert len(emails) == 1, "one email to the owner, not one per person"
    message = emails[0].read_text()
    assert "To: ada@acme.test" in message and "Hi Ada," in message
    assert "Subject: Quick tip to create your first project" in message
