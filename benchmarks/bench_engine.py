"""Benchmark of the engine's evaluation at scale (a script, not a test).

One run measures several configurations and prints them side by side:

* ``base``: the 40 hand-written objects (benchmarks/objects_bench.py) at the chosen
  scale, history x1;
* ``objects N`` for each extra count in ``--objects`` (default 160 and 500): the 40
  plus N - 40 generated objects (integration_tests/generated_objects.py), same data;
* ``orgs x4``: four times the organisations, people and events over the same period;
* ``history x4``: four times the period at the same daily event rate.

For each configuration it copies the integration project without its lifecycle
models, writes the objects, takes the synthetic data (integration_tests/synthetic.py)
from a cache (generated once per scale, multipliers, start and seed, keyed by a hash
of synthetic.py, so the 10M-event scale is not regenerated on every run), runs
``dbt build`` at T0 = end of data - 2 days (the full build: replays history for
stages and behaviours live from the start of the data), at T0 + 1 day (first day
after the replay) and at T0 + 2 days (the steady one-day evaluation), then times the
floor: one plain aggregation over all events (count(*) by organisation and event) in
the same warehouse. A configuration that fails (e.g. DuckDB's "Max expression depth limit
of 1000 exceeded") is reported as failed with the error's first line; the others
still run.

``--warm-up-days N`` evaluates N more days between the first day and the steady one
(T0 moves N days earlier): objects entered by an attribute condition all enter at the
full build, and their Signal benchmarks become known over the days after it, so two
days after go-live is not yet steady for them.

The steady day is run ``--steady-runs`` times (default 3), each from a copy of the
database as the previous day left it, with DuckDB closed in between (a scheduled build
is a new process: its database starts cold and its write-ahead log empty); the figures are
the median run's, and the table shows the range. One run of a steady day varies by up to
±30 % on a shared 2-core machine, more than most changes it is meant to show.

Figures: warehouse time = sum of the models' execution times in run_results.json
(dbt runs two threads, so it can exceed the wall time); wall = the whole in-process
``dbtRunner`` invocation (parsing and compilation included). The largest statement
is printed per configuration, a compiled model (target/compiled) or an evaluation
batch (generated at run time, its size read from dbt.log): BigQuery and Snowflake cap
a statement near 1 MB.

So is what the steady day wrote (its transitions by type): the time of a day is read
against its work. A day on which many objectives first reach the completions their
slow Signal's benchmark needs flags every member already past the threshold at once.

``--warehouse postgres`` runs the same builds on the PostgreSQL server (TRIG_PG_HOST,
TRIG_PG_PORT, TRIG_PG_USER, TRIG_PG_PASSWORD; databases are created and dropped through
TRIG_PG_DATABASE, default ``test``): one database ``trig_bench_<label>`` per configuration,
loaded from the same cached data, the steady snapshot a database made from it as a
template. The floor is then PostgreSQL's, and the minimal baseline (DuckDB) is not run.

Besides the floor, each configuration times the "simplest correct baseline" for a
subset of condition kinds (benchmarks/baseline_minimal.py: behaviours completed by an
event count since go-live, state kept as tables, one fixed set of statements over the
new day's events) on the same file, and checks its completions against the engine's
transition log.

Usage::

    ./run bench-engine --scale small          # 1,000 orgs, 1M events: minutes
    ./run bench-engine                        # bench scale: 10,000 orgs, 10M events

Flags:

    --scale small|demo|bench   data size (default bench)
    --warehouse duckdb|postgres  where the builds run (default duckdb)
    --index-events             PostgreSQL: index the raw events' occurred_at, as the
                               README recommends (a connector's table has no index)
    --objects 160,500          extra object counts besides the base 40 ('' for none)
    --skip-orgs-x4             do not run the 4x organisations configuration
    --skip-history-x4          do not run the 4x history configuration
    --skip-x4                  both of the above
    --only LABELS              run only these configurations (comma separated labels
                               as printed, e.g. base,objects-160)
    --cache-dir DIR            where generated data is kept (default
                               $XDG_CACHE_HOME/trig-bench or ~/.cache/trig-bench)
    --no-cache                 generate data into the work directory every time
    --start YYYY-MM-DD         first day of data (default 2025-01-01)
    --workdir DIR              projects and DuckDB copies (default: a temporary dir);
                               each build's run_results.json is kept there, per
                               configuration (run_results-0-full.json, ...-steady-1.json)
    --keep                     keep the temporary work directory (and, with
                               --warehouse postgres, each configuration's database
                               and its steady snapshot, the state before the steady
                               day, to replay that day's statements)
    --package DIR              the trig package to benchmark (default: this repository)
    --no-replay                objects go live at the first evaluation (no history replay)
    --no-baseline              do not run the minimal baseline
    --warm-up-days N           daily evaluations between the first day after the full
                               build and the steady day (default 0)
    --steady-runs N            steady one-day runs from the same snapshot (default 3)
    --json FILE                also write all figures as JSON
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "integration_tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

import baseline_minimal  # noqa: E402
import bench_warehouse  # noqa: E402
import generated_objects  # noqa: E402
import objects_bench  # noqa: E402
import synthetic  # noqa: E402

BASE_OBJECTS = 40
ONE_MB = 1_000_000


class BuildFailed(Exception):
    """A dbt invocation failed; the message is the error's most telling line."""


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


