"""The README's benchmark command runs as a user types it (at the smallest scale, one
configuration, one warm-up day): its figures are not asserted, only that every step ran
and that what it reports agrees with the warehouse it leaves behind."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
TRANSITION_TYPES = {"entered", "completed", "exited", "follow_up_due", "signal_raised",
                    "signal_resolved"}

pytestmark = pytest.mark.slow  # four dbt builds of the benchmark's project


def test_bench_engine_runs_and_reports_what_the_steady_day_wrote(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    work = tmp_path / "work"
    run = subprocess.run(
        [str(REPO / "run"), "bench-engine", "--scale", "demo", "--objects", "", "--skip-x4",
         "--warm-up-days", "1", "--steady-runs", "1", "--cache-dir", str(tmp_path / "cache"),
         "--workdir", str(work), "--keep", "--json", str(figures)],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "steady day wrote" in run.stdout and "minimal baseline" in run.stdout

    [base] = json.loads(figures.read_text())
    assert base["config"]["label"] == "base" and base["error"] is None
    for step in ("full", "first", "steady"):
        assert base[step]["models_s"] > 0 and base[step]["per_model"]["trig_transitions"] > 0
    assert len(base["warm_up"]) == 1 and base["warm_up"][0]["models_s"] > 0
    assert len(base["floor_runs"]) == 3
    assert base["baseline"]["agreed"] == base["baseline"]["completions"] > 0

    # the transitions it reports are those the steady evaluation appended, and no other
    written = base["steady_transitions"]
    assert written and set(written) <= TRANSITION_TYPES
    con = duckdb.connect(str(work / "base" / "bench.duckdb"), read_only=True)
    try:
        rows = con.execute(
            "select transition_type, count(*) from main.trig_transitions"
            " where evaluated_at = (select max(evaluated_at) from main.trig_transitions)"
            " group by 1").fetchall()
        evaluations = con.execute(
            "select count(distinct evaluated_at) from main.trig_transitions").fetchone()
    finally:
        con.close()
    assert written == {kind: count for kind, count in rows}
    assert evaluations == (4,)  # the full build, the first day, one warm-up day, the steady one
