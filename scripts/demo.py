"""The whole loop on DuckDB: synthetic data -> daily evaluations -> deliveries -> metrics.

Run with `./run demo`. The synthetic company is landed in raw HubSpot and Segment tables,
named as Fivetran and Segment's warehouse destination write them, and the package builds
everything from there (`trig_sources`), as a customer's first build would; `--input-models`
uses the integration project's hand-written input models instead. Each evaluation is what
cron would do once a day (here every few days of simulated time): `trig run`, i.e.
`dbt build` at time T, then deliver the pending actions to the local outbox.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "integration_tests"
sys.path.insert(0, str(PROJECT))

from landing import land  # noqa: E402
from synthetic import generate  # noqa: E402
from trig_lifecycle.channels.registry import WAREHOUSE_ACTIONS  # noqa: E402
from trig_lifecycle.report_text import describe  # noqa: E402

# Not a terminal (CI, a pipe, a file): keep the tables whole instead of squeezing them
# into 80 columns.
console = Console() if sys.stdout.isatty() else Console(width=160)


def main() -> None:
    args = parse_args()
    database = PROJECT / "trig_demo.duckdb"
    reset(database, PROJECT / "outbox")
    summary = generate(str(database), "demo", start=args.start)
    console.print(
        f"[bold]Synthetic data[/]: {summary['organisations']:,} organisations, "
        f"{summary['people']:,} people, {summary['events']:,} events "
        f"from {summary['start']} to {summary['end']}"
    )
    dbt_args = [] if args.input_models else connector_build_args(database)
    for moment in evaluation_times(summary["start"], summary["end"], args.go_live_day, args.every):
        evaluate(database, moment, dbt_args)
    report(database)
    write_html_report(database)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--start", default="2025-01-01", help="first day of synthetic history")
    parser.add_argument("--go-live-day", type=int, default=60, help="day the objects go live")
    parser.add_argument("--every", type=int, default=5, help="days between evaluations")
    parser.add_argument(
        "--input-models",
        action="store_true",
        help="build from the integration project's input models, not raw connector tables",
    )
    return parser.parse_args()


def connector_build_args(database: Path) -> list[str]:
    """Land the company in raw HubSpot + Segment tables; the dbt arguments that build the
    package from them (only `trig_sources` and where the tables live: no input model)."""
    landed = land(str(database))
    tables = ", ".join(f"{name} ({rows:,})" for name, rows in landed["counts"].items())
    console.print(f"[bold]Landed as connector tables[/]: {tables}")
    dbt_args = ["--vars", json.dumps(landed["vars"]), "--exclude", "path:models/inputs"]
    return [f"--dbt-arg={value}" for value in dbt_args]


def reset(database: Path, outbox: Path) -> None:
    for path in (database, database.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(outbox, ignore_errors=True)


def evaluation_times(start: object, end: object, go_live_day: int, every: int) -> list[str]:
    first = dt.datetime.combine(to_date(start), dt.time(6, 0)) + dt.timedelta(days=go_live_day)
    last = dt.datetime.combine(to_date(end), dt.time(6, 0))
    times = []
    while first <= last:
        times.append(first.strftime("%Y-%m-%d %H:%M:%S"))
        first += dt.timedelta(days=every)
    return times


def to_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def evaluate(database: Path, moment: str, dbt_args: list[str]) -> None:
    env = {**os.environ, "TRIG_EVALUATION_TIME": moment, "TRIG_DUCKDB_PATH": str(database)}
    command = [
        str(REPO / ".venv" / "bin" / "trig"),
        "run",
        "--project-dir",
        str(PROJECT),
        "--profiles-dir",
        str(PROJECT),
        "--json",
        *dbt_args,
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode == 2 or not result.stdout.strip():
        console.print(f"[red]evaluation at {moment} failed[/]\n{result.stderr}{result.stdout}")
        raise SystemExit(1)
    console.print(f"T = {moment}  {delivery_summary(result.stdout)}")


def delivery_summary(stdout: str) -> str:
    """The run's `--json` report in words (the demo delivers to the local outbox)."""
    try:
        payload = json.loads(stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        return stdout.strip().splitlines()[-1] if stdout.strip() else "-"
    by_channel = {(r["channel"], r["status"]): r["count"] for r in payload.get("by_channel", [])}
    outboxed = {channel for channel, _ in by_channel if channel not in WAREHOUSE_ACTIONS}
    return describe(by_channel, outboxed, "outbox/") or "nothing to deliver"


def write_html_report(database: Path) -> None:
    """`trig report`: the same state as one self-contained HTML page for people who
    do not read SQL."""
    page = PROJECT / "trig_report.html"
    subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "trig"),
            "report",
            "--project-dir",
            str(PROJECT),
            "--profiles-dir",
            str(PROJECT),
            "--output",
            str(page),
        ],
        env={**os.environ, "TRIG_DUCKDB_PATH": str(database)},
        check=True,
        capture_output=True,
    )
    console.print(f"[bold]Report[/]: {page} (open it in a browser; it works offline)")


