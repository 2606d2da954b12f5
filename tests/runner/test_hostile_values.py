"""Issue 11, defects 2 and 3: customer data that tries to be markup or a header.

Slack: attribute values are data, so `&`, `<`, `>` are escaped as Slack requires while
the template's own formatting and `@{email}` mentions keep working. Headers: every
Unicode line break (not only CR/LF) and address lists disguised as one address are bad
data on every channel, the outbox included: `skipped`, with the reason.
"""

from __future__ import annotations

import json

import pytest

from tests.runner.conftest import sendgrid_env, slack_env
from tests.runner.helpers import DEFAULT_EMAIL, action_row, invoke_assert_code

HOSTILE_ORGANISATION = "<!everyone> <https://evil.test|click> & co"
# Every character Python's str.splitlines() treats as a line boundary, beyond CR/LF.
UNICODE_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def test_slack_escapes_attribute_values_but_keeps_template_markup(duck, slack):
    row = action_row(
        "slack",
        "#cs",
        {
            "channel": "#cs",
            "text": "@{csm_email} *{organisation_name}* needs help <https://app.example.com|open>",
        },
        {"organisation_name": HOSTILE_ORGANISATION},
    )
    duck.add_actions([row])

    invoke_assert_code(0, ["activate", *duck.args], env=slack_env(slack))

    [message] = slack.messages()
    assert message["text"] == (
        "<@U0CSM> *&lt;!everyone&gt; &lt;https://evil.test|click&gt; &amp; co* needs help "
        "<https://app.example.com|open>"
    )


def test_outbox_slack_line_is_escaped_too(duck):
    row = action_row(
        "slack",
        "#cs",
        {"channel": "#cs", "text": "{organisation_name}"},
        {"organisation_name": HOSTILE_ORGANISATION},
    )
    duck.add_actions([row])
    invoke_assert_code(0, ["activate", *duck.args])
    [line] = (duck.directory / "outbox" / "slack.jsonl").read_text().splitlines()
    assert json.loads(line)["text"] == "&lt;!everyone&gt; &lt;https://evil.test|click&gt; &amp; co"


def _hostile_emails() -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for index, char in enumerate(UNICODE_BREAKS):
        rows[f"subject U+{ord(char):04X}"] = action_row(
            recipient=f"s{index}@example.com",
            entity_id=f"s{index}",
            attributes={"organisation_name": f"Acme{char}Bcc: victim@example.com"},
        )
        rows[f"from U+{ord(char):04X}"] = action_row(
            recipient=f"f{index}@example.com",
            entity_id=f"f{index}",
            config={**DEFAULT_EMAIL, "from": f"Lee{char}<lee@example.com>"},
        )
    rows["recipient list"] = action_row(recipient="ada@example.com,evil", entity_id="r1")
    rows["recipient list with space"] = action_row(
        recipient="ada@example.com, eve@evil.test", entity_id="r2"
    )
    rows["reply_to list"] = action_row(
        recipient="r3@example.com",
        entity_id="r3",
        config={**DEFAULT_EMAIL, "reply_to": "lee@example.com, eve@evil.test"},
    )
    rows["slack channel U+2028"] = action_row(
        "slack", "#cs\u2028x", {"channel": "#cs\u2028x", "text": "hi"}, entity_id="c1"
    )
    return rows


@pytest.mark.parametrize("through", ["sendgrid", "outbox"])
def test_unicode_line_breaks_and_address_lists_are_bad_data(duck, sendgrid, through):
    good = action_row(recipient="good@example.com", entity_id="good")
    hostile = _hostile_emails()
    duck.add_actions([good, *hostile.values()])
    env = sendgrid_env(sendgrid) if through == "sendgrid" else {}

    result = invoke_assert_code(1, ["activate", "--json", *duck.args], env=env)

    report = json.loads(result.stdout)
    assert report["counts"] == {"sent": 1, "skipped": len(hostile)}, report["problems"]
    ledger = duck.ledger()
    for name, row in hostile.items():
        status, error = ledger[row["action_id"]]
        assert status == "skipped", (name, error)
        assert "line break" in error or "one email address" in error, (name, error)
    if through == "sendgrid":
        assert sendgrid.action_ids() == [good["action_id"]]
    else:
        assert sendgrid.requests == []
        written = sorted(p.name for p in (duck.directory / "outbox").glob("*.eml"))
        assert written == [f"{good['action_id']}.eml"]
