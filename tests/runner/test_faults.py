"""Provider faults: 429 storms, 5xx, permanent refusals, dropped connections, timeouts,
and the documented limits (Slack per channel, Salesforce concurrency)."""

from __future__ import annotations

import json
import socket
import time
from collections import Counter

from tests.fakes.server import Fault, every_other, on_requests
from tests.runner.conftest import salesforce_env, sendgrid_env, slack_env, webhook_env
from tests.runner.helpers import action_row, email_rows, invoke_assert_code


def activate(project, env, code=0):
    result = invoke_assert_code(code, ["activate", "--json", *project.args], env=env)
    return json.loads(result.stdout)


def test_429_storm_loses_nothing_and_honours_retry_after(duck, sendgrid):
    rows = email_rows(8)
    duck.add_actions(rows)
    sendgrid.fault_plan = every_other(Fault(status=429, retry_after="1"))

    report = activate(duck, {**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "4"})

    assert report["counts"] == {"sent": 8}
    assert Counter(sendgrid.action_ids()) == Counter(row["action_id"] for row in rows)
    limited = [r for r in sendgrid.requests if r.response_status == 429]
    assert len(limited) >= 4
    for rejected in limited:
        # Nothing may arrive while the Retry-After pause is in force (calls already in
        # flight when the 429 came back are the only exception, hence the margin).
        early = [
            r
            for r in sendgrid.requests
            if rejected.responded_at + 0.1 < r.received_at < rejected.responded_at + 0.95
        ]
        assert not early, "a request arrived during a Retry-After pause"
        action_id = rejected.json()["personalizations"][0]["custom_args"]["trig_action_id"]
        retry = next(
            r
            for r in sendgrid.requests
            if r.received_at > rejected.received_at
            and r.json()["personalizations"][0]["custom_args"]["trig_action_id"] == action_id
        )
        assert retry.received_at - rejected.responded_at >= 0.95


def test_rate_limiting_does_not_use_up_attempts(duck, sendgrid):
    duck.add_actions(email_rows(1))
    sendgrid.fault_plan = on_requests({1, 2, 3, 4}, Fault(status=429, retry_after="0"))
    env = {**sendgrid_env(sendgrid), "TRIG_RETRIES__MAX_ATTEMPTS": "2"}

    assert activate(duck, env)["counts"] == {"sent": 1}
    assert len(sendgrid.requests) == 5


def test_5xx_is_retried_with_backoff(duck, sendgrid):
    duck.add_actions(email_rows(3))
    sendgrid.fault_plan = on_requests({1, 2}, Fault(status=503))

    report = activate(duck, sendgrid_env(sendgrid))

    assert report["counts"] == {"sent": 3}
    assert len(sendgrid.requests) == 5 and len(sendgrid.accepted()) == 3


def test_permanent_refusal_is_final_with_the_reason_and_blocks_nothing(duck, sendgrid):
    rows = email_rows(5)
    duck.add_actions(rows)
    sendgrid.rejected_addresses = {"person2@example.com"}

    report = activate(duck, sendgrid_env(sendgrid), code=1)

    assert report["counts"] == {"failed": 1, "sent": 4}
    status, error = duck.ledger()[rows[2]["action_id"]]
    assert status == "failed"
    assert "HTTP 400" in error and "Does not contain a valid address" in error
    assert len(sendgrid.requests) == 5  # refused once, not retried


def test_connection_refused_is_retried_then_failed_not_unknown(duck):
    duck.add_actions(email_rows(2))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    env = {
        "TRIG_SENDGRID__API_KEY": "SG.x.y",
        "TRIG_SENDGRID__BASE_URL": f"http://127.0.0.1:{closed_port}",
        "TRIG_RETRIES__MAX_ATTEMPTS": "3",
    }

    report = activate(duck, env, code=1)

    assert report["counts"] == {"failed": 2}
    assert all(
        "gave up after 3 attempts: connection refused" in p["error"] for p in report["problems"]
    )


