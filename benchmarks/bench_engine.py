"""Benchmark of the engine's incremental evaluation (a script, not a test).

For each history length (x1, and x4 unless --skip-x4) it:

1. copies the integration project into a work directory, without its lifecycle
   models, and writes the 40 benchmark objects (benchmarks/objects_bench.py);
2. generates the synthetic data (integration_tests/synthetic.py) into a fresh DuckDB file;
3. runs `dbt build` at T0 = the last day of data minus one day (the full build: the
   first evaluation, which replays the history of objects that are live from the
   start of the data), then `dbt build` at T0 + 1 day (the one-day incremental
   evaluation);
4. times the floor: one plain aggregation over all events
   (count(*) group by organisation_id, event_name) on the same DuckDB file.

Warehouse time is the sum of the models' execution times in dbt's run_results (dbt
runs two threads, so it can exceed the wall time of the models). dbt wall time is the
whole in-process `dbtRunner` invocation (parsing included).

    .venv/bin/python benchmarks/bench_engine.py --scale small     # about a minute
    .venv/bin/python benchmarks/bench_engine.py --scale bench     # the target scale
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "integration_tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

import objects_bench  # noqa: E402
import synthetic  # noqa: E402

FLOOR_SQL = """
create or replace temp table trig_bench_floor as
select organisation_id, event_name, count(*) as events
from raw.events
group by organisation_id, event_name
"""


@dataclass
class Build:
    """One `dbt build`: wall time, warehouse time of models and tests, per model."""

    t: str
    wall_s: float
    models_s: float
    tests_s: float
    per_model: dict[str, float] = field(default_factory=dict)

    def top(self, n: int = 5) -> list[tuple[str, float]]:
        return sorted(self.per_model.items(), key=lambda kv: -kv[1])[:n]


@dataclass
class Scenario:
    history_multiplier: int
    data: dict[str, Any]
    objects: int
    full: Build
    first_incremental: Build
    incremental: Build
    floor_s: float
    floor_runs: list[float]


# ----------------------------------------------------------------- project copy
def make_project(workdir: Path, package: Path, live_from: str | None) -> tuple[Path, int]:
    """A copy of integration_tests with the benchmark objects instead of its own."""
    source = REPO / "integration_tests"
    project = workdir / "project"
    if project.exists():
        shutil.rmtree(project)
    (project / "models").mkdir(parents=True)
    shutil.copytree(source / "models" / "inputs", project / "models" / "inputs")
    shutil.copy(source / "profiles.yml", project / "profiles.yml")
    (project / "packages.yml").write_text(
        yaml.safe_dump({"packages": [{"local": str(package.resolve())}]}))
    config = yaml.safe_load((source / "dbt_project.yml").read_text())
    config["vars"]["trig_rollups"] = objects_bench.ROLLUPS
    # only the folders this copy has, so dbt has no unused config paths to warn about
    config["models"] = {config["name"]: {"inputs": {"+materialized": "view"},
                                         "bench": {"+materialized": "view"}}}
    (project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return project, objects_bench.write_objects(project / "models" / "bench", live_from)


# ------------------------------------------------------------------------- dbt
def dbt(project: Path, database: Path, args: list[str], t: str | None = None) -> Any:
    from dbt.cli.main import dbtRunner

    # T through the environment: changing --vars would force a full re-parse
    os.environ.update({"TRIG_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(project),
                       "TRIG_TARGET": "duckdb", "TRIG_SCHEMA": "main", "TRIG_RAW_SCHEMA": "raw"})
    if t is not None:
        os.environ["TRIG_EVALUATION_TIME"] = t
    result = dbtRunner().invoke([*args, "--project-dir", str(project), "--quiet"])
    if not result.success:
        raise SystemExit(f"dbt {' '.join(args)} failed at T={t}: {result.exception or ''}\n"
                         f"see {project / 'logs' / 'dbt.log'}")
    return result


def timed_build(project: Path, database: Path, t: str) -> Build:
    started = time.perf_counter()
    dbt(project, database, ["build"], t)
    wall = time.perf_counter() - started
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    per_model: dict[str, float] = {}
    tests = 0.0
    for node in run_results["results"]:
        kind, *_, name = node["unique_id"].split(".")
        if kind == "model":
            per_model[name] = node["execution_time"]
        elif kind in ("test", "unit_test"):
            tests += node["execution_time"]
    return Build(t, round(wall, 2), round(sum(per_model.values()), 2), round(tests, 2),
                 {k: round(v, 3) for k, v in per_model.items()})


def time_floor(database: Path, runs: int = 3) -> list[float]:
    """The same file, after dbt: the cheapest query that still reads every event."""
    con = duckdb.connect(str(database))
    try:
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            con.execute(FLOOR_SQL)
            timings.append(round(time.perf_counter() - started, 3))
        return timings
    finally:
        con.close()


# -------------------------------------------------------------------- scenario
def run_scenario(workdir: Path, package: Path, scale: str, multiplier: int, start: str,
                 replay_history: bool, log: Any) -> Scenario:
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "bench.duckdb"
    for stale in (database, database.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    plan = synthetic.make_plan(scale, multiplier, start)
    project, objects = make_project(workdir, package, plan.start.date().isoformat()
                                    if replay_history else None)
    log(f"[x{multiplier}] generating {scale} data over {plan.days} days ...")
    data = synthetic.generate(str(database), scale, history_multiplier=multiplier, start=start)
    log(f"[x{multiplier}]   {data['events']:,} events, {data['organisations']:,} organisations, "
        f"{data['people']:,} people in {data['seconds']} s")
    dbt(project, database, ["deps"])
    # T0 replays history in one evaluation; the first day after it still recounts the
    # events behind every episode that replay ended, so the steady state is T0 + 2 days.
    t0, t1, t2 = ((plan.end - dt.timedelta(days=d)).strftime("%Y-%m-%d %H:%M:%S")
                  for d in (2, 1, 0))
    log(f"[x{multiplier}] full build at T0 = {t0} ({objects} objects) ...")
    full = timed_build(project, database, t0)
    log(f"[x{multiplier}]   {full.wall_s} s wall, {full.models_s} s models")
    log(f"[x{multiplier}] first incremental build at T0 + 1 day = {t1} ...")
    first = timed_build(project, database, t1)
    log(f"[x{multiplier}]   {first.wall_s} s wall, {first.models_s} s models")
    log(f"[x{multiplier}] steady one-day incremental build at T0 + 2 days = {t2} ...")
    incremental = timed_build(project, database, t2)
    log(f"[x{multiplier}]   {incremental.wall_s} s wall, {incremental.models_s} s models")
    floor_runs = time_floor(database)
    return Scenario(multiplier, {k: str(v) for k, v in data.items()}, objects, full, first,
                    incremental, statistics.median(floor_runs), floor_runs)


# ---------------------------------------------------------------------- report
def _commit(package: Path) -> str:
    """The commit benchmarked, when the package is a git checkout."""
    import subprocess

    found = subprocess.run(["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() if found.returncode == 0 else "not a git checkout"


def report(scenarios: list[Scenario], package: Path) -> str:
    lines = [f"package: {package.resolve()} ({_commit(package)})", ""]
    base = scenarios[0]
    for s in scenarios:
        lines += [
            f"== history x{s.history_multiplier}: {int(s.data['events']):,} events, "
            f"{int(s.data['organisations']):,} organisations, {int(s.data['people']):,} people, "
            f"{s.data['days']} days, {s.objects} objects",
            f"full build (T0)          : {s.full.wall_s:8.2f} s dbt wall | "
            f"{s.full.models_s:8.2f} s models | {s.full.tests_s:6.2f} s tests",
            f"first incremental (T1)   : {s.first_incremental.wall_s:8.2f} s dbt wall | "
            f"{s.first_incremental.models_s:8.2f} s models | "
            f"{s.first_incremental.tests_s:6.2f} s tests",
            f"one-day incremental (T2) : {s.incremental.wall_s:8.2f} s dbt wall | "
            f"{s.incremental.models_s:8.2f} s models | {s.incremental.tests_s:6.2f} s tests",
            f"floor (1 aggregation)    : {s.floor_s:8.3f} s (runs: {s.floor_runs})",
            f"incremental / floor      : {s.incremental.models_s / s.floor_s:8.2f}x (models time)",
            "top 5 models, incremental:",
            *(f"    {name:<40} {sec:8.3f} s" for name, sec in s.incremental.top()),
            "top 5 models, full build:",
            *(f"    {name:<40} {sec:8.3f} s" for name, sec in s.full.top()),
        ]
        if s is not base:
            lines.append(
                f"incremental x{s.history_multiplier} / x{base.history_multiplier}       : "
                f"{s.incremental.models_s / base.incremental.models_s:8.2f}x models time, "
                f"{s.incremental.wall_s / base.incremental.wall_s:.2f}x dbt wall")
        lines.append("")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="bench")
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--workdir", type=Path,
                        help="where projects and DuckDB files go (default: a temporary directory)")
    parser.add_argument("--package", type=Path, default=REPO,
                        help="the trig package to benchmark (default: this repository)")
    parser.add_argument("--skip-x4", action="store_true", help="only history x1")
    parser.add_argument("--no-replay", action="store_true",
                        help="objects go live at the first evaluation instead of replaying history")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trig_bench_"))

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    scenarios = []
    try:
        for multiplier in (1,) if args.skip_x4 else (1, 4):
            scenarios.append(run_scenario(workdir / f"x{multiplier}", args.package, args.scale,
                                          multiplier, args.start, not args.no_replay, log))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(report(scenarios, args.package))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) for s in scenarios], indent=2))


if __name__ == "__main__":
    main()
