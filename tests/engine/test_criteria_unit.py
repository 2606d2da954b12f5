"""dbt unit tests (dbt's own `unit_tests:`) for the criteria compiler's trickiest cases:
fixed rows in, the members a cohort must select out, at a fixed evaluation time."""

from __future__ import annotations

import json

import pytest

from tests.engine.harness import DbtFailed, Scenario, failure_text
from tests.engine.rows import org

pytestmark = pytest.mark.slow

T = "2025-03-10 12:00:00"

TRICKY = {
    "any": [
        # "less than 7 days ago" is (T-7d, T]; "more than 1 day ago" is before T-1d
        {
            "all": [
                {"sign_up_date": {"less_than": "7 days ago"}},
                {"sign_up_date": {"more_than": "1 day ago"}},
            ]
        },
        # not equals / not in include "no value"; has_no_value includes ''
        {"all": [{"plan": {"!=": "enterprise"}}, {"csm_email": {"has_no_value": True}}]},
        {"all": [{"organisation_name": {"contains": "O'Brien"}}, {"arr": {"not_in": [1.5]}}]},
        {"none": [{"arr": {"at_most": 1000000}}, {"plan": {"in": ["free", "starter"]}}]},
    ]
}


def jinja_literal(value: object) -> str:
    return json.dumps(value).replace("null", "none")


def row(organisation_id: str, **values: object) -> dict:
    base = {
        "organisation_id": organisation_id,
        "organisation_name": "x",
        "plan": "enterprise",
        "arr": 5000.0,
        "sign_up_date": "2024-01-01",
        "csm_email": "cs@x.test",
    }
    base.update(values)
    return base


def test_criteria_edge_cases_as_dbt_unit_tests(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.extra_models = {
        "tricky": f"{{{{ trig.matching_entities('organisation', {jinja_literal(TRICKY)}) }}}}\n"
    }
    s.load(organisations=[org("seed")])
    s.evaluate(T)  # relations must exist: the compiler reads column types from them
    s.project_vars = {"trig_evaluation_time": T}
    s.unit_tests = [
        {
            "name": "criteria_edge_cases",
            "model": "tricky",
            "given": [
                {
                    "input": "ref('trig', 'trig_organisation_attributes')",
                    "rows": [
                        row("recent", sign_up_date="2025-03-05"),
                        row("exactly_7_days", sign_up_date="2025-03-03"),
                        row("today", sign_up_date="2025-03-10"),
                        row("no_plan", plan=None, csm_email=""),
                        row("obrien", organisation_name="Dan O'Brien Ltd", arr=None),
                        row("huge", arr=5000000.0),
                        row("huge_free", arr=5000000.0, plan="free"),
                        row("plain"),
                    ],
                },
                # audience views read T from here (ADR 011)
                {
                    "input": "ref('trig', 'int_trig__evaluation_time')",
                    "rows": [{"evaluated_at": T}],
                },
            ],
            "expect": {
                "rows": [
                    {"organisation_id": "recent"},
                    {"organisation_id": "no_plan"},
                    {"organisation_id": "obrien"},
                    {"organisation_id": "huge"},
                ]
            },
        }
    ]
    result = s.dbt("test", "--select", "test_type:unit")
    if not result.success:
        raise DbtFailed(failure_text(result))
    unit_results = [r for r in result.result.results if r.node.resource_type == "unit_test"]
    assert [(r.node.name, r.status) for r in unit_results] == [("criteria_edge_cases", "pass")]