def report(database: Path) -> None:
    con = duckdb.connect(str(database), read_only=True)
    try:
        show(
            con,
            "Stages and objectives",
            "select stage_name, objective_name, episodes, completed, exited_incomplete, "
            "round(completion_rate, 2) as completion_rate, "
            "round(mean_days_to_complete, 1) as mean_days_to_complete "
            "from main.trig_stage_benchmarks order by 1, 2",
        )
        show(
            con,
            "Active Signals (slow completers) and ARR at risk",
            "select signal_name, count(*) as organisations, round(sum(arr)) as arr_at_risk "
            "from main.trig_signals where is_active group by 1 order by 1",
        )
        show(
            con,
            "Jobs",
            "select object_name as job, entered, completed, exited, active, "
            "round(completion_rate, 2) as completion_rate, "
            "round(mean_days_to_completion, 1) as days_to_complete "
            "from main.trig_job_metrics where object_kind = 'job' order by 1",
        )
        show(
            con,
            "Behaviours (completed at most once per entity)",
            "select object_name as behaviour, completed from main.trig_job_metrics "
            "where object_kind = 'behaviour' order by 1",
        )
        show(
            con,
            "Aha moment: retention of organisations that did it in the first weeks vs not",
            "select stage_name as stage, candidate_name as did_it, rank_in_stage as rank, "
            "doers, non_doers, round(retention_gap, 2) as retention_gap, "
            "round(retention_gap_ci_low, 2) || ' to ' || round(retention_gap_ci_high, 2) "
            "as ci_95, round(p_value, 4) as p_value, is_below_significant_sample as small "
            "from main.trig_retention_patterns where rank_in_stage <= 3 order by 1, 3",
        )
        show(
            con,
            "Job lift against the holdout group",
            "select job_name as job, treated_closed as treated, held_out_closed as held_out, "
            "round(treated_completion_rate, 2) as treated_rate, "
            "round(held_out_completion_rate, 2) as held_out_rate, "
            "round(absolute_lift, 2) as lift, "
            "round(absolute_lift_ci_low, 2) || ' to ' || round(absolute_lift_ci_high, 2) "
            "as ci_95, round(p_value, 4) as p_value "
            "from main.trig_job_lift where held_out_entered > 0 order by 1",
        )
        show(
            con,
            "Deliveries",
            "select channel, case when status <> 'sent' then status "
            "when channel in ('set_attribute', 'route_to') then 'written to the warehouse' "
            "else 'written to the outbox' end as outcome, "
            "count(*) as actions from main.trig_delivery_ledger group by 1, 2 order by 1, 2",
        )
    finally:
        con.close()
    outbox = PROJECT / "outbox"
    emails = len(list(outbox.rglob("*.eml"))) if outbox.exists() else 0
    console.print(f"Outbox: {emails} emails in {outbox}")
    console.print(
        f"The tables are in {database} (open it with any DuckDB client, e.g. "
        f'.venv/bin/python -c "import duckdb; '
        f"duckdb.connect('{database}').sql('from trig_job_metrics').show()\")"
    )


def show(con: duckdb.DuckDBPyConnection, title: str, sql: str) -> None:
    cursor = con.execute(sql)
    table = Table(title=title)
    for column in cursor.description:
        table.add_column(column[0])
    for row in cursor.fetchall():
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


if __name__ == "__main__":
    main()