def test_dropped_connection_makes_an_email_unknown_and_it_is_not_resent(duck, sendgrid):
    rows = email_rows(3)
    duck.add_actions(rows)
    sendgrid.fault_plan = on_requests({1}, Fault(drop=True))

    report = activate(duck, {**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "1"}, code=1)

    assert report["counts"] == {"sent": 2, "unknown": 1}
    dropped = sendgrid.requests[0].json()["personalizations"][0]["custom_args"]
    assert duck.ledger()[dropped["trig_action_id"]][0] == "unknown"
    assert len(sendgrid.requests) == 3


def test_timeout_makes_an_email_unknown(duck, sendgrid):
    duck.add_actions(email_rows(1))
    sendgrid.fault_plan = on_requests({1}, Fault(delay=1.0))
    env = {**sendgrid_env(sendgrid), "TRIG_SENDGRID__TIMEOUT_SECONDS": "0.3"}

    report = activate(duck, env, code=1)

    assert report["counts"] == {"unknown": 1}
    assert "timed out" in report["problems"][0]["error"]
    assert len(sendgrid.requests) == 1


def test_slow_response_within_the_timeout_is_fine(duck, sendgrid):
    duck.add_actions(email_rows(2))
    sendgrid.fault_plan = lambda n, r: Fault(delay=0.2)
    assert activate(duck, sendgrid_env(sendgrid))["counts"] == {"sent": 2}


def test_dropped_webhook_is_retried_with_the_same_idempotency_key(duck, webhook):
    row = action_row("webhook", f"{webhook.url}/hook", {"url": f"{webhook.url}/hook"})
    duck.add_actions([row])
    webhook.fault_plan = on_requests({1}, Fault(drop=True))

    report = activate(duck, webhook_env())

    assert report["counts"] == {"sent": 1}
    keys = [r.headers["idempotency-key"] for r in webhook.requests]
    assert keys == [row["action_id"], row["action_id"]]
    assert webhook.requests[1].json()["action_id"] == row["action_id"]


def test_slack_paces_messages_per_channel_and_survives_429(duck, slack):
    rows = [
        action_row(
            "slack", "#wins", {"channel": "#wins", "text": "win {n}"}, {"n": i}, entity_id=f"o{i}"
        )
        for i in range(5)
    ]
    duck.add_actions(rows)
    slack.fault_plan = on_requests({2}, Fault(status=429, retry_after="1"))
    env = {
        **slack_env(slack),
        "TRIG_SLACK__PER_CHANNEL_INTERVAL_SECONDS": "0.2",
        "TRIG_CONCURRENCY": "4",
    }

    began = time.monotonic()
    report = activate(duck, env)

    assert report["counts"] == {"sent": 5}
    assert sorted(m["text"] for m in slack.messages()) == [f"win {i}" for i in range(5)]
    arrivals = sorted(r.received_at for r in slack.requests if r.path == "/api/chat.postMessage")
    # Paced one per 0.2 s (a late thread can only delay a post, never hasten one)...
    assert all(arrival - began >= i * 0.2 - 0.01 for i, arrival in enumerate(arrivals))
    # ...and the 429's Retry-After of 1 s delayed everything after it.
    assert arrivals[-1] - arrivals[0] >= 1.0


def test_slack_unknown_channel_is_a_permanent_failure(duck, slack):
    duck.add_actions([action_row("slack", "#nope", {"channel": "#nope", "text": "hi"})])
    report = activate(duck, slack_env(slack), code=1)
    assert report["problems"][0]["error"] == "slack error channel_not_found"


def test_salesforce_concurrency_is_bounded(duck, salesforce, certificate):
    rows = [
        action_row(
            "salesforce",
            f"001000000000{i:03d}AAA",
            {"object": "Account", "properties": {"Status__c": "x"}},
            entity_id=f"o{i}",
        )
        for i in range(8)
    ]
    duck.add_actions(rows)
    salesforce.delay = 0.1
    env = {
        **salesforce_env(salesforce, certificate),
        "TRIG_SALESFORCE__MAX_CONCURRENCY": "2",
        "TRIG_CONCURRENCY": "8",
    }

    report = activate(duck, env)

    assert report["counts"] == {"sent": 8}
    assert salesforce.max_in_flight == 2
