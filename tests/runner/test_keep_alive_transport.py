"""The SendGrid transport's kept-alive connections (ADR 116): a connection the server
closed is replaced before the next email, never used for it (that email would end
`unknown`, or worse, be retried)."""

from __future__ import annotations

import json
import time

import certifi
from trig_lifecycle.channels.sendgrid_transport import ThreadConnections

from tests.fakes.server import Fault
from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import email_rows, invoke_assert_code


def activate_one_thread(project, sendgrid) -> dict:
    env = {**sendgrid_env(sendgrid), "TRIG_CONCURRENCY": "1"}
    return json.loads(invoke_assert_code(0, ["activate", "--json", *project.args], env=env).stdout)


def test_connection_close_answers_open_a_new_connection(duck, sendgrid):
    rows = email_rows(6)
    duck.add_actions(rows)
    sendgrid.fault_plan = lambda number, request: Fault(close_after=number % 2 == 1)

    report = activate_one_thread(duck, sendgrid)

    assert report["counts"] == {"sent": 6}
    assert sorted(sendgrid.action_ids()) == sorted(r["action_id"] for r in rows)


def test_idle_connections_closed_by_the_server_are_not_reused(sendgrid):
    # A server's idle timeout closes a kept-alive socket without a word; the next
    # request must go out on a new connection, not die on the old one.
    transport = ThreadConnections("http", certifi.where())
    sendgrid.fault_plan = lambda number, request: Fault(close_silently_after=number == 1)
    headers = {"Authorization": f"Bearer {sendgrid.api_key}", "Content-Type": "application/json"}
    body = json.dumps(
        {
            "personalizations": [{"to": [{"email": "a@example.com"}]}],
            "from": {"email": "lee@example.com"},
            "subject": "Hi",
            "content": [{"type": "text/plain", "value": "Hello"}],
        }
    ).encode()
    url = f"{sendgrid.url}/v3/mail/send"

    first = transport.request("POST", url, body, headers, 5.0)
    time.sleep(0.2)  # idle: the server's close reaches the client
    second = transport.request("POST", url, body, headers, 5.0)
    transport.close()

    assert (first.status, second.status) == (202, 202)
    assert len(sendgrid.requests) == 2
