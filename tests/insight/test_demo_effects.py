"""The demo's planted effects are really in the synthetic data, and in step with the
demo project (the holdout share synthetic.py assumes is the one the job declares)."""

from __future__ import annotations

import sys

import duckdb
import pytest
import yaml

from tests.engine.harness import REPO_ROOT
from tests.insight.stats import holdout_bucket

sys.path.insert(0, str(REPO_ROOT / "integration_tests"))
import synthetic  # noqa: E402

DEMO_MODELS = REPO_ROOT / "integration_tests" / "models" / "demo" / "_demo__models.yml"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    synthetic.generate(str(path), "demo")
    return duckdb.connect(str(path))


def declared_holdouts() -> dict[str, float]:
    models = yaml.safe_load(DEMO_MODELS.read_text())["models"]
    shares = {}
    for model in models:
        spec = model.get("config", {}).get("meta", {}).get("trig", {})
        if "holdout" in spec:
            shares[model["name"]] = float(str(spec["holdout"]).rstrip("%")) / 100
    return shares


def test_the_helpful_jobs_holdout_is_the_one_the_demo_declares() -> None:
    declared = declared_holdouts()
    for job, share in synthetic.HELPFUL_JOBS.items():
        assert declared[job] == share
    assert "integration_adoption" in declared  # a holdout with no planted effect


def test_early_integrators_churn_far_less(data: duckdb.DuckDBPyConnection) -> None:
    first_integration = dict(
        data.sql(
            "select organisation_id, min(occurred_at) from raw.events "
            "where event_name = 'integration_connected' group by 1"
        ).fetchall()
    )
    rows = data.sql("select organisation_id, sign_up_date, churned_at from raw.organisations")
    churn: dict[bool, list[bool]] = {True: [], False: []}
    for organisation_id, signed_up, churned_at in rows.fetchall():
        if organisation_id is None:
            continue
        integrated = first_integration.get(organisation_id)
        early = integrated is not None and (integrated.date() - signed_up).days <= 30
        churn[early].append(churned_at is not None)
    rate = {early: sum(flags) / len(flags) for early, flags in churn.items()}
    assert rate[True] < 0.15 < 0.3 < rate[False]


def test_held_out_organisations_invoice_later(data: duckdb.DuckDBPyConnection) -> None:
    rows = data.sql(
        "select o.organisation_id, min(e.occurred_at) - min(o.sign_up_date) as delay "
        "from raw.organisations as o join raw.events as e using (organisation_id) "
        "where e.event_name = 'invoice_sent' and o.plan in ('free', 'starter') group by 1"
    ).fetchall()
    share = round(synthetic.HELPFUL_JOBS["first_invoice_nudge"] * 10000)
    days: dict[bool, list[int]] = {True: [], False: []}
    for organisation_id, delay in rows:
        days[holdout_bucket("first_invoice_nudge", organisation_id) < share].append(delay.days)
    median = {held: sorted(d)[len(d) // 2] for held, d in days.items()}
    assert median[True] >= median[False] + 7
