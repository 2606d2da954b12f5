"""Issue 11, defect 1: a long Retry-After stops that provider for the rest of the run.

Once a provider says "wait an hour", no thread calls it again in this run: the remaining
actions of that channel are released untouched (pending again, not failed, not
attempted), the run says so, and it exits 1.
"""

from __future__ import annotations

import json

import pytest

from tests.fakes.server import Fault
from tests.runner.conftest import hubspot_env, salesforce_env, sendgrid_env, slack_env
from tests.runner.helpers import action_row, email_rows, invoke_assert_code

COUNT = 60
CONCURRENCY = 4


def _rows(channel: str) -> list[dict]:
    if channel == "email":
        return email_rows(COUNT)
    if channel == "slack":
        return [
            action_row(
                "slack",
                "#wins",
                {"channel": "#wins", "text": "win {n}"},
                {"n": i},
                entity_id=f"o{i}",
            )
            for i in range(COUNT)
        ]
    if channel == "hubspot":
        return [
            action_row(
                "hubspot",
                str(1000 + i),
                {"object": "company", "properties": {"trig_stage": "x"}},
                entity_id=f"o{i}",
            )
            for i in range(COUNT)
        ]
    return [
        action_row(
            "salesforce",
            f"001000000000{i:03d}AAA",
            {"object": "Account", "properties": {"Status__c": "x"}},
            entity_id=f"o{i}",
        )
        for i in range(COUNT)
    ]


@pytest.mark.parametrize("channel", ["email", "slack", "hubspot", "salesforce"])
def test_long_retry_after_releases_the_channel_for_a_later_run(duck, request, channel):
    fixture = {"email": "sendgrid"}.get(channel, channel)
    server = request.getfixturevalue(fixture)
    if channel == "email":
        env = sendgrid_env(server)
    elif channel == "slack":
        env = {**slack_env(server), "TRIG_SLACK__PER_CHANNEL_INTERVAL_SECONDS": "0"}
    elif channel == "hubspot":
        env = hubspot_env(server)
    else:
        env = salesforce_env(server, request.getfixturevalue("certificate"))
    rows = _rows(channel)
    duck.add_actions(rows)
    server.fault_plan = lambda n, r: Fault(status=429, retry_after="3600")

    result = invoke_assert_code(
        1, ["activate", "--json", *duck.args], env={**env, "TRIG_CONCURRENCY": str(CONCURRENCY)}
    )
    report = json.loads(result.stdout)

    # Only the calls already in flight when the first 429 came back reached the provider.
    assert 1 <= len(server.requests) <= CONCURRENCY
    assert report["counts"].get("failed", 0) == 0
    assert report["released_untouched"] == {channel: COUNT}
    [paused] = report["paused_channels"]
    assert paused["channel"] == channel and paused["retry_after_seconds"] == 3600
    # Nothing recorded: every action is pending again for a later run.
    assert duck.ledger() == {}

    # The next run (the provider has recovered) sends them all, once.
    server.fault_plan = None
    before = len(server.requests)
    invoke_assert_code(0, ["activate", *duck.args], env=env)
    assert len(server.accepted()) == COUNT and len(server.requests) - before == COUNT
    assert duck.statuses() == {"sent": COUNT}


def test_long_retry_after_message_says_what_happened(duck, sendgrid):
    duck.add_actions(email_rows(5))
    sendgrid.fault_plan = lambda n, r: Fault(status=429, retry_after="3600")
    result = invoke_assert_code(
        1, ["activate", *duck.args], env={**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "1"}
    )
    assert "asked to wait 3600s" in result.stdout
    assert "5 email action(s) released untouched" in result.stdout
