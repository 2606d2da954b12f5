"""The benchmark's lifecycle objects: 40 objects over the synthetic data's columns and
events, written as a customer would (one model per object plus one YAML file).

Counted as objects the engine evaluates: 2 stages with 9 objectives (11), 10
behaviours, 6 cohorts and 13 jobs. They mix every kind of condition the engine
compiles (attribute operators, relative dates, event counts since entry and in a
window, property filters, cohort membership, generated lifecycle attributes), both
entities, and every job status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# Roll-ups the benchmark project declares (the integration project's two, plus
# windowed and summed event roll-ups that must also stay incremental).
ROLLUPS: list[dict[str, Any]] = [
    {"name": "active_users_30d", "function": "count", "of": "people",
     "where": {"last_seen_at": {"less_than": "30 days ago"}}},
    {"name": "invoices_created", "function": "count", "event": "invoice_created"},
    {"name": "logins_30d", "function": "count", "event": "login", "within_last": "30 days"},
    {"name": "payments_total", "function": "sum", "event": "payment_received",
     "property": "amount"},
    {"name": "admin_count", "function": "count", "of": "people", "where": {"role": "admin"}},
]

EMAIL = {"from": "Lee at Ledgerly <lee@ledgerly.example>", "subject": "A quick tip",
         "body": "Hi {first_name}, ..."}
OWNER_EMAIL = {**EMAIL, "to": "owner_email", "body": "Hi {owner_first_name}, ..."}
SLACK_CS = {"slack": {"channel": "#cs", "text": "@{csm_email} {organisation_name} needs a look"}}


def _obj(name: str, **spec: Any) -> dict[str, Any]:
    return {"name": name, "config": {"meta": {"trig": spec}}}


def stages(live_from: str | None) -> list[dict[str, Any]]:
    history = {"live_from": live_from} if live_from else {}
    return [
        _obj("onboarding", kind="stage", entity="organisation", **history,
             entry={"event": "signed_up"},
             objectives=[
                 {"name": "created_first_project", "completion": {"event": "project_created"}},
                 {"name": "created_first_invoice", "completion": {"event": "invoice_created"}},
                 {"name": "sent_first_invoice", "completion": {"event": "invoice_sent"}},
                 {"name": "invited_a_teammate", "completion": {"event": "teammate_invited"}},
                 {"name": "connected_an_integration",
                  "completion": {"event": "integration_connected"}},
             ],
             exit={"after": "30 days", "criteria": {"is_churned": True}},
             on_completion=[{"slack": {"channel": "#wins",
                                       "text": "{organisation_name} onboarded"}}]),
        _obj("team_activation", kind="stage", entity="person", **history,
             entry={"event": "login"},
             objectives=[
                 {"name": "person_viewed_report", "completion": {"event": "report_viewed"}},
                 {"name": "person_created_project", "completion": {"event": "project_created"}},
                 {"name": "person_created_invoice", "completion": {"event": "invoice_created"}},
                 {"name": "person_sent_invoice", "completion": {"event": "invoice_sent"}},
             ],
             exit={"after": "21 days"}),
    ]


def behaviours(live_from: str | None) -> list[dict[str, Any]]:
    history = {"live_from": live_from} if live_from else {}
    org, person = "organisation", "person"

    def behaviour(name: str, entity: str, completion: dict[str, Any]) -> dict[str, Any]:
        return _obj(name, kind="behaviour", entity=entity, **history, completion=completion)

    return [
        behaviour("first_payment", org, {"event": "payment_received"}),
        behaviour("invoices_5_in_a_week", org,
                  {"event": "invoice_sent", "at_least": 5, "within_last": "7 days"}),
        behaviour("invoices_20_in_a_month", org,
                  {"event": "invoice_sent", "at_least": 20, "within_last": "30 days"}),
        behaviour("first_stripe", org,
                  {"event": "integration_connected", "where": {"integration": "stripe"}}),
        behaviour("first_xero", org,
                  {"event": "integration_connected", "where": {"integration": "xero"}}),
        behaviour("first_quickbooks", org,
                  {"event": "integration_connected", "where": {"integration": "quickbooks"}}),
        behaviour("sent_by_whatsapp", org,
                  {"event": "invoice_sent", "where": {"channel": "whatsapp"}}),
        behaviour("first_mobile_login", person, {"event": "login", "where": {"device": "ios"}}),
        behaviour("report_power_user", person,
                  {"event": "report_viewed", "at_least": 10, "within_last": "14 days"}),
        behaviour("person_first_invoice_sent", person, {"event": "invoice_sent"}),
    ]


def cohorts() -> list[dict[str, Any]]:
    def cohort(name: str, entity: str, criteria: Any) -> dict[str, Any]:
        return _obj(name, kind="cohort", entity=entity, criteria=criteria)

    return [
        cohort("free_accounts", "organisation", {"plan": "free", "is_churned": False}),
        cohort("paying_accounts", "organisation",
               {"plan": {"in": ["starter", "pro", "enterprise"]}, "is_churned": False}),
        cohort("key_accounts", "organisation",
               {"all": [{"csm_email": {"has_any_value": True}},
                        {"any": [{"arr": {"at_least": 10000}}, {"plan": "enterprise"}]}]}),
        cohort("eu_accounts", "organisation",
               {"country": {"in": ["DE", "FR", "NL", "ES", "IE", "SE"]}}),
        cohort("quiet_accounts", "organisation", {"last_login_at": {"more_than": "30 days ago"}}),
        cohort("admins", "person", {"role": "admin"}),
    ]


def _job(name: str, entity: str = "organisation", **spec: Any) -> dict[str, Any]:
    spec.setdefault("status", "live")
    spec.setdefault("duration", "14 days")
    return _obj(name, kind="job", entity=entity, **spec)


def _adoption_job(name: str, behaviour: str, integration: str) -> dict[str, Any]:
    return _job(name, goal={"event": "integration_connected",
                            "where": {"integration": integration}},
                audience={"all": [{"member_of": "paying_accounts"},
                                  {"sign_up_date": {"more_than": "30 days ago"}},
                                  {f"last_completion_of_{behaviour}": {"has_no_value": True}}]},
                exclusions=[{"currently_member_of_churn_prevention": True}],
                re_entry={"after": "60 days"},
                on_entry=[{"email": OWNER_EMAIL}],
                follow_ups=[{"after": "5 days", "email": OWNER_EMAIL}],
                on_exit=[SLACK_CS])


def jobs() -> list[dict[str, Any]]:
    return [
        _job("first_invoice_nudge", goal={"event": "invoice_sent"},
             audience={"all": [{"member_of": "free_accounts"},
                               {"sign_up_date": {"more_than": "1 day ago"}},
                               {"sign_up_date": {"less_than": "7 days ago"}},
                               {"invoices_created": 0}]},
             exclusions=[{"currently_member_of_churn_prevention": True}],
             duration="10 days", on_entry=[{"email": EMAIL}],
             follow_ups=[{"after": "3 days", "email": EMAIL}, {"after": "7 days", "email": EMAIL}],
             on_completion=[{"set_attribute": {"completed_onboarding_job": True}}],
             on_exit=[{"route_to": "onboarding_stalled"}]),
        _job("onboarding_stalled", goal={"event": "invoice_sent"},
             audience={"all": [{"last_exited_first_invoice_nudge": {"has_any_value": True}},
                               {"last_completed_first_invoice_nudge": {"has_no_value": True}}]},
             on_entry=[{"email": OWNER_EMAIL}], on_exit=[SLACK_CS]),
        _adoption_job("stripe_adoption", "first_stripe", "stripe"),
        _adoption_job("xero_adoption", "first_xero", "xero"),
        _adoption_job("quickbooks_adoption", "first_quickbooks", "quickbooks"),
        _job("churn_prevention", goal={"event": "login", "at_least": 3},
             audience={"all": [{"member_of": "key_accounts"},
                               {"renewal_date": {"within_next": "90 days"}},
                               {"none": [{"event": "login", "within_last": "30 days"}]}]},
             duration="30 days", re_entry={"after": "90 days"},
             on_entry=[SLACK_CS, {"email": {**OWNER_EMAIL, "from_attribute": "csm_email"}}],
             follow_ups=[{"after": "14 days", "email": OWNER_EMAIL},
                         {"after": "21 days", **SLACK_CS}],
             on_exit=[{"set_attribute": {"churn_risk": "high"}},
                      {"salesforce": {"object": "Account",
                                      "properties": {"Churn_Risk__c": "high"}}}]),
        _job("quiet_account_check_in", goal={"event": "login"},
             audience={"all": [{"member_of": "quiet_accounts"}, {"member_of": "paying_accounts"}]},
             exclusions=[{"currently_member_of_churn_prevention": True}],
             re_entry={"after": "30 days"}, on_entry=[{"email": OWNER_EMAIL}]),
        _job("expansion_upsell", status="shadow", goal={"plan": "pro"},
             audience={"all": [{"plan": "starter"}, {"active_users_30d": {"at_least": 3}}]},
             duration="21 days", on_entry=[{"email": OWNER_EMAIL}]),
        _job("team_invite_nudge", goal={"event": "teammate_invited"},
             audience={"all": [{"plan": {"in": ["pro", "enterprise"]}},
                               {"admin_count": {"at_most": 1}},
                               {"none": [{"event": "teammate_invited",
                                          "within_last": "30 days"}]}]},
             re_entry="always", on_entry=[{"email": OWNER_EMAIL}]),
        _job("payment_reminder", goal={"event": "payment_received"},
             audience={"all": [{"last_completion_of_sent_first_invoice": {"has_any_value": True}},
                               {"last_completion_of_first_payment": {"has_no_value": True}}]},
             duration="21 days", on_entry=[{"email": OWNER_EMAIL}],
             follow_ups=[{"after": "7 days", "email": OWNER_EMAIL}]),
        _job("admin_report_tour", entity="person", goal={"event": "report_viewed"},
             audience={"all": [{"member_of": "admins"}, {"created_at": {"more_than": "3 days ago"}},
                               {"last_completion_of_person_viewed_report":
                                    {"has_no_value": True}}]},
             duration="7 days", on_entry=[{"email": EMAIL}]),
        _job("accountant_invoice_tour", entity="person", goal={"event": "invoice_sent"},
             audience={"all": [{"role": "accountant"},
                               {"last_completion_of_person_first_invoice_sent":
                                    {"has_no_value": True}}]},
             duration="10 days", on_entry=[{"email": EMAIL}]),
        _job("eu_vat_webinar", status="paused", goal={"event": "report_viewed",
                                                      "where": {"report": "tax"}},
             audience={"member_of": "eu_accounts"}, on_entry=[{"email": OWNER_EMAIL}]),
    ]


def bench_objects(live_from: str | None) -> list[dict[str, Any]]:
    """All 40 objects. ``live_from`` (a date) replays stages and behaviours from the
    start of the data, as a project that has run for the whole period would have done;
    jobs go live at the first evaluation."""
    return stages(live_from) + behaviours(live_from) + cohorts() + jobs()


def object_count(models: list[dict[str, Any]]) -> int:
    count = 0
    for model in models:
        spec = model["config"]["meta"]["trig"]
        count += 1 + len(spec.get("objectives", []))
    return count


def write_objects(models_dir: Path, live_from: str | None) -> int:
    """Write one ``{{ trig.lifecycle_object() }}`` model per object and their YAML;
    returns the number of objects (objectives included)."""
    models_dir.mkdir(parents=True, exist_ok=True)
    models = bench_objects(live_from)
    for model in models:
        (models_dir / f"{model['name']}.sql").write_text("{{ trig.lifecycle_object() }}\n")
    document = {"version": 2, "models": models}
    (models_dir / "_bench__models.yml").write_text(yaml.safe_dump(document, sort_keys=False))
    return object_count(models)
