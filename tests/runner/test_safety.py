"""Suppression list and per-person frequency cap across jobs: recorded, never silent."""

from __future__ import annotations

import json
from datetime import datetime

from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import action_row, invoke_assert_code


def test_suppressed_addresses_are_recorded_not_sent(project, sendgrid):
    rows = [
        action_row(recipient="Ada@Example.com", entity_id="a"),
        action_row(recipient="bob@example.com", entity_id="b"),
    ]
    project.add_actions(rows)
    invoke_assert_code(0, ["status", *project.args])  # creates the runner tables
    project.execute(
        f"insert into {project.table('trig_suppressions')} values (:e, 'unsubscribe', :t)",
        {"e": "ada@example.com", "t": datetime(2024, 1, 1)},
    )

    result = invoke_assert_code(
        0, ["activate", "--json", *project.args], env=sendgrid_env(sendgrid)
    )

    assert json.loads(result.stdout)["counts"] == {"sent": 1, "suppressed": 1}
    status, reason = project.ledger()[rows[0]["action_id"]]
    assert status == "suppressed" and "unsubscribe" in reason
    assert sendgrid.action_ids() == [rows[1]["action_id"]]


def test_frequency_cap_counts_emails_across_jobs_and_runs(duck, sendgrid):
    jobs = ["onboarding_nudge", "feature_adoption", "expansion", "churn_prevention"]
    rows = [action_row(recipient="ada@example.com", object_name=job) for job in jobs]
    duck.add_actions(rows[:2])
    env = {**sendgrid_env(sendgrid), "TRIG_FREQUENCY_CAP__MAX_EMAILS": "3"}
    invoke_assert_code(0, ["activate", *duck.args], env=env)
    duck.add_actions(rows[2:])

    result = invoke_assert_code(0, ["activate", "--json", *duck.args], env=env)

    assert json.loads(result.stdout)["counts"] == {"capped": 1, "sent": 1}
    assert len(sendgrid.accepted()) == 3
    capped = [s for s, _ in duck.ledger().values() if s == "capped"]
    assert capped == ["capped"]
    reasons = [e for s, e in duck.ledger().values() if s == "capped"]
    assert "3 emails per 7 days" in reasons[0]
    # The ledger keeps a hash of the recipient, never the address.
    hashes = duck.query("select distinct recipient_hash from trig_delivery_ledger")
    assert len(hashes) == 1 and "@" not in hashes[0][0]
