"""Who an organisation-level email goes to (ADR 208): one person by default, the address
in `owner_email` (var trig_organisation_email_to), never every person unless the job
says `to: people`. On DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.engine.harness import DEFAULT_COLUMNS, ORGANISATION_COLUMNS, Scenario
from tests.engine.rows import org, person

pytestmark = pytest.mark.slow

T = "2025-03-10 00:00:00"
COLUMNS = {
    **DEFAULT_COLUMNS,
    "organisations": {**ORGANISATION_COLUMNS, "owner_email": "varchar", "admin_email": "varchar"},
}


def welcome(**email: object) -> dict:
    return {
        "kind": "job",
        "entity": "organisation",
        "goal": {"event": "invoice_sent"},
        "audience": [{"invoices_created": 0}],
        "duration": "10 days",
        "on_entry": [
            {"email": {"subject": "Welcome", "body": "Hello {organisation_name}", **email}}
        ],
    }


def recipients(
    warehouse, tmp_path, variables: dict, columns: dict = COLUMNS, **email: object
) -> list[str]:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse, columns=columns)
    s.project_vars = variables
    s.load(
        organisations=[
            {**org("acme", owner_email="owner@acme.test", admin_email="it@acme.test")}
            if "owner_email" in columns["organisations"]
            else org("acme")
        ],
        people=[person("ann", "acme"), person("bob", "acme"), person("cy", "acme")],
    )
    s.objects = {"welcome": welcome(**email)}
    s.evaluate(T)
    rows = s.query("select recipient from {schema}.trig_pending_actions order by recipient")
    return [r["recipient"] for r in rows]


def test_organisation_email_without_to_goes_to_the_owner_only(warehouse, tmp_path):
    assert recipients(warehouse, tmp_path, {}) == ["owner@acme.test"]


def test_the_default_recipient_is_configurable(warehouse, tmp_path):
    variables = {"trig_organisation_email_to": "admin_email"}
    assert recipients(warehouse, tmp_path, variables) == ["it@acme.test"]


def test_to_people_emails_every_person_of_the_organisation(warehouse, tmp_path):
    assert len(recipients(warehouse, tmp_path, {}, to="people")) == 3


def test_without_an_owner_attribute_it_falls_back_to_every_person(warehouse, tmp_path):
    assert len(recipients(warehouse, tmp_path, {}, columns=DEFAULT_COLUMNS)) == 3
