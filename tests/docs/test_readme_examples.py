"""The README does not lie: every YAML and SQL example in it is built, as written, in a
scratch dbt project on DuckDB, and the newcomer's path reaches a first delivered email.

Each example carries a `<!-- docs-test: KIND -->` line: `project-vars` (merged into
dbt_project.yml), `model-sql` (an object's model file), `models` (objects' YAML),
`criteria` (an audience, used in a job), `skip (reason)`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.docs.readme import CHECKED_LANGUAGES, checked, examples
from tests.engine.harness import Scenario
from tests.runner.helpers import invoke_assert_code

# runner-config: trig.yml examples, loaded by tests/runner/test_quiet_hours.py
KNOWN_KINDS = {"project-vars", "model-sql", "models", "criteria", "runner-config", "skip"}

pytestmark = pytest.mark.slow  # builds a dbt project


def test_every_example_says_how_it_is_checked() -> None:
    for example in examples():
        if example.language not in CHECKED_LANGUAGES:
            continue
        assert example.kind in KNOWN_KINDS, (
            f"README.md line {example.line}: a {example.language} example needs a "
            f"`<!-- docs-test: KIND -->` line before it ({', '.join(sorted(KNOWN_KINDS))})"
        )


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
    assert sorted(row["entity_id"] for row in entered) == ["acme", "globex"]


def test_readme_path_reaches_a_first_delivered_email(readme_project: Scenario) -> None:
    root = str(readme_project.root)
    project = ["--project-dir", root, "--profiles-dir", root]
    invoke_assert_code(0, ["activate", *project])
    outbox = Path(readme_project.root) / "outbox"
    emails = {}
    for path in outbox.glob("*.eml"):
        text = path.read_text()
        emails[re.search(r"^To: (.+)$", text, re.MULTILINE).group(1).strip()] = text
    # one email per organisation, to its owner (not one per person)
    assert sorted(emails) == ["ada@acme.test", "ops@globex.test"]
    assert "Hi Ada," in emails["ada@acme.test"]
    assert "Hi there," in emails["ops@globex.test"]  # the README's `{owner_first_name|there}`
    assert "Subject: Quick tip to create your first project" in emails["ada@acme.test"]
