"""Benchmark: events arriving through Segment, at the engine benchmark's size (a script).

The engine benchmark (bench_engine.py) reads hand-written input models. Here the same
synthetic company and the same 40 objects are landed as raw HubSpot + Segment tables
(integration_tests/landing.py) and the package builds everything from them, so the
figures show what source staging adds:

1. full build at T0 (stages every raw event once, replays history),
2. first incremental build at T0 + 1 day,
3. steady one-day build at T0 + 2 days: staging re-reads only the lookback window of
   `tracks` (and of the per-event property tables), so its cost must follow the window,
   not the history. The report prints the staging models' time beside the engine
   models' time of that same build, and how many events that build staged.

    .venv/bin/python benchmarks/bench_sources.py --scale small   # 1M events
    .venv/bin/python benchmarks/bench_sources.py --scale bench   # 10M events, as bench_engine
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "integration_tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

import landing  # noqa: E402
import synthetic  # noqa: E402
from bench_engine import BASE_OBJECTS, Build, dbt, make_project, timed_build  # noqa: E402
from bench_warehouse import DuckDBWarehouse  # noqa: E402

SOURCE_MODEL_PREFIXES = ("stg_hubspot__", "stg_segment__", "int_hubspot__", "int_segment__",
                         "int_trig__source_")


def staging_seconds(build: Build) -> float:
    return sum(s for name, s in build.per_model.items() if name.startswith(SOURCE_MODEL_PREFIXES))


def use_sources(project: Path, source_vars: dict) -> None:
    """The customer's configuration: sources on, no input model of their own."""
    shutil.rmtree(project / "models" / "inputs")
    config = yaml.safe_load((project / "dbt_project.yml").read_text())
    config["vars"].update(source_vars)
    config["models"][config["name"]].pop("inputs", None)
    (project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def staged_rows(database: Path, t: str) -> tuple[int, int]:
    con = duckdb.connect(str(database))
    try:
        total, latest = con.execute(
            "select count(*), count(*) filter (where staged_at = cast(? as timestamp)) "
            "from main.int_trig__source_events_staged", [t]).fetchone()  # type: ignore[misc]
        return int(total), int(latest)
    finally:
        con.close()


def line(label: str, build: Build, staged: float) -> str:
    return (f"{label:<26}: {build.wall_s:8.2f} s dbt wall | {build.models_s:8.2f} s models | "
            f"{staged:7.2f} s source staging | {build.models_s - staged:8.2f} s engine")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="bench")
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--workdir", type=Path, help="default: a temporary directory")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trig_bench_sources_"))
    workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    try:
        warehouse = DuckDBWarehouse(workdir, "sources")
        database = warehouse.database
        database.unlink(missing_ok=True)
        plan = synthetic.make_plan(args.scale, 1, args.start)
        project, objects = make_project(workdir, REPO, BASE_OBJECTS, plan.start.date().isoformat())
        log(f"generating {args.scale} data ...")
        data = synthetic.generate(str(database), args.scale, start=args.start)
        started = time.perf_counter()
        landed = landing.land(str(database))
        land_s = time.perf_counter() - started
        log(f"  {data['events']:,} events landed in Segment tables in {land_s:.1f} s")
        use_sources(project, landed["vars"])
        dbt(project, warehouse, ["deps"])
        t0, t1, t2 = ((plan.end - dt.timedelta(days=d)).strftime("%Y-%m-%d %H:%M:%S")
                      for d in (2, 1, 0))
        builds = []
        for name, label, t in (("0-full", "full build (T0)", t0),
                               ("1-first", "first incremental (T1)", t1),
                               ("2-one-day", "one-day incremental (T2)", t2)):
            log(f"{label} at {t} ...")
            builds.append((label, timed_build(project, warehouse, t, name)))
        total, latest = staged_rows(database, t2)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"== Segment + HubSpot sources, {args.scale}: {data['events']:,} events, "
          f"{data['organisations']:,} organisations, {data['people']:,} people, {objects} objects")
    for label, build in builds:
        print(line(label, build, staging_seconds(build)))
    steady = builds[-1][1]
    staging = "int_trig__source_events_staged"
    print(f"events staging ({staging}): " + ", ".join(
        f"{label.split(' (')[1][:-1]} {build.per_model.get(staging, 0):.3f} s"
        for label, build in builds))
    print(f"staged events in total    : {total:,}; inserted by the T2 build: {latest:,}")
    print("source staging models, T2 build:")
    for name, seconds in sorted(steady.per_model.items(), key=lambda kv: -kv[1]):
        if name.startswith(SOURCE_MODEL_PREFIXES):
            print(f"    {name:<40} {seconds:8.3f} s")
    print("top 5 models, T2 build:")
    for name, seconds in steady.top():
        print(f"    {name:<40} {seconds:8.3f} s")


if __name__ == "__main__":
    main()
