"""Issue 11, defect 5: message templates obey the runner's sandbox rules at compile time.

`{0.__class__}` and friends used to pass `dbt build` and be refused only by the runner,
action by action. Now `dbt build` fails naming the object and the key; plain
`{attribute}` placeholders and `@{attribute}` mentions still compile.
"""

from __future__ import annotations

import pytest

from tests.engine.harness import DuckDBWarehouse, Scenario
from tests.engine.rows import org, person

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"
JOB = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent"},
    "audience": [{"invoices_created": 0}],
    "duration": "10 days",
}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("template_syntax")
    s = Scenario(root=root / "project", warehouse=DuckDBWarehouse(root / "w.duckdb"))
    s.load(organisations=[org("a")], people=[person("ann", "a")])
    return s


PROBES = [
    ("email", "body", "Hi {0.__class__}"),
    ("email", "subject", "{first_name.__class__.__mro__}"),
    ("email", "body", "{first_name!r}"),
    ("email", "body", "{ first_name }"),
    ("slack", "text", "{organisation_name:>99999}"),
]


@pytest.mark.parametrize("channel, field, text", PROBES)
def test_template_probes_fail_dbt_build(scenario: Scenario, channel, field, text) -> None:
    config = (
        {"subject": "Hello", "body": "Hi {first_name}", field: text}
        if channel == "email"
        else {"channel": "#cs", field: text}
    )
    scenario.objects = {"nudge": {**JOB, "on_entry": [{channel: config}]}}
    message = scenario.evaluate_expecting_error(T0)
    assert "object 'nudge'" in message
    assert f"key 'on_entry[0].{channel}.{field}'" in message
    assert "which is not a placeholder" in message


def test_placeholders_and_mentions_compile(scenario: Scenario) -> None:
    scenario.objects = {
        "nudge": {
            **JOB,
            "on_entry": [
                {"email": {"subject": "Hi {first_name}", "body": "Hello {organisation_name}"}},
                {"slack": {"channel": "#cs", "text": "@{csm_email} {organisation_name}"}},
            ],
        }
    }
    scenario.evaluate(T0)
