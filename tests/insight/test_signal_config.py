"""Signal settings mistakes fail the build naming the object, the key and the nearest
valid name."""

from __future__ import annotations

import copy

import pytest

from tests.engine.harness import DuckDBWarehouse, Scenario
from tests.engine.rows import org

pytestmark = pytest.mark.slow

STAGE = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"plan": "starter"},
    "exit": {"after": "30 days"},
    "objectives": [{"name": f"did_{x}", "completion": {"event": f"{x}_done"}} for x in "abcd"],
}


def stage(signals: dict | None = None, objective_signals: dict | None = None) -> dict:
    spec = copy.deepcopy(STAGE)
    if signals is not None:
        spec["signals"] = signals
    if objective_signals is not None:
        spec["objectives"][0].update(objective_signals)
    return spec


CASES = [
    (
        "misspelt benchmark",
        stage({"benchmark": "meadian"}),
        [
            "object 'onboarding'",
            "key 'signals.benchmark'",
            "unknown benchmark 'meadian'",
            "did you mean 'median'",
        ],
    ),
    (
        "percentile out of range",
        stage(objective_signals={"signals": {"benchmark": "p100"}}),
        ["object 'onboarding.did_a'", "key 'signals.benchmark'", "p1 to p99"],
    ),
    (
        "objective key misspelt",
        stage(objective_signals={"signal": {"benchmark": "p75"}}),
        ["object 'onboarding.did_a'", "key 'signal'", "did you mean 'signals'"],
    ),
    (
        "unknown Signal setting",
        stage({"treshold": 3}),
        ["key 'signals.treshold'", "did you mean 'threshold'"],
    ),
    (
        "fast threshold not below 1",
        stage({"fast": {"threshold": 2}}),
        ["key 'signals.fast.threshold'", "must be below 1"],
    ),
    (
        "usage on an objective",
        stage(objective_signals={"signals": {"usage": []}}),
        ["key 'signals.usage'", "declared on the stage"],
    ),
    (
        "usage criteria counting events",
        stage({"usage": [{"name": "busy", "criteria": {"event": "a_done", "at_least": 5}}]}),
        ["object 'onboarding'", "key 'signals.usage.busy.criteria'", "roll-up"],
    ),
    (
        "usage criteria with an unknown attribute",
        stage({"usage": [{"name": "busy", "criteria": {"invoice_created": {">=": 5}}}]}),
        ["unknown attribute 'invoice_created'", "did you mean 'invoices_created'"],
    ),
    (
        "usage name taken",
        stage({"usage": [{"name": "slow_did_a", "criteria": {"invoices_created": 1}}]}),
        ["key 'signals.usage.slow_did_a'", "is taken"],
    ),
]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    root = tmp_path_factory.mktemp("signal_config")
    s = Scenario(root=root / "project", warehouse=DuckDBWarehouse(root / "w.duckdb"))
    s.load(organisations=[org("a")])
    return s


@pytest.mark.parametrize(("title", "spec", "expected"), CASES, ids=[c[0] for c in CASES])
def test_signal_setting_errors(scenario: Scenario, title: str, spec: dict, expected: list) -> None:
    scenario.objects = {"onboarding": spec}
    message = scenario.evaluate_expecting_error("2025-03-10 00:00:00")
    for fragment in expected:
        assert fragment in message, f"{title}: {fragment!r} not in {message}"
