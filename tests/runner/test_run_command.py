"""`trig run`: dbt build in-process, then activation — and no activation after a failed build."""

from __future__ import annotations

import json

import pytest

from tests.runner.helpers import invoke_assert_code

PENDING_MODEL = """
select
  'a1' as action_id, 't1' as transition_id, 'onboarding_nudge' as object_name,
  'job' as object_kind, 'person' as entity_type, 'p1' as entity_id, 'o1' as organisation_id,
  1 as episode_number, 'entered' as transition_type, 0 as step,
  timestamp '2024-05-01 12:00:00' as occurred_at, timestamp '2024-05-01 13:00:00' as evaluated_at,
  'p1' as person_id, 0 as action_index, 'email' as action_type,
  '{"from": "Lee <lee@example.com>", "subject": "Hi {first_name}", "body": "Hello"}'
    as action_config,
  'ada@example.com' as recipient, 'k1' as thread_key,
  '{"first_name": "Ada"}' as message_attributes, false as is_shadow
"""


@pytest.fixture
def dbt_project(duck):
    duck.execute("drop table trig_pending_actions")
    (duck.directory / "dbt_project.yml").write_text(
        "name: trig_test\nprofile: trig_test\nversion: '1.0'\nconfig-version: 2\n"
        "models:\n  trig_test:\n    +materialized: table\n"
    )
    (duck.directory / "models").mkdir()
    (duck.directory / "models" / "trig_pending_actions.sql").write_text(PENDING_MODEL)
    return duck


def test_run_builds_then_activates(dbt_project):
    result = invoke_assert_code(0, ["run", "--json", *dbt_project.args])
    report = json.loads(result.stdout)  # --json keeps stdout machine-readable
    assert report["counts"] == {"sent": 1}
    assert (dbt_project.directory / "outbox" / "a1.eml").exists()


def test_failed_build_activates_nothing(dbt_project):
    (dbt_project.directory / "models" / "broken.sql").write_text("select * from no_such_table")
    result = invoke_assert_code(1, ["run", *dbt_project.args])
    assert "dbt build failed; nothing was activated" in result.stderr
    assert not (dbt_project.directory / "outbox").exists()


def test_run_installs_missing_packages_first(dbt_project, tmp_path):
    # A fresh clone has packages.yml but no dbt_packages/ (never committed): `trig run`
    # must install them instead of failing with "Run dbt deps".
    package = tmp_path / "helper_package"
    (package / "macros").mkdir(parents=True)
    (package / "dbt_project.yml").write_text(
        "name: helper_package\nversion: '1.0'\nconfig-version: 2\n"
    )
    (package / "macros" / "greeting.sql").write_text(
        "{% macro greeting() %}'Ada'{% endmacro %}\n"
    )
    (dbt_project.directory / "packages.yml").write_text(f"packages:\n  - local: {package}\n")
    (dbt_project.directory / "models" / "uses_package.sql").write_text(
        "select {{ helper_package.greeting() }} as first_name\n"
    )
    invoke_assert_code(0, ["run", "--json", *dbt_project.args])
    assert (dbt_project.directory / "dbt_packages" / "helper_package").exists()
