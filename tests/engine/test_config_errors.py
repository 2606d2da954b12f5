"""Every configuration mistake is a compile error naming the object, the key and the
nearest valid name; configuration values can never inject SQL."""

from __future__ import annotations

import copy

import pytest

from tests.engine.harness import DuckDBWarehouse, Scenario
from tests.engine.rows import org, person

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"

BASE_JOB = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent"},
    "audience": [{"invoices_created": 0}],
    "duration": "10 days",
}
COHORT = {"kind": "cohort", "entity": "organisation", "criteria": {"arr": {">": 1000}}}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("config_errors")
    s = Scenario(root=root / "project", warehouse=DuckDBWarehouse(root / "w.duckdb"))
    s.load(organisations=[org("a"), org("b", arr=90000.0)], people=[person("ann", "a")])
    return s


def with_job(**changes: object) -> dict:
    spec = copy.deepcopy(BASE_JOB)
    for key, value in changes.items():
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    return spec


CASES = [
    (
        "unknown attribute",
        with_job(audience=[{"invoice_created": 0}]),
        [
            "object 'nudge'",
            "key 'audience[0].invoice_created'",
            "unknown attribute 'invoice_created'",
            "did you mean 'invoices_created'",
        ],
    ),
    (
        "unknown operator",
        with_job(audience=[{"arr": {"greater": 5}}]),
        ["object 'nudge'", "unknown operator 'greater'", "did you mean 'greater_than'"],
    ),
    (
        "unknown cohort",
        with_job(audience=[{"member_of": "big_acounts"}]),
        ["unknown cohort 'big_acounts'", "did you mean 'big_accounts'"],
    ),
    (
        "wrong value type",
        with_job(audience=[{"invoices_created": "many"}]),
        ["key 'audience[0].invoices_created.equals'", "expects a number, got 'many'"],
    ),
    (
        "ambiguous relative date",
        with_job(audience=[{"sign_up_date": "> 1 day ago"}]),
        ["'> 1 day ago' is ambiguous", "{more_than: 1 day ago}", "{less_than: 1 day ago}"],
    ),
    (
        "relative date after an operator symbol",
        with_job(audience=[{"sign_up_date": {">": "1 day ago"}}]),
        ["'> 1 day ago' is ambiguous", "{more_than: 1 day ago}", "{less_than: 1 day ago}"],
    ),
    (
        "missing roll-up",
        with_job(audience=[{"projects_created": 0}]),
        ["unknown attribute 'projects_created'", "declare it in the var `trig_rollups`"],
    ),
    (
        "route suggestion is never the job itself",
        with_job(on_exit=[{"route_to": "nudges"}]),
        ["unknown job 'nudges'", "!did you mean 'nudge'"],
    ),
    (
        "unknown object in a generated attribute",
        with_job(exclusions=[{"last_completed_onboarding_nudg": {"has_any_value": True}}]),
        ["unknown object 'onboarding_nudg'", "did you mean 'onboarding_nudge'"],
    ),
    (
        "unknown key",
        with_job(goals={"event": "x"}),
        ["key 'goals'", "unknown key for a job", "did you mean 'goal'"],
    ),
    (
        "unknown action type",
        with_job(on_entry=[{"emial": {"subject": "s", "body": "b"}}]),
        ["key 'on_entry[0]'", "unknown action type 'emial'", "did you mean 'email'"],
    ),
    (
        "route to an unknown job",
        with_job(on_exit=[{"route_to": "onboarding_nudg"}]),
        ["key 'route_to'", "unknown job 'onboarding_nudg'", "did you mean 'onboarding_nudge'"],
    ),
    (
        "bad duration",
        with_job(duration="10 dayz"),
        ["key 'duration'", "'10 dayz' is not a duration"],
    ),
    (
        "unknown kind",
        {**BASE_JOB, "kind": "jbo"},
        ["key 'kind'", "unknown kind 'jbo'", "did you mean 'job'"],
    ),
    (
        "malformed webhook url",
        with_job(on_entry=[{"webhook": {"url": "htp:/nowhere"}}]),
        ["key 'on_entry[0].webhook.url'", "is not an http(s) URL"],
    ),
    (
        "unknown placeholder",
        with_job(on_entry=[{"email": {"subject": "Hi {frist_name}", "body": "b"}}]),
        ["key 'on_entry[0].email.subject'", "unknown placeholder '{frist_name}'", "'first_name'"],
    ),
    (
        "unknown placeholder with a fallback",
        with_job(on_entry=[{"email": {"subject": "Hi {frist_name|there}", "body": "b"}}]),
        ["unknown placeholder '{frist_name}'", "did you mean 'first_name'"],
    ),
    (
        "empty fallback",
        with_job(on_entry=[{"email": {"subject": "Hi {first_name|}", "body": "b"}}]),
        ["key 'on_entry[0].email.subject'", "empty fallback"],
    ),
    (
        "unknown recipient attribute",
        with_job(on_exit=[{"email": {"to": "csm_mail", "subject": "s", "body": "b"}}]),
        ["key 'on_exit[0].email.to'", "unknown attribute 'csm_mail'", "did you mean 'csm_email'"],
    ),
    (
        "relative date on a number",
        with_job(audience=[{"arr": {"more_than": "3 days ago"}}]),
        ["relative dates need a date or timestamp attribute; 'arr' is number"],
    ),
    (
        "event condition inside a cohort",
        with_job(audience=[{"member_of": "eventful"}]),
        ["object 'eventful'", "cohorts filter current attributes only"],
    ),
]


