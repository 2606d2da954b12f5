"""Issue 11, defect 6: webhook destinations are checked before anything is sent.

Link-local (cloud metadata), loopback, private and other non-public addresses, and URLs
with embedded credentials, are refused by default (`skipped`, with the reason), after
resolving the host name. `webhook.allowed_destinations` lists the hosts or networks
that may be called anyway; the tests use it for the local fakes on 127.0.0.1.
"""

from __future__ import annotations

import json

import pytest
from trig_lifecycle.config import WebhookConfig

from tests.runner.conftest import WEBHOOK_SECRET
from tests.runner.helpers import action_row, invoke_assert_code

REFUSED = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",
    "http://10.1.2.3/hook",
    "http://192.168.0.10:8080/hook",
    "http://172.16.5.4/hook",
    "http://100.64.0.1/hook",
    "http://0.0.0.0:9000/hook",
    "http://[::1]:9000/hook",
    "http://localhost:9000/hook",
    "http://2130706433/hook",
    "https://user:secret@hooks.example.com/hook",
    "https://token@hooks.example.com/hook",
]


@pytest.mark.parametrize("url", REFUSED)
def test_non_public_and_credentialed_urls_are_refused(url):
    from trig_lifecycle.messages.destinations import refused_destination

    reason = refused_destination(url, WebhookConfig())
    assert reason is not None and "refused webhook destination" in reason


def test_public_addresses_pass_and_the_allow_list_opens_named_hosts_and_networks():
    from trig_lifecycle.messages.destinations import refused_destination

    assert refused_destination("https://93.184.216.34/hook", WebhookConfig()) is None
    allowed = WebhookConfig(allowed_destinations=["10.0.0.0/8", "localhost"])
    assert refused_destination("http://10.1.2.3/hook", allowed) is None
    assert refused_destination("http://localhost:9000/hook", allowed) is None
    assert refused_destination("http://192.168.0.10/hook", allowed) is not None


def test_the_allow_list_can_be_set_from_the_environment(duck, webhook):
    url = f"{webhook.url}/hook"
    duck.add_actions([action_row("webhook", url, {"url": url})])
    env = {"TRIG_WEBHOOK__SECRET": WEBHOOK_SECRET}

    result = invoke_assert_code(1, ["activate", "--json", *duck.args], env=env)
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["status"] == "skipped"
    assert "refused webhook destination" in problem["error"] and "loopback" in problem["error"]
    assert webhook.requests == []

    invoke_assert_code(0, ["replay", "--status", "skipped", *duck.args], env=env)
    allowed = {**env, "TRIG_WEBHOOK__ALLOWED_DESTINATIONS": "127.0.0.1, ::1"}
    invoke_assert_code(0, ["activate", *duck.args], env=allowed)
    assert len(webhook.requests) == 1


def test_refused_destinations_are_skipped_and_nothing_is_sent(duck, webhook):
    rows = [
        action_row("webhook", url, {"url": url}, entity_id=f"w{i}") for i, url in enumerate(REFUSED)
    ]
    duck.add_actions(rows)

    result = invoke_assert_code(
        1, ["activate", "--json", *duck.args], env={"TRIG_WEBHOOK__SECRET": WEBHOOK_SECRET}
    )

    report = json.loads(result.stdout)
    assert report["counts"] == {"skipped": len(REFUSED)}
    assert all("refused webhook destination" in p["error"] for p in report["problems"])
    assert webhook.requests == []
