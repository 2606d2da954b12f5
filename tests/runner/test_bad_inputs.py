"""Bad inputs give a clear error, and nothing wrong is sent."""

from __future__ import annotations

import json

import pytest
from trig_lifecycle.messages.render import MissingPlaceholders, RenderError, render, render_parts

from tests.runner.conftest import sendgrid_env, webhook_env
from tests.runner.helpers import DEFAULT_EMAIL, action_row, invoke_assert_code

PROBES = [
    "{{ ''.__class__ }}",
    "{0.__class__}",
    "{first_name.__class__}",
    "{first_name!r}",
    "{first_name:>10}",
    "{}",
    "{ first_name }",
]


@pytest.mark.parametrize("probe", PROBES)
def test_template_probes_are_refused(probe):
    with pytest.raises(RenderError, match="is not a placeholder"):
        render(f"Hi {probe}", {"first_name": "Ada"}, "body")


def test_attribute_values_are_data_never_templates():
    attributes = {
        "first_name": "{{ ''.__class__ }} {0.__class__} {organisation_name}",
        "organisation_name": "Acme",
    }
    assert render("Hi {first_name}", attributes, "body") == (
        "Hi {{ ''.__class__ }} {0.__class__} {organisation_name}"
    )


def test_missing_and_empty_placeholders_are_all_reported():
    with pytest.raises(MissingPlaceholders) as raised:
        render("{a} {b} {c} {d}", {"a": "x", "b": None, "c": "  "}, "body")
    assert raised.value.names == ["b", "c", "d"]


def test_values_are_formatted_for_people():
    parts = render_parts(
        "{arr} {ok} {n} @{csm}", {"arr": 12000.0, "ok": True, "n": 3, "csm": "c@x.io"}, "text"
    )
    assert "".join(p if isinstance(p, str) else f"<{p.email}>" for p in parts) == (
        "12000 true 3 <c@x.io>"
    )


def test_bad_rows_are_skipped_with_reasons_and_good_rows_still_go(duck, sendgrid, webhook):
    good = action_row(recipient="good@example.com", entity_id="good")
    bad = {
        "subject_injection": action_row(
            recipient="a@example.com",
            entity_id="a",
            attributes={"organisation_name": "Acme\r\nBcc: victim@example.com"},
        ),
        "from_injection": action_row(
            recipient="b@example.com",
            entity_id="b",
            config={**DEFAULT_EMAIL, "from": "Lee <lee@example.com>\nBcc: victim@example.com"},
        ),
        "recipient_injection": action_row(
            recipient="c@example.com\r\nBcc: victim@example.com", entity_id="c"
        ),
        "probe_jinja": action_row(
            recipient="d@example.com",
            entity_id="d",
            config={**DEFAULT_EMAIL, "body": "{{ ''.__class__ }}"},
        ),
        "probe_format": action_row(
            recipient="e@example.com",
            entity_id="e",
            config={**DEFAULT_EMAIL, "subject": "{0.__class__}"},
        ),
        "missing": action_row(
            recipient="f@example.com",
            entity_id="f",
            config={**DEFAULT_EMAIL, "body": "Hi {last_name}"},
        ),
        "unknown_channel": action_row("fax", "+15550100", {"text": "hi"}, entity_id="g"),
        "bad_webhook_url": action_row(
            "webhook", "htp:/not a url", {"url": "htp:/not a url"}, entity_id="h"
        ),
        "bad_json": action_row(recipient="i@example.com", entity_id="i", raw_config="{oops"),
    }
    duck.add_actions([good, *bad.values()])

    result = invoke_assert_code(
        1, ["activate", "--json", *duck.args], env={**sendgrid_env(sendgrid), **webhook_env()}
    )

    report = json.loads(result.stdout)
    assert report["counts"] == {"sent": 1, "skipped": len(bad)}
    errors = {name: duck.ledger()[row["action_id"]] for name, row in bad.items()}
    expected = {
        "subject_injection": "subject contains a line break",
        "from_injection": "from contains a line break",
        "recipient_injection": "recipient contains a line break",
        "probe_jinja": "is not a placeholder",
        "probe_format": "is not a placeholder",
        "missing": "missing placeholder value(s) in body: last_name",
        "unknown_channel": "unknown channel 'fax'",
        "bad_webhook_url": "malformed webhook URL",
        "bad_json": "action_config is not valid JSON",
    }
    for name, fragment in expected.items():
        status, error = errors[name]
        assert status == "skipped" and fragment in error, (name, error)
    assert sendgrid.action_ids() == [good["action_id"]]
    assert "victim" not in json.dumps(sendgrid.mails())
    assert webhook.requests == []


def test_every_missing_placeholder_of_an_email_is_reported_at_once():
    from trig_lifecycle.config import RunnerConfig
    from trig_lifecycle.messages.build import build_message
    from trig_lifecycle.pending import PendingAction

    row = action_row(config={**DEFAULT_EMAIL, "subject": "Hi {nickname}", "body": "{plan_name}"})

    class Row:
        _mapping = row

    with pytest.raises(MissingPlaceholders) as raised:
        build_message(PendingAction.from_row(Row()), RunnerConfig())
    assert str(raised.value) == (
        "missing placeholder value(s) in body and subject: nickname, plan_name"
    )
