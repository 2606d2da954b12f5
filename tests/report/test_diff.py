"""`trig diff --state`: a config change adds and drops exactly the expected organisations
with their ARR, objects added and removed are reported, and nothing is written."""

from __future__ import annotations

import pytest

from tests.report.scenario import (
    T0,
    cli_args,
    parse_json,
    row_counts,
    save_state,
    working_copy_nudge,
)
from tests.runner.helpers import invoke_assert_code

pytestmark = pytest.mark.slow

BIG_ACCOUNTS = {"kind": "cohort", "entity": "organisation", "criteria": {"arr": {"gte": 3000}}}


@pytest.fixture(scope="module")
def changed(built, tmp_path_factory):
    """The deployed manifest is kept; the working copy then changes the objects."""
    state = save_state(built, tmp_path_factory.mktemp("state"))
    built.objects = {
        "onboarding_nudge": working_copy_nudge(),
        "active": built.objects["active"],
        "onboarding": built.objects["onboarding"],
        "admins": built.objects["admins"],
        "big_accounts": BIG_ACCOUNTS,
    }
    built.write_project()
    return built, state


def test_json_diff_has_the_known_answer_and_writes_nothing(changed):
    scenario, state = changed
    before = row_counts(scenario.warehouse)
    args = ["diff", "--state", str(state), "--at", T0, "--format", "json", *cli_args(scenario)]
    report = parse_json(invoke_assert_code(0, args).stdout)
    objects = {o["name"]: o for o in report["objects"]}
    nudge = objects["onboarding_nudge"]
    assert (nudge["change"], nudge["before"], nudge["after"]) == ("changed", 2, 2)
    assert (nudge["added"], nudge["removed"]) == (["delta"], ["alpha"])
    assert (nudge["arr_added"], nudge["arr_removed"]) == (4000.0, 1000.0)
    starters = objects["starter_accounts"]
    assert (starters["change"], starters["removed"], starters["arr_removed"]) == (
        "removed",
        ["alpha"],
        1000.0,
    )
    big = objects["big_accounts"]
    assert (big["change"], big["added"], big["arr_added"]) == (
        "added",
        ["charlie", "delta"],
        9000.0,
    )
    active = objects["active"]
    assert (active["change"], active["added"], active["removed"]) == ("unchanged", [], [])
    assert report["summary"] == {
        "added_objects": 1,
        "removed_objects": 1,
        "changed_objects": 1,
        "entities_added": 3,
        "entities_removed": 2,
        "arr_added": 13000.0,
        "arr_removed": 2000.0,
    }
    assert row_counts(scenario.warehouse) == before


def test_markdown_diff_for_a_pull_request(changed, tmp_path):
    scenario, state = changed
    out = tmp_path / "diff.md"
    args = ["diff", "--state", str(state), "--at", T0, "--output", str(out), *cli_args(scenario)]
    invoke_assert_code(0, args)
    text = out.read_text()
    assert "3 of 6 object(s) affected: +3 / −2 entities, ARR +13,000 / −2,000." in text
    assert "| `onboarding_nudge` | job | changed | 2 | 2 | +1 | −1 | 4,000 | 1,000 |" in text
    assert "| `big_accounts` | cohort | added | 0 | 2 | +2 | −0 | 9,000 | 0 |" in text
    assert "+ delta\n- alpha" in text
    assert "`active`" not in text


def test_a_missing_state_is_a_clear_error(changed, tmp_path):
    scenario, _ = changed
    result = invoke_assert_code(2, ["diff", "--state", str(tmp_path), *cli_args(scenario)])
    assert f"no dbt manifest at {tmp_path / 'manifest.json'}" in result.stderr
