"""End to end: pending actions in the warehouse → runner → fakes → ledger, on DuckDB and
PostgreSQL, asserting exactly which requests each fake received."""

from __future__ import annotations

import json

from tests.fakes.providers import FakeWebhook
from tests.runner.conftest import (
    WEBHOOK_SECRET,
    hubspot_env,
    salesforce_env,
    sendgrid_env,
    slack_env,
    webhook_env,
)
from tests.runner.helpers import DEFAULT_EMAIL, action_row, invoke_assert_code


def mixed_actions(webhook_url: str) -> list[dict]:
    entry = action_row()
    # A follow-up declared without a sender replies as the entry email's sender.
    follow_up = action_row(
        config={
            "subject": "Re: Quick tip for {organisation_name}",
            "body": DEFAULT_EMAIL["body"],
            "in_reply_to_entry": True,
        },
        transition_type="follow_up_due",
        step=1,
    )
    follow_up["thread_key"] = entry["thread_key"]
    return [
        entry,
        follow_up,
        action_row(
            "slack",
            "#cs",
            {"channel": "#cs", "text": "@{csm_email} {organisation_name} needs help"},
            transition_type="exited",
        ),
        action_row(
            "hubspot",
            "12345",
            {
                "object": "company",
                "id_attribute": "hubspot_company_id",
                "properties": {"trig_onboarding": "done", "plan": "{plan}"},
            },
            transition_type="completed",
        ),
        action_row(
            "salesforce",
            "001000000000001AAA",
            {"object": "Account", "properties": {"Onboarding_Status__c": "done"}},
            transition_type="completed",
            action_index=1,
        ),
        action_row(
            "webhook",
            f"{webhook_url}/hooks/trig",
            {
                "url": f"{webhook_url}/hooks/trig",
                "payload": {"text": "{organisation_name} completed"},
            },
            transition_type="completed",
            action_index=2,
        ),
        action_row(
            "set_attribute",
            "completed_onboarding_job",
            {"attribute": "completed_onboarding_job", "value": True},
            transition_type="completed",
            action_index=3,
        ),
        action_row(
            "route_to",
            "onboarding_stalled",
            {"object": "onboarding_stalled"},
            transition_type="exited",
            action_index=1,
        ),
        action_row(recipient="shadow@example.com", object_name="shadow_job", is_shadow=True),
    ]


def test_every_channel_end_to_end(
    project, sendgrid, slack, hubspot, salesforce, webhook, certificate
):
    rows = mixed_actions(webhook.url)
    project.add_actions(rows)
    env = {
        **sendgrid_env(sendgrid),
        **slack_env(slack),
        **hubspot_env(hubspot),
        **salesforce_env(salesforce, certificate),
        **webhook_env(),
    }

    result = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)

    report = json.loads(result.stdout)
    assert report["counts"] == {"sent": 8, "shadow": 1}
    # SendGrid: the entry email and its follow-up, threaded as a reply.
    entry_mail, follow_mail = sorted(sendgrid.mails(), key=lambda m: m["subject"])
    assert entry_mail["from"] == {"email": "lee@example.com", "name": "Lee at Example"}
    assert entry_mail["personalizations"][0]["to"] == [{"email": "ada@example.com"}]
    assert entry_mail["subject"] == "Quick tip for Acme"
    assert entry_mail["content"] == [
        {
            "type": "text/plain",
            "value": ("Hi Ada,\n\nHere is how to send your first invoice.\n\nThanks,\nLee"),
        }
    ]
    assert follow_mail["subject"] == "Re: Quick tip for Acme"
    assert follow_mail["from"] == entry_mail["from"]
    assert follow_mail["headers"]["In-Reply-To"] == entry_mail["headers"]["Message-ID"]
    assert follow_mail["headers"]["References"] == entry_mail["headers"]["Message-ID"]
    assert len(sendgrid.requests) == 2
    # Slack: one message, the CSM mentioned by user id (looked up by email).
    assert slack.messages() == [{"channel": "#cs", "text": "<@U0CSM> Acme needs help"}]
    # HubSpot: one PATCH of the company with rendered properties.
    [patch] = hubspot.requests
    assert (patch.method, patch.path) == ("PATCH", "/crm/v3/objects/companies/12345")
    assert patch.json() == {"properties": {"trig_onboarding": "done", "plan": "pro"}}
    # Salesforce: one PATCH of the Account.
    [sf] = salesforce.requests
    assert sf.method == "PATCH"
    assert sf.path.endswith("/sobjects/Account/001000000000001AAA")
    assert sf.json() == {"Onboarding_Status__c": "done"}
    # Webhook: signed, with the action id as idempotency key.
    [hook] = webhook.requests
    assert hook.path == "/hooks/trig"
    assert hook.json() == {"text": "Acme completed"}
    assert hook.headers["idempotency-key"] == rows[5]["action_id"]
    assert FakeWebhook.signature_is_valid(hook, WEBHOOK_SECRET)
    # Write-back and routing rows for the models to read.
    writes = project.query(
        "select entity_id, attribute_name, attribute_value from "
        f"{project.table('trig_attribute_writes')}"
    )
    assert writes == [("p1", "completed_onboarding_job", "true")]
    routes = project.query(f"select entity_id, target_object from {project.table('trig_routes')}")
    assert routes == [("p1", "onboarding_stalled")]
    ledger = project.ledger()
    assert {row["action_id"]: ledger[row["action_id"]][0] for row in rows} == {
        **{row["action_id"]: "sent" for row in rows[:8]},
        rows[8]["action_id"]: "shadow",
    }

    # A rerun finds nothing pending and sends nothing.
    again = invoke_assert_code(0, ["activate", "--json", *project.args], env=env)
    assert json.loads(again.stdout)["counts"] == {}
    assert len(sendgrid.requests) == 2 and len(slack.messages()) == 1
    assert len(hubspot.requests) == 1 and len(webhook.requests) == 1


def test_outbox_is_the_default_without_providers(project):
    rows = mixed_actions("https://hooks.example.com")
    project.add_actions(rows)

    invoke_assert_code(0, ["activate", *project.args])

    outbox = project.directory / "outbox"
    eml = (outbox / f"{rows[0]['action_id']}.eml").read_text()
    assert "Subject: Quick tip for Acme" in eml
    assert "To: ada@example.com" in eml
    follow = (outbox / f"{rows[1]['action_id']}.eml").read_text()
    assert "In-Reply-To: <trig." in follow
    [slack_line] = (outbox / "slack.jsonl").read_text().splitlines()
    assert json.loads(slack_line)["text"] == "@csm@example.com Acme needs help"
    assert len((outbox / "webhook.jsonl").read_text().splitlines()) == 1
    assert len((outbox / "hubspot.jsonl").read_text().splitlines()) == 1
    assert project.statuses() == {"sent": 8, "shadow": 1}
