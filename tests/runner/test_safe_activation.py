"""`trig activate` refuses a failed, stale or incompatible build: one line, exit code 2,
nothing delivered; `--force` overrides. On DuckDB and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.runner.helpers import email_rows, invoke_assert_code

SENT_TWO = "2 emails written to the outbox"


def refusal(project, *extra: str) -> str:
    result = invoke_assert_code(2, ["activate", *project.args, *extra])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert delivered(project) == {}, "a refused activation must deliver nothing"
    return lines[0]


def delivered(project) -> dict[str, int]:
    """The ledger's statuses; a refusal comes before the runner even creates its tables."""
    try:
        return project.statuses()
    except Exception as error:  # the ledger table does not exist
        assert "trig_delivery_ledger" in str(error)
        return {}


def forced(project) -> None:
    result = invoke_assert_code(0, ["activate", "--force", *project.args])
    assert SENT_TWO in result.stdout
    assert project.statuses() == {"sent": 2}


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=hours)


def test_a_fresh_successful_build_is_activated(project):
    project.add_actions(email_rows(2))
    assert SENT_TWO in invoke_assert_code(0, ["activate", *project.args]).stdout


def test_no_recorded_build_is_refused(project):
    project.execute(f"drop table {project.table('trig_build_log')}")
    project.add_actions(email_rows(2))
    line = refusal(project)
    assert line.startswith("trig: error: refusing to activate: no dbt build of the trig package")
    assert "run dbt build (or trig run) first" in line and "--force" in line
    forced(project)


def test_a_failed_last_build_is_refused_even_after_an_older_success(project):
    project.record_build("error", failed_nodes="trig_transitions")
    project.add_actions(email_rows(2))
    line = refusal(project)
    assert "the last dbt build" in line and "failed: 1 node(s) in error (trig_transitions)" in line
    forced(project)


def test_a_stale_build_is_refused_and_freshness_is_configurable(project):
    project.execute(f"delete from {project.table('trig_build_log')}")
    project.record_build(finished_at=hours_ago(30))
    project.add_actions(email_rows(2))
    line = refusal(project)
    assert "finished 30.0 hours ago" in line
    assert "more than freshness.error_after (24 hours)" in line
    project.write_files({"freshness": {"error_after": {"count": 2, "period": "day"}}})
    assert SENT_TWO in invoke_assert_code(0, ["activate", *project.args]).stdout


def test_freshness_can_be_switched_off(project):
    project.execute(f"delete from {project.table('trig_build_log')}")
    project.record_build(finished_at=hours_ago(24 * 90))
    project.add_actions(email_rows(2))
    assert "90.0 days ago" in refusal(project)
    project.write_files({"freshness": {"error_after": None}})
    assert SENT_TWO in invoke_assert_code(0, ["activate", *project.args]).stdout


def test_a_contract_this_runner_does_not_understand_is_refused(project):
    project.record_build(contract_version=2)
    project.add_actions(email_rows(2))
    line = refusal(project)
    assert "written by trig package 0.1.0 (contract 2)" in line
    assert "understands contract 1" in line
    forced(project)


@pytest.mark.parametrize(
    "setting", [{"count": 0, "period": "hour"}, {"count": 3, "period": "week"}]
)
def test_a_bad_freshness_setting_is_a_config_error(duck, setting):
    duck.write_files({"freshness": {"error_after": setting}})
    result = invoke_assert_code(2, ["activate", *duck.args])
    assert "invalid runner setting freshness.error_after" in result.stderr


def test_warn_after_warns_and_still_delivers(project):
    project.execute(f"delete from {project.table('trig_build_log')}")
    project.record_build(finished_at=hours_ago(3))
    project.add_actions(email_rows(2))
    project.write_files({"freshness": {"warn_after": {"count": 2, "period": "hour"}}})
    result = invoke_assert_code(0, ["activate", *project.args])
    assert SENT_TWO in result.stdout
    assert "trig: warning: the last dbt build finished 3.0 hours ago" in result.stderr
    assert "more than freshness.warn_after (2 hours)" in result.stderr
