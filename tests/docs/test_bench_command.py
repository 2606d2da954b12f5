"""The README's benchmark command runs as a user types it (at the smallest scale, one
configuration, one warm-up day): its figures are not asserted, only that every step ran
and that what it reports agrees with the warehouse it leaves behind."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
TRANSITION_TYPES = {"entered", "completed", "exited", "follow_up_due", "signal_raised",
                    "signal_resolved"}

# what the last evaluation wrote, by type, and how many evaluations the log holds
LAST_EVALUATION = ("select transition_type, count(*) from {schema}.trig_transitions where"
                   " evaluated_at = (select max(evaluated_at) from {schema}.trig_transitions)"
                   " group by 1")
EVALUATIONS = "select count(distinct evaluated_at) from {schema}.trig_transitions"

pytestmark = pytest.mark.slow  # four dbt builds of the benchmark's project


def bench_engine(tmp_path: Path, *extra: str) -> tuple[str, list[dict[str, Any]]]:
    """`./run bench-engine` at the demo scale, the base configuration only (unless `extra`
    asks for more objects), one warm-up day and one steady run: its output and every
    configuration's figures."""
    figures = tmp_path / "figures.json"
    run = subprocess.run(
        [str(REPO / "run"), "bench-engine", "--scale", "demo", "--objects", "", "--skip-x4",
         "--warm-up-days", "1", "--steady-runs", "1", "--cache-dir", str(tmp_path / "cache"),
         "--workdir", str(tmp_path / "work"), "--json", str(figures), *extra],
        cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "steady day wrote" in run.stdout
    results = json.loads(figures.read_text())
    for result in results:
        assert result["error"] is None, result["error"]
        for step in ("full", "first", "steady"):
            assert result[step]["models_s"] > 0
            assert result[step]["per_model"]["trig_transitions"] > 0
        assert len(result["warm_up"]) == 1 and result["warm_up"][0]["models_s"] > 0
        assert len(result["floor_runs"]) == 3
    return run.stdout, results


def test_bench_engine_runs_and_reports_what_the_steady_day_wrote(tmp_path: Path) -> None:
    stdout, [base] = bench_engine(tmp_path, "--keep")
    assert "minimal baseline" in stdout
    assert base["warehouse"] == "duckdb" and base["events_indexed"] is False
    assert base["baseline"]["agreed"] == base["baseline"]["completions"] > 0

    # the transitions it reports are those the steady evaluation appended, and no other
    written = base["steady_transitions"]
    assert written and set(written) <= TRANSITION_TYPES
    con = duckdb.connect(str(tmp_path / "work" / "base" / "bench.duckdb"), read_only=True)
    try:
        rows = con.execute(LAST_EVALUATION.format(schema="main")).fetchall()
        evaluations = con.execute(EVALUATIONS.format(schema="main")).fetchone()
    finally:
        con.close()
    assert written == {kind: count for kind, count in rows}
    assert evaluations == (4,)  # the full build, the first day, one warm-up day, the steady one

    # --keep keeps the state before the steady day, to replay that day's statements
    before = duckdb.connect(str(tmp_path / "work" / "base" / "before_steady_day.duckdb"),
                            read_only=True)
    try:
        assert before.execute(EVALUATIONS.format(schema="main")).fetchone() == (3,)
    finally:
        before.close()

    # each build's per-model times are kept for a look afterwards (target/ keeps the last)
    kept = sorted(p.name for p in (tmp_path / "work" / "base").glob("run_results-*.json"))
    assert kept == ["run_results-0-full.json", "run_results-1-first.json",
                    "run_results-2-warm-up.json", "run_results-steady-1.json"]
    steady = json.loads((tmp_path / "work" / "base" / "run_results-steady-1.json").read_text())
    assert {r["unique_id"].split(".")[-1]: r["execution_time"] for r in steady["results"]
            if r["unique_id"].startswith("model.")} == pytest.approx(base["steady"]["per_model"],
                                                                      abs=1e-3)


def test_bench_engine_runs_on_postgres_and_leaves_no_database(
        tmp_path: Path, postgres_dsn: dict) -> None:
    import psycopg2

    # two configurations: the second still finds the server's maintenance database; the
    # raw events get the index the README recommends, and the report says so
    stdout, [base, more] = bench_engine(tmp_path, "--warehouse", "postgres", "--no-baseline",
                                        "--objects", "45", "--index-events")
    assert base["warehouse"] == more["warehouse"] == "postgres" and base["baseline"] == {}
    assert base["events_indexed"] is more["events_indexed"] is True
    assert "warehouse: postgres (raw events indexed on occurred_at)" in stdout
    assert (base["config"]["objects"], more["config"]["objects"]) == (40, 45)
    for result in (base, more):
        assert set(result["steady_transitions"]) <= TRANSITION_TYPES
        assert sum(result["steady_transitions"].values()) > 0
    con = psycopg2.connect(**postgres_dsn)
    try:
        with con.cursor() as cur:
            # this run's databases only: a developer's kept benchmark may share the server
            cur.execute("select datname from pg_database where datname like 'trig_bench_base%'"
                        " or datname like 'trig_bench_objects_45%'")
            left = cur.fetchall()
    finally:
        con.close()
    assert left == []  # without --keep, no configuration's database nor snapshot stays


def test_an_index_on_duckdb_events_is_refused_before_anything_runs() -> None:
    run = subprocess.run([str(REPO / "run"), "bench-engine", "--index-events"], cwd=REPO,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2
    assert "--index-events is for --warehouse postgres" in run.stderr
