"""`trig report` opened in a real headless Chromium: no console errors, nothing fetched
from the network, the marts' key figures in the DOM, a screenshot; on DuckDB and
PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.report.browser import chromium_missing_reason, open_page
from tests.report.scenario import cli_args
from tests.runner.helpers import invoke_assert_code

# CI (.ci/run) installs Chromium and sets TRIG_REQUIRE_CHROMIUM=1: there a missing
# browser fails instead of skipping.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_missing_reason() is not None and os.environ.get("TRIG_REQUIRE_CHROMIUM") != "1",
        reason=str(chromium_missing_reason()),
    ),
]


def marts_figures(scenario) -> dict[str, str]:
    """Figures the report must show, read straight from the marts."""
    signals = scenario.query(
        "select signal_name, count(*) as n, sum(arr) as arr from {schema}.trig_signals "
        "where is_active group by signal_name"
    )
    jobs = scenario.query("select object_name, entered, completed from {schema}.trig_job_metrics")
    figures = {f"signal {r['signal_name']} ARR": f"{float(r['arr']):,.0f}" for r in signals}
    figures["ARR at risk"] = f"{sum(float(r['arr']) for r in signals):,.0f}"
    figures.update({f"job {r['object_name']}": r["object_name"] for r in jobs})
    return figures


def test_report_renders_in_chromium(built, tmp_path: Path):
    output = tmp_path / "report.html"
    result = invoke_assert_code(0, ["report", "--output", str(output), *cli_args(built)])
    assert str(output) in result.stdout
    html = output.read_text()
    assert "<script src" not in html and "<link" not in html, "the report must be self-contained"
    figures = marts_figures(built)
    assert float(figures["ARR at risk"].replace(",", "")) > 0, "the scenario raises Signals"
    with open_page(output.as_uri()) as page:
        text = page.evaluate("document.body.innerText")
        charts = page.evaluate("document.querySelectorAll('canvas').length")
        drawn = page.evaluate(
            "Array.from(document.querySelectorAll('canvas')).filter(c => Chart.getChart(c)).length"
        )
        page.evaluate("document.querySelector('#jobs-table th:nth-child(3)').click()")
        first_job = page.evaluate("document.querySelector('#jobs-table tbody tr td').textContent")
        width = page.evaluate("document.documentElement.scrollWidth")
        nudge = page.evaluate(
            "document.querySelector('details[data-object=onboarding_nudge]').textContent"
        )
        shot = page.screenshot(_screenshot_path(tmp_path, built.warehouse.name))
        assert page.errors == []
        assert [
            e["request"]["url"] for e in page.events if not e["request"]["url"].startswith("file:")
        ] == []
    for label, figure in figures.items():
        assert figure in text, f"{label} ({figure}) is not in the page"
    assert f"{figures['ARR at risk']}\nARR at risk" in text
    assert "onboarding · 5 entered" in text
    assert "project_created" in text and "teammate_invited" in text
    assert charts >= 4 and drawn == charts
    assert first_job == "onboarding_nudge"  # fewest entered first after sorting ascending
    assert width <= 1366, "readable at laptop width without horizontal scrolling"
    # members with the values that put them there (trig_entry_explanations)
    assert "BRAVO" in nudge and "invoices_created=0, plan=pro" in nudge
    assert "events_signed_up=1" in text
    assert shot.stat().st_size > 20_000


def _screenshot_path(tmp_path: Path, warehouse: str) -> Path:
    """Kept under TRIG_REPORT_ARTIFACTS when set (to look at it), else in tmp_path."""
    directory = Path(os.environ.get("TRIG_REPORT_ARTIFACTS", tmp_path))
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"report-{warehouse}.png"