@dataclass(frozen=True)
class Config:
    label: str
    objects: int
    org_multiplier: int = 1
    history_multiplier: int = 1


@dataclass
class Result:
    config: Config
    warehouse: str = "duckdb"
    events_indexed: bool = False  # --index-events
    data: dict[str, str] = field(default_factory=dict)
    full: Build | None = None
    first: Build | None = None
    steady: Build | None = None
    steady_runs: list[Build] = field(default_factory=list)
    warm_up: list[Build] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    largest_sql: tuple[str, int] | None = None
    baseline: dict[str, Any] = field(default_factory=dict)
    steady_transitions: dict[str, int] = field(default_factory=dict)
    failed_at: str | None = None
    error: str | None = None

    @property
    def floor_s(self) -> float | None:
        return statistics.median(self.floor_runs) if self.floor_runs else None


# ------------------------------------------------------------------------- data
def cache_key(scale: str, org_multiplier: int, history_multiplier: int, start: str) -> str:
    """Generated data depends on these and on the generator's code."""
    code = hashlib.sha256((REPO / "integration_tests" / "synthetic.py").read_bytes())
    return (f"{scale}-orgs{org_multiplier}-hist{history_multiplier}-{start}"
            f"-{code.hexdigest()[:10]}")


def scale_for(scale: str, org_multiplier: int) -> synthetic.Scale:
    """N times the organisations: people and events grow with them, the period not."""
    base = synthetic.SCALES[scale]
    return replace(base, organisations=base.organisations * org_multiplier,
                   people=base.people * org_multiplier, events=base.events * org_multiplier)


def cached_data(workdir: Path, cache_dir: Path | None, scale: str, config: Config,
                start: str, log: Any) -> tuple[Path, dict[str, str]]:
    """A DuckDB file with the raw data: the cache's (generated on a miss), or generated
    into the work directory with --no-cache. Warehouses load from it."""
    size = scale_for(scale, config.org_multiplier)
    if cache_dir is None:
        generated = workdir / "generated.duckdb"
        generated.unlink(missing_ok=True)
        summary = synthetic.generate(str(generated), size,
                                     history_multiplier=config.history_multiplier, start=start)
        return generated, {k: str(v) for k, v in summary.items()}
    key = cache_key(scale, config.org_multiplier, config.history_multiplier, start)
    cached, meta = cache_dir / f"{key}.duckdb", cache_dir / f"{key}.json"
    if not (cached.exists() and meta.exists()):
        log(f"[{config.label}] generating {scale} data x{config.org_multiplier} orgs, "
            f"x{config.history_multiplier} history into the cache ...")
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cache_dir / f"{key}.partial.duckdb"
        partial.unlink(missing_ok=True)
        summary = synthetic.generate(str(partial), size,
                                     history_multiplier=config.history_multiplier, start=start)
        con = duckdb.connect(str(partial))
        con.execute("checkpoint")  # the copy must not need the write-ahead log
        con.close()
        partial.rename(cached)  # a killed run leaves no half-written cache entry
        meta.write_text(json.dumps({k: str(v) for k, v in summary.items()}))
    return cached, dict(json.loads(meta.read_text()))


