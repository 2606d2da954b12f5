"""SendGrid's own suppression lists (unsubscribes, bounces, spam reports) reach
`trig_suppressions` before sending, through the official client, without a human."""

from __future__ import annotations

import json

from tests.fakes.server import Fault
from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import email_rows, invoke_assert_code


def test_provider_suppressions_are_pulled_before_sending(project, sendgrid):
    rows = email_rows(6)
    project.add_actions(rows)
    sendgrid.suppressions["bounces"] = [
        {"email": "Person1@Example.com", "created": 1714000000, "reason": "550 no such user"}
    ]
    sendgrid.suppressions["unsubscribes"] = [
        {"email": "person2@example.com", "created": 1714000001}
    ]
    sendgrid.suppressions["spam_reports"] = [
        {"email": f"other{i}@example.com", "created": 1714000002} for i in range(3)
    ] + [{"email": "person3@example.com", "created": 1714000003}]
    env = {
        **sendgrid_env(sendgrid),
        "TRIG_SENDGRID__PULL_SUPPRESSIONS": "true",
        "TRIG_SENDGRID__SUPPRESSION_PAGE_SIZE": "2",
    }

    result = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)

    report = json.loads(result.stdout)
    assert report["counts"] == {"sent": 3, "suppressed": 3}
    assert report["suppressions_pulled"] == 6
    ledger = project.ledger()
    reasons = {i: ledger[rows[i]["action_id"]][1] for i in (1, 2, 3)}
    assert "sendgrid bounce" in reasons[1]
    assert "sendgrid unsubscribe" in reasons[2]
    assert "sendgrid spam report" in reasons[3]
    sent_to = {m["personalizations"][0]["to"][0]["email"] for m in sendgrid.mails()}
    assert sent_to == {"person0@example.com", "person4@example.com", "person5@example.com"}

    # A second run adds nothing twice.
    invoke_assert_code(0, ["activate", "--json", *project.args], env=env)
    table = project.table("trig_suppressions")
    assert project.query(f"select count(*) from {table}") == [(6,)]


def test_a_failed_pull_is_a_warning_and_the_existing_list_still_applies(duck, sendgrid):
    duck.add_actions(email_rows(2))
    sendgrid.fault_plan = lambda n, r: Fault(status=403) if r.method == "GET" else None
    env = {**sendgrid_env(sendgrid), "TRIG_SENDGRID__PULL_SUPPRESSIONS": "true"}

    result = invoke_assert_code(0, ["activate", "--json", *duck.args], env=env)

    report = json.loads(result.stdout)
    assert report["counts"] == {"sent": 2}
    assert "could not pull SendGrid suppressions" in report["warnings"][0]
