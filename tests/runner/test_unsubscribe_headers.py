"""RFC 8058: automated emails carry one-click unsubscribe headers when the sender is
configured for it, through SendGrid and in the outbox alike."""

from __future__ import annotations

import email
import email.policy
import hashlib

from tests.runner.conftest import sendgrid_env
from tests.runner.helpers import action_row, invoke_assert_code

URL = "https://example.com/unsubscribe?person={entity_id}&h={recipient_hash}"


def expected_url(address: str, person: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"https://example.com/unsubscribe?person={person}&h={digest}"


def test_sendgrid_mail_carries_one_click_unsubscribe_headers(duck, sendgrid):
    duck.add_actions([action_row(attributes={"entity_id": "p 1&x"})])
    env = {
        **sendgrid_env(sendgrid),
        "TRIG_SENDER__UNSUBSCRIBE_URL": URL,
        "TRIG_SENDER__UNSUBSCRIBE_MAILTO": "unsubscribe@example.com",
    }

    invoke_assert_code(0, ["activate", *duck.args], env=env)

    [mail] = sendgrid.mails()
    url = expected_url("ada@example.com", "p%201%26x")
    assert mail["headers"]["List-Unsubscribe"] == (
        f"<{url}>, <mailto:unsubscribe@example.com?subject=unsubscribe>"
    )
    assert mail["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_outbox_email_carries_them_and_nothing_without_the_setting(duck):
    duck.add_actions([action_row(attributes={"entity_id": "p1"})])
    invoke_assert_code(0, ["activate", *duck.args], env={"TRIG_SENDER__UNSUBSCRIBE_URL": URL})
    [path] = (duck.directory / "outbox").glob("*.eml")
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert mail["List-Unsubscribe"] == f"<{expected_url('ada@example.com', 'p1')}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_headers_without_the_setting_and_http_is_refused(duck, sendgrid):
    duck.add_actions([action_row(), action_row(recipient="b@example.com", entity_id="b")])
    invoke_assert_code(0, ["activate", "--limit", "1", *duck.args], env=sendgrid_env(sendgrid))
    assert "List-Unsubscribe" not in sendgrid.mails()[0].get("headers", {})
    env = {**sendgrid_env(sendgrid), "TRIG_SENDER__UNSUBSCRIBE_URL": "http://example.com/u"}
    result = invoke_assert_code(1, ["activate", *duck.args], env=env)
    assert "must be an https URL" in result.stdout