@pytest.mark.parametrize("title,spec,expected", CASES, ids=[c[0] for c in CASES])
def test_config_error_names_object_key_and_nearest_name(
    scenario: Scenario, title: str, spec: dict, expected: list[str]
) -> None:
    scenario.objects = {
        "nudge": spec,
        "onboarding_nudge": copy.deepcopy(BASE_JOB),
        "big_accounts": COHORT,
        "eventful": {"kind": "cohort", "entity": "organisation", "criteria": {"event": "login"}},
    }
    message = scenario.evaluate_expecting_error(T0)
    assert "called by macro" not in message  # the message, not dbt's macro stack
    for fragment in expected:
        if fragment.startswith("!"):  # must not appear
            assert fragment[1:] not in message, f"{title}: {fragment[1:]!r} in {message!r}"
        else:
            assert fragment in message, f"{title}: {fragment!r} not in {message!r}"


HOSTILE = "x' or 1=1; drop table raw.organisations; --"


def test_hostile_values_are_data_not_sql(tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=DuckDBWarehouse(tmp_path / "w.duckdb"))
    s.load(organisations=[org("a"), org("b")], people=[person("ann", "a")])
    s.objects = {
        "hostile": with_job(
            audience={
                "any": [
                    {"plan": HOSTILE},
                    {"organisation_name": {"contains": HOSTILE}},
                    {"plan": {"in": [HOSTILE, "a\\' or 1=1 --"]}},
                ]
            },
            goal={"event": HOSTILE, "where": {"channel": HOSTILE}},
            on_entry=[{"email": {"subject": HOSTILE, "body": "{first_name}"}}],
        ),
        "plain": with_job(
            audience=[{"plan": "starter"}],
            on_entry=[{"email": {"subject": HOSTILE, "body": "{first_name}"}}],
        ),
    }
    s.evaluate(T0)
    assert s.transitions("hostile") == []
    assert len(s.warehouse.query("select * from raw.organisations")) == 2
    configs = s.query("select action_config from {schema}.trig_pending_actions")
    assert configs and all(HOSTILE in c["action_config"] for c in configs)
    # message templates travel unrendered: the runner renders them in a sandbox (probes
    # such as {0.__class__} fail dbt build: tests/engine/test_template_syntax.py)
    assert all("{first_name}" in c["action_config"] for c in configs)
