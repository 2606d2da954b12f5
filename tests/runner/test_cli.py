"""CLI behaviour and exit codes: 0 success, 1 partial failure, 2 user error."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import yaml

from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import action_row, email_rows, invoke_assert_code


def one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_success_is_0_and_nothing_pending_is_0(duck):
    duck.add_actions(email_rows(2))
    result = invoke_assert_code(0, ["activate", *duck.args])
    assert "handled 2 action(s): 2 emails written to the outbox (" in result.stdout
    assert "handled 0 action(s)" in invoke_assert_code(0, ["activate", *duck.args]).stdout


def test_summary_does_not_count_write_backs_and_routes_as_sent(duck):
    duck.add_actions(
        [
            action_row(recipient="ada@example.com"),
            action_row(
                "set_attribute",
                "completed_onboarding_job",
                {"attribute": "completed_onboarding_job", "value": True},
                entity_id="p2",
            ),
            action_row("route_to", "onboarding_stalled", {"object": "onboarding_stalled"},
                       entity_id="p3"),
        ]
    )
    summary = invoke_assert_code(0, ["activate", *duck.args]).stdout
    assert "1 email written to the outbox (" in summary
    assert "1 attribute write-back written" in summary and "1 route recorded" in summary
    assert " sent" not in summary


def test_missing_profiles_is_a_one_line_user_error(duck, tmp_path):
    empty = tmp_path / "nowhere"
    empty.mkdir()
    result = invoke_assert_code(
        2, ["activate", "--project-dir", str(duck.directory), "--profiles-dir", str(empty)]
    )
    assert "no profiles.yml" in one_line_error(result)


def test_unknown_target_lists_the_valid_ones(duck):
    result = invoke_assert_code(2, ["status", "--target", "prod", *duck.args])
    assert "target 'prod' is not defined" in one_line_error(result)
    assert "dev" in result.stderr


def test_bad_selector(duck):
    result = invoke_assert_code(2, ["activate", "--select", "cohort:x", *duck.args])
    assert "invalid --select" in one_line_error(result)


def test_missing_pending_table_says_to_run_dbt(duck):
    duck.execute("drop table trig_pending_actions")
    result = invoke_assert_code(2, ["activate", *duck.args])
    assert "trig_pending_actions was not found" in one_line_error(result)


def test_secrets_in_trig_yml_are_refused(duck):
    duck.write_files({"sendgrid": {"api_key": "SG.oops.leaked"}})
    result = invoke_assert_code(2, ["activate", *duck.args])
    line = one_line_error(result)
    assert "must not contain secrets" in line and "SG.oops" not in line


def test_invalid_setting_names_the_key(duck):
    result = invoke_assert_code(2, ["activate", *duck.args], env={"TRIG_CONCURRENCY": "many"})
    assert "invalid runner setting concurrency" in one_line_error(result)


def test_locked_duckdb_file_gives_a_clear_message(duck):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(duck.directory / 'warehouse.duckdb')!r}); "
            "print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        result = invoke_assert_code(
            2, ["activate", *duck.args], env={"TRIG_LOCK_TIMEOUT_SECONDS": "0.5"}
        )
        line = one_line_error(result)
        assert "is locked by another process (PID" in line and "DuckDB" in line
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()


def test_dry_run_writes_and_sends_nothing(duck, sendgrid):
    rows = email_rows(3)
    duck.add_actions(rows)
    result = invoke_assert_code(
        0, ["activate", "--dry-run", "--json", *duck.args], env=sendgrid_env(sendgrid)
    )
    assert json.loads(result.stdout)["counts"] == {"would_send": 3}
    assert sendgrid.requests == []
    assert duck.ledger() == {}


def test_limit_select_and_status(duck):
    duck.add_actions([*email_rows(4), *email_rows(2, object_name="churn_prevention")])
    invoke_assert_code(0, ["activate", "--select", "job:churn_prevention", *duck.args])
    invoke_assert_code(0, ["activate", "--limit", "1", *duck.args])

    status = json.loads(invoke_assert_code(0, ["status", "--json", *duck.args]).stdout)

    by_job = {row["object_name"]: row for row in status}
    assert by_job["churn_prevention"]["sent"] == 2
    assert by_job["churn_prevention"]["pending"] == 0
    assert (by_job["onboarding_nudge"]["sent"], by_job["onboarding_nudge"]["pending"]) == (1, 3)
    human = invoke_assert_code(0, ["status", *duck.args]).stdout
    assert "onboarding_nudge" in human and "pending" in human


def test_partial_failure_is_1_and_replay_requeues(duck, sendgrid):
    rows = email_rows(3)
    duck.add_actions(rows)
    sendgrid.rejected_addresses = {"person0@example.com"}
    env = sendgrid_env(sendgrid)
    invoke_assert_code(1, ["activate", *duck.args], env=env)

    sendgrid.rejected_addresses = set()
    replay = invoke_assert_code(0, ["replay", *duck.args], env=env)
    assert "re-queued 1 action(s)" in replay.stdout
    invoke_assert_code(0, ["activate", *duck.args], env=env)

    assert duck.statuses() == {"sent": 3}
    assert sorted(sendgrid.action_ids()) == sorted(row["action_id"] for row in rows)


def test_preview_renders_and_flags_missing_placeholders(duck):
    duck.add_actions(
        [
            action_row(),
            action_row(recipient="x@example.com", entity_id="x", attributes={"first_name": ""}),
        ]
    )
    result = invoke_assert_code(1, ["preview", *duck.args])
    assert "Subject: Quick tip for Acme" in result.stdout and "Hi Ada," in result.stdout
    assert "PROBLEM: missing placeholder value(s) in body: first_name" in result.stdout
    assert duck.ledger() == {}  # preview writes nothing


def test_profile_env_var_and_trig_block_supply_secrets(duck, sendgrid, monkeypatch):
    duck.add_actions(email_rows(1))
    target = {
        **duck.profile_target,
        "path": "{{ env_var('TRIG_TEST_DB') }}",
        "trig": {"sendgrid_api_key": "{{ env_var('TRIG_TEST_SG_KEY') }}"},
    }
    profiles = {"trig_test": {"target": "dev", "outputs": {"dev": target}}}
    (duck.directory / "profiles.yml").write_text(yaml.safe_dump(profiles))
    env = {
        "TRIG_TEST_DB": duck.profile_target["path"],
        "TRIG_TEST_SG_KEY": sendgrid.api_key,
        "TRIG_SENDGRID__BASE_URL": sendgrid.url,
    }
    invoke_assert_code(0, ["activate", *duck.args], env=env)
    assert len(sendgrid.mails()) == 1


def test_console_script_runs_as_a_process(duck):
    duck.add_actions(email_rows(1))
    process = duck.spawn("activate", "--json")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert json.loads(out)["counts"] == {"sent": 1}
