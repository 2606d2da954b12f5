"""A debug run's logs contain no email addresses, API keys or tokens."""

from __future__ import annotations

import re

from tests.fakes.server import Fault, on_requests
from tests.runner.conftest import WEBHOOK_SECRET, hubspot_env, sendgrid_env, slack_env, webhook_env
from tests.runner.helpers import action_row, email_rows, invoke_assert_code

EMAIL = re.compile(r"[\w.+-]+(@|%40)[\w-]+\.[\w.]+")


def test_debug_logs_hold_no_addresses_or_secrets(duck, sendgrid, slack, hubspot, webhook):
    duck.add_actions(
        [
            *email_rows(3),
            action_row(
                "slack",
                "#cs",
                {"channel": "#cs", "text": "@{csm_email} needs help"},
                entity_id="o1",
            ),
            action_row(
                "hubspot",
                "42",
                {"object": "contact", "properties": {"email": "{csm_email}"}},
                entity_id="o2",
            ),
            action_row("webhook", f"{webhook.url}/h", None, entity_id="o3"),
        ]
    )
    sendgrid.rejected_addresses = {"person1@example.com"}  # errors get logged too
    sendgrid.fault_plan = on_requests({1}, Fault(status=429, retry_after="0"))
    env = {**sendgrid_env(sendgrid), **slack_env(slack), **hubspot_env(hubspot), **webhook_env()}

    result = invoke_assert_code(1, ["activate", "--debug", *duck.args], env=env)

    logs = result.stderr
    # third-party debug logs were captured (urllib3 names each connection it opens; its
    # request lines appear only once a response arrives, which a loaded machine can delay)
    assert "DEBUG urllib3" in logs
    assert EMAIL.findall(logs) == []
    for secret in (sendgrid.api_key, slack.token, hubspot.token, WEBHOOK_SECRET):
        assert secret not in logs
    assert "<email>" in logs or "***" in logs  # redaction did happen