# ----------------------------------------------------------------- project copy
def make_project(workdir: Path, package: Path, objects: int, live_from: str | None,
                 extra_vars: dict[str, Any] | None = None) -> tuple[Path, list[dict[str, Any]]]:
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
    config["vars"].update(extra_vars or {})
    # only the folders this copy has, so dbt has no unused config paths to warn about
    config["models"] = {config["name"]: {"inputs": {"+materialized": "view"},
                                         "bench": {"+materialized": "view"}}}
    (project / "dbt_project.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    models_dir = project / "models" / "bench"
    hand_written: list[dict[str, Any]] = []
    if objects >= BASE_OBJECTS:
        objects_bench.write_objects(models_dir, live_from)
        hand_written = objects_bench.bench_objects(live_from)
    written = generated_objects.object_count(hand_written)
    extra = generated_objects.generated_objects(objects - written, live_from=live_from)
    written += generated_objects.write_models(models_dir, extra)
    assert written == objects, f"wrote {written} objects, wanted {objects}"
    return project, hand_written + extra


# ------------------------------------------------------------------------- dbt
def dbt(project: Path, warehouse: bench_warehouse.Warehouse, args: list[str],
        t: str | None = None) -> Any:
    from dbt.cli.main import dbtRunner

    # T through the environment: changing --vars would force a full re-parse
    os.environ.update({"DBT_PROFILES_DIR": str(project), **warehouse.dbt_env()})
    if t is not None:
        os.environ["TRIG_EVALUATION_TIME"] = t
    result = dbtRunner().invoke([*args, "--project-dir", str(project), "--quiet"])
    if not result.success:
        raise BuildFailed(first_error_line(result))
    return result


def first_error_line(result: Any) -> str:
    """The line that says what went wrong, prefixed with the failing node."""
    messages: list[tuple[str, str]] = []
    for node in getattr(result.result, "results", None) or []:
        if getattr(node, "status", None) in ("error", "fail") and node.message:
            messages.append((node.node.name, str(node.message)))
    if result.exception is not None:
        messages.append(("dbt", str(result.exception)))
    for where, message in messages:
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        # dbt's first line is often a header ("Runtime Error in model x (path)")
        telling = [line for line in lines if not line.lower().startswith(
            ("runtime error in", "database error in", "compilation error in"))]
        return f"{where}: {(telling or lines or ['(no message)'])[0][:200]}"
    return "dbt failed without a message"


def timed_build(project: Path, warehouse: bench_warehouse.Warehouse, t: str,
                name: str) -> Build:
    """One `dbt build` at T; its run_results.json is kept as run_results-<name>.json next
    to the project (each build overwrites target/), for a per-model look afterwards."""
    started = time.perf_counter()
    dbt(project, warehouse, ["build"], t)
    wall = time.perf_counter() - started
    results_file = project / "target" / "run_results.json"
    shutil.copyfile(results_file, project.parent / f"run_results-{name}.json")
    run_results = json.loads(results_file.read_text())
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


def median_build(builds: list[Build]) -> Build:
    """The run with the median warehouse time (the lower middle one of an even count)."""
    ranked = sorted(builds, key=lambda b: b.models_s)
    return ranked[(len(ranked) - 1) // 2]


def largest_statement(project: Path) -> tuple[str, int] | None:
    """The biggest statement (bytes): a compiled model, or one of the evaluation batches
    trig_transitions' pre-hook generates at run time (never in target/compiled; each
    logs its size in dbt.log)."""
    candidates = [(p.stem, p.stat().st_size)
                  for p in (project / "target" / "compiled").rglob("*.sql") if p.is_file()]
    log = project / "logs" / "dbt.log"
    if log.exists():
        batches = re.findall(r"trig: evaluated batch .*statement of ([\d.]+) KB",
                             log.read_text(errors="replace"))
        if batches:
            candidates.append(("evaluation batch", int(max(map(float, batches)) * 1024)))
    return max(candidates, key=lambda c: c[1]) if candidates else None


# ---------------------------------------------------------------- configuration
def run_config(workdir: Path, args: argparse.Namespace, cache_dir: Path | None,
               config: Config, log: Any) -> Result:
    result = Result(config, warehouse=args.warehouse)
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = bench_warehouse.WAREHOUSES[args.warehouse](workdir, config.label)
    plan = synthetic.make_plan(scale_for(args.scale, config.org_multiplier),
                               config.history_multiplier, args.start)
    live_from = None if args.no_replay else plan.start.date().isoformat()
    project, models = make_project(workdir, args.package, config.objects, live_from,
                                   dict(args.var or []))
    source, result.data = cached_data(workdir, cache_dir, args.scale, config, args.start, log)
    warehouse.load(source)
    if args.index_events and isinstance(warehouse, bench_warehouse.PostgresWarehouse):
        warehouse.index_events()  # parse_args refuses the flag on any other warehouse
    result.events_indexed = warehouse.events_indexed()
    log(f"[{config.label}] {int(result.data['events']):,} events, "
        f"{int(result.data['organisations']):,} organisations, {config.objects} objects "
        f"on {warehouse.name}")
    # T0 replays history in one evaluation; the first day after it still recounts the
    # events behind every episode that replay ended, so the steady state is T0 + 2 days
    # (later with --warm-up-days: objects entered by attributes all enter at T0, and
    # their Signal benchmarks become known over the following days).
    days = [(plan.end - dt.timedelta(days=d)).strftime("%Y-%m-%d %H:%M:%S")
            for d in range(2 + args.warm_up_days, -1, -1)]
    t0, t1, t2 = days[0], days[1], days[-1]
    step = "deps"
    try:
        dbt(project, warehouse, ["deps"])
        for n, (step, t) in enumerate((("full", t0), ("first", t1),
                                       *(("warm-up", t) for t in days[2:-1]))):
            log(f"[{config.label}] {step} build at T = {t} ...")
            build = timed_build(project, warehouse, t, f"{n}-{step}")
            if step == "warm-up":
                result.warm_up.append(build)
            else:
                setattr(result, step, build)
            log(f"[{config.label}]   {build.wall_s} s wall, {build.models_s} s models")
        step = "steady"
        warehouse.snapshot()
        for run in range(args.steady_runs):
            warehouse.restore()
            log(f"[{config.label}] steady build {run + 1} of {args.steady_runs} at T = {t2} ...")
            build = timed_build(project, warehouse, t2, f"steady-{run + 1}")
            result.steady_runs.append(build)
            log(f"[{config.label}]   {build.wall_s} s wall, {build.models_s} s models")
        result.steady = median_build(result.steady_runs)
        if not args.keep:
            warehouse.drop_snapshot()
        result.steady_transitions = warehouse.transitions_written(t2)
        result.floor_runs = warehouse.floor()
        step = "baseline"
        if not args.no_baseline and live_from and isinstance(warehouse,
                                                            bench_warehouse.DuckDBWarehouse):
            result.baseline = run_baseline(warehouse.database, models, plan.start, days[-2], t2)
    except Exception as error:  # any failure is a figure of this configuration
        result.failed_at = step
        result.error = str(error) if isinstance(error, BuildFailed) else \
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        log(f"[{config.label}]   FAILED at {step}: {result.error}")
    result.largest_sql = largest_statement(project)
    if not args.keep:  # copies of the data are large at the bench scale
        warehouse.drop()
    return result


def run_baseline(database: Path, models: list[dict[str, Any]], start: dt.datetime,
                 t1: str, t2: str) -> dict[str, Any]:
    """The minimal state-as-tables evaluation on a copy (the engine's file stays as is)."""
    copy = database.with_name("baseline.duckdb")
    shutil.copyfile(database, copy)
    try:
        conditions = baseline_minimal.conditions_of(models)
        figures = baseline_minimal.run(str(copy), conditions, f"{start:%Y-%m-%d %H:%M:%S}",
                                       t1, t2)
        agreed, total = baseline_minimal.agreement(str(copy), figures.pop("completions"))
        return {**figures, "agreed": agreed, "completions": total}
    finally:
        copy.unlink(missing_ok=True)


def configs(args: argparse.Namespace) -> list[Config]:
    chosen = [Config("base", BASE_OBJECTS)]
    chosen += [Config(f"objects-{n}", n) for n in args.objects if n != BASE_OBJECTS]
    if not (args.skip_x4 or args.skip_orgs_x4):
        chosen.append(Config("orgs-x4", BASE_OBJECTS, org_multiplier=4))
    if not (args.skip_x4 or args.skip_history_x4):
        chosen.append(Config("history-x4", BASE_OBJECTS, history_multiplier=4))
    if args.only:
        chosen = [c for c in chosen if c.label in args.only]
    return chosen


# ---------------------------------------------------------------------- report
def _commit(package: Path) -> str:
    """The commit benchmarked, when the package is a git checkout."""
    import subprocess

    found = subprocess.run(["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() if found.returncode == 0 else "not a git checkout"


def _s(value: float | None, width: int = 8, digits: int = 2) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else f"{'-':>{width}}"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:6.2f}x" if a is not None and b else f"{'-':>7}"


def table(results: list[Result]) -> list[str]:
    base = next((r for r in results if r.config.label == "base" and r.steady), None)
    base_steady = base.steady.models_s if base and base.steady else None
    header = (f"{'configuration':<13} {'objects':>7} {'events':>11} {'full wall':>9} "
              f"{'steady wh':>9} {'steady wall':>11} {'floor':>7} {'/floor':>7} "
              f"{'/base':>7} {'steady wh range':>15} {'transitions':>11} "
              f"{'largest statement':>30}")
    lines = [header, "-" * len(header)]
    for r in results:
        sql = (f"{r.largest_sql[0][:20]} {r.largest_sql[1] / 1000:6.0f} KB"
               if r.largest_sql else "-")
        steady = r.steady.models_s if r.steady else None
        lines.append(
            f"{r.config.label:<13} {r.config.objects:>7} "
            f"{int(r.data.get('events', 0)):>11,} "
            f"{_s(r.full.wall_s if r.full else None, 9)} {_s(steady, 9)} "
            f"{_s(r.steady.wall_s if r.steady else None, 11)} {_s(r.floor_s, 7, 3)} "
            f"{_ratio(steady, r.floor_s)} "
            f"{_ratio(steady, base_steady) if r is not base else '   1.00x'} "
            f"{_range(r.steady_runs):>15} {sum(r.steady_transitions.values()):>11,} "
            f"{sql:>30}")
        if r.error:
            lines.append(f"{'':<13} FAILED at {r.failed_at} build: {r.error}")
    return lines


def _range(builds: list[Build]) -> str:
    times = [b.models_s for b in builds]
    return f"{min(times):.2f}-{max(times):.2f} ({len(times)})" if times else "-"


def baseline_lines(results: list[Result]) -> list[str]:
    lines = ["minimal baseline (benchmarks/baseline_minimal.py; event-count behaviours only, "
             "state as tables, new day's events):"]
    for r in results:
        b = r.baseline
        if not b:
            why = "" if r.warehouse == "duckdb" else " (it runs on DuckDB only)"
            lines.append(f"  {r.config.label:<13} not run{why}")
            continue
        steady = r.steady.models_s if r.steady else None
        lines.append(
            f"  {r.config.label:<13} {b['objects']:>4} behaviours of {r.config.objects:>4} "
            f"objects: {b['seconds']:7.3f} s one-day = {_ratio(b['seconds'], r.floor_s)} floor;"
            f" engine steady = {_ratio(steady, b['seconds'])} baseline; "
            f"{b['agreed']}/{b['completions']} of its completions in the engine's log")
    return lines


def details(r: Result) -> list[str]:
    lines = [f"== {r.config.label}: {int(r.data.get('events', 0)):,} events, "
             f"{int(r.data.get('organisations', 0)):,} organisations, "
             f"{int(r.data.get('people', 0)):,} people, {r.data.get('days')} days, "
             f"{r.config.objects} objects"]
    steps = [("full build (T0)", r.full), ("first day after (T1)", r.first),
             *((f"warm-up day {n} (T1 + {n})", b) for n, b in enumerate(r.warm_up, 1)),
             (f"steady one-day (T2, median of {len(r.steady_runs)})", r.steady)]
    for label, build in steps:
        if build:
            lines.append(f"{label:<32}: {build.wall_s:8.2f} s dbt wall | "
                         f"{build.models_s:8.2f} s models | {build.tests_s:6.2f} s tests")
    if r.steady_transitions:
        written = ", ".join(f"{kind} {count:,}" for kind, count in r.steady_transitions.items())
        lines.append(f"{'steady day wrote':<32}: "
                     f"{sum(r.steady_transitions.values()):,} transitions ({written})")
    if r.floor_runs:
        lines.append(f"{'floor (1 aggregation)':<32}: {r.floor_s:8.3f} s (runs: {r.floor_runs})")
    if r.steady:
        lines += ["top 5 models, steady:",
                  *(f"    {name:<40} {sec:8.3f} s" for name, sec in r.steady.top())]
    return lines


def report(results: list[Result], package: Path) -> str:
    warehouses = sorted({r.warehouse + (" (raw events indexed on occurred_at)"
                                        if r.events_indexed else "") for r in results})
    lines = [f"package: {package.resolve()} ({_commit(package)}); warehouse: "
             f"{', '.join(warehouses)}", "",
             "steady = one-day evaluation at T0 + 2 days (+ warm-up days); wh = warehouse "
             "time (sum of model times), wall = dbt invocation;",
             "floor = one plain aggregation over all events, same warehouse; /base = steady wh "
             "over the base configuration's.",
             "", *table(results), "", *baseline_lines(results), ""]
    for r in results:
        if r.largest_sql and r.largest_sql[1] >= ONE_MB:
            name, size = r.largest_sql
            lines.append(f"warning: {r.config.label}: {name} is {size / ONE_MB:.2f} MB of SQL, "
                         "over the ~1 MB statement cap of BigQuery and Snowflake")
    for r in results:
        lines += ["", *details(r)]
    return "\n".join(lines)


# ------------------------------------------------------------------------- CLI
def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 run, got {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of days, got {text!r}")
    return int(text)


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _labels(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _var(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, yaml.safe_load(value)


def default_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "trig-bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(synthetic.SCALES), default="bench")
    parser.add_argument("--warehouse", choices=sorted(bench_warehouse.WAREHOUSES),
                        default="duckdb",
                        help="where the builds run (postgres: the server of TRIG_PG_HOST, "
                             "one database per configuration)")
    parser.add_argument("--index-events", action="store_true",
                        help="postgres: index the raw events' occurred_at (README, Warehouses)")
    parser.add_argument("--objects", type=_counts, default=[160, 500],
                        help="extra object counts besides the base 40, comma separated")
    parser.add_argument("--skip-x4", action="store_true", help="no 4x configurations")
    parser.add_argument("--skip-orgs-x4", action="store_true")
    parser.add_argument("--skip-history-x4", action="store_true")
    parser.add_argument("--only", type=_labels, help="only these configuration labels")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser.add_argument("--no-cache", action="store_true", help="always generate data")
    parser.add_argument("--start", default="2025-01-01")
    parser.add_argument("--workdir", type=Path,
                        help="where projects and DuckDB files go (default: a temporary directory)")
    parser.add_argument("--package", type=Path, default=REPO,
                        help="the trig package to benchmark (default: this repository)")
    parser.add_argument("--no-replay", action="store_true",
                        help="objects go live at the first evaluation instead of replaying history")
    parser.add_argument("--no-baseline", action="store_true", help="skip the minimal baseline")
    parser.add_argument("--warm-up-days", type=_count, default=0,
                        help="daily evaluations between the first day and the steady one")
    parser.add_argument("--steady-runs", type=_positive, default=3,
                        help="steady one-day runs from the same snapshot (median reported)")
    parser.add_argument("--var", type=_var, action="append", metavar="NAME=YAML",
                        help="set a project var in the benchmark's project (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args(argv)
    if args.index_events and args.warehouse != "postgres":
        parser.error("--index-events is for --warehouse postgres (DuckDB prunes by zone maps)")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trig_bench_"))
    cache_dir = None if args.no_cache else args.cache_dir

    def log(message: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {message}", flush=True)

    results = []
    try:
        for config in configs(args):
            results.append(run_config(workdir / config.label, args, cache_dir, config, log))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(report(results, args.package))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2, default=str))


if __name__ == "__main__":
    main()
