"""`trig audience`: known answers on DuckDB and PostgreSQL, and nothing written."""

from __future__ import annotations

import pytest

from tests.report.scenario import T0, cli_args, parse_json, row_counts
from tests.runner.helpers import invoke_assert_code

pytestmark = pytest.mark.slow


def test_audience_counts_arr_reasons_and_messages_without_writing(built):
    before = row_counts(built.warehouse)
    result = invoke_assert_code(
        1, ["audience", "onboarding_nudge", "--at", T0, "--json", *cli_args(built)]
    )
    report = parse_json(result.stdout)
    assert (report["count"], report["arr"]) == (2, 3000.0)
    assert (report["excluded_count"], report["excluded_arr"]) == (1, 5000.0)
    bravo, alpha = report["sample"]
    assert (bravo["entity_id"], alpha["entity_id"]) == ("bravo", "alpha")
    assert bravo["matched_on"] == {
        "sign_up_date": bravo["matched_on"]["sign_up_date"],
        "invoices_created": 0,
        "plan": "pro",
    }
    assert str(bravo["matched_on"]["sign_up_date"]).startswith("2025-03-06")
    email, slack = alpha["messages"]
    assert email["recipient"] == "ann@alpha.test"
    assert email["message"]["subject"] == "A first invoice for ALPHA"
    assert email["message"]["body"] == "Hi Ann, here is how."
    assert email["empty_placeholders"] == []
    assert slack["message"]["text"] == "ALPHA entered the nudge"
    empty = bravo["messages"][0]
    assert empty["empty_placeholders"] == ["first_name"]
    assert "[EMPTY first_name]" in empty["message"]["body"]
    assert row_counts(built.warehouse) == before


def test_audience_text_output_and_event_conditions(built):
    result = invoke_assert_code(0, ["audience", "active", "--at", T0, *cli_args(built)])
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"active (behaviour, live) at {T0}: 5 organisations, ARR 12,800")
    result = invoke_assert_code(1, ["audience", "onboarding_nudge", "--at", T0, *cli_args(built)])
    assert "2 organisations, ARR 3,000" in result.stdout
    assert "excluded: 1 more match the audience (ARR 5,000)" in result.stdout
    assert "WARNING: empty placeholder(s): first_name" in result.stdout


def test_an_unknown_object_names_the_nearest_one(built):
    result = invoke_assert_code(2, ["audience", "onboarding_nudg", "--at", T0, *cli_args(built)])
    assert "no job, stage, behaviour or cohort named 'onboarding_nudg'" in result.stderr
    assert "did you mean 'onboarding_nudge'?" in result.stderr


def test_a_person_level_audience_counts_arr_once_per_organisation(built):
    result = invoke_assert_code(0, ["audience", "admins", "--at", T0, "--json", *cli_args(built)])
    report = parse_json(result.stdout)
    assert (report["entity"], report["count"], report["arr"]) == ("person", 4, 12000.0)
    assert {m["entity_id"] for m in report["sample"]} == {"ann", "bob", "cat", "dan"}
    assert report["sample"][0]["matched_on"] == {"role": "admin"}
