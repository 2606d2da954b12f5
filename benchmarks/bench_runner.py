"""Benchmark: deliver pending emails to the local fake SendGrid (not a test).

Prints the runner's actions per second, the fake server's own ceiling measured in the
same run with a plain HTTP client (same concurrency, keep-alive and new-connection
variants; the keep-alive base of each ratio is the best of three measurements taken
just before), the ratio, the runner's peak memory (max RSS) and CPU per email (runner
process, fake provider, and a bare client request for comparison) at two batch sizes; and,
on a fresh copy of the same pending table, the rate of the simplest correct delivery
loop (`simplest_runner`: claim, intent, send, outcome, nothing overlapped), with the
runner's ratio to it.

    .venv/bin/python benchmarks/bench_runner.py [--sizes 10000 50000] [--concurrency 8]
        [--warehouse duckdb postgres]   (PostgreSQL: TRIG_BENCH_POSTGRES_URL or
                                         postgresql://postgres@127.0.0.1:5432/test)

The machine may be shared: compare the ratios printed by one run, not absolute rates
across runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

REPO = Path(__file__).resolve().parents[1]
API_KEY = "SG.bench-key.secret-part-123"
MAIL = json.dumps(
    {
        "personalizations": [
            {"to": [{"email": "a@example.com"}], "custom_args": {"trig_action_id": "x"}}
        ],
        "from": {"email": "lee@example.com"},
        "subject": "Hi",
        "content": [{"type": "text/plain", "value": "Hello"}],
    }
).encode()
FAKE_SERVER = (
    "import sys, time; sys.path.insert(0, {repo!r});"
    "from tests.fakes.providers import FakeSendGrid;"
    "s = FakeSendGrid({key!r}); s.requests = _Sink(); s.start();"
    "print(s.port, flush=True); time.sleep(10**6)"
)
# The fake keeps every request for tests; the benchmark only needs it to answer.
SINK = "class _Sink(list):\n    def append(self, item): pass\n"


def start_fake() -> tuple[subprocess.Popen, int]:
    code = SINK + FAKE_SERVER.format(repo=str(REPO), key=API_KEY)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, int(process.stdout.readline())


def ceiling(port: int, requests: int, threads: int, keep_alive: bool) -> float:
    """Requests per second the fake answers for a plain http.client."""
    return ceiling_with_cpu(port, requests, threads, keep_alive)[0]


def best_ceiling(port: int, threads: int, tries: int = 3) -> tuple[float, float]:
    """The best of a few keep-alive measurements (a ceiling is the best achievable; one
    short measurement is easily lowered by a background job), with its client CPU."""
    return max(ceiling_with_cpu(port, 8_000, threads, keep_alive=True) for _ in range(tries))


def ceiling_with_cpu(
    port: int, requests: int, threads: int, keep_alive: bool
) -> tuple[float, float]:
    """(requests per second, the client's CPU microseconds per request)."""
    per_thread = requests // threads
    headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        for _ in range(per_thread):
            if not keep_alive:
                connection = http.client.HTTPConnection("127.0.0.1", port)
            connection.request("POST", "/v3/mail/send", MAIL, headers)
            response = connection.getresponse()
            response.read()
            assert response.status == 202
            if not keep_alive:
                connection.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started, cpu = time.perf_counter(), time.process_time()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    done = per_thread * threads
    cpu_us = (time.process_time() - cpu) / done * 1e6
    return done / (time.perf_counter() - started), cpu_us


POSTGRES_URL = os.environ.get(
    "TRIG_BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)


def make_project(directory: Path, count: int, warehouse: str = "duckdb") -> str | None:
    """Write the project and its pending emails; returns the PostgreSQL schema, if any."""
    (directory / "dbt_project.yml").write_text("name: bench\nprofile: bench\n")
    (directory / "trig.yml").write_text("frequency_cap: {max_emails: null}\n")
    if warehouse == "postgres":
        return _postgres_pending(directory, count)
    (directory / "profiles.yml").write_text(
        "bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: {directory / 'bench.duckdb'}\n"
    )
    with duckdb.connect(str(directory / "bench.duckdb")) as conn:
        conn.execute(_pending_sql("trig_pending_actions", count, "md5", "range({count}) r(i)"))
    return None


def _postgres_pending(directory: Path, count: int) -> str:
    engine = create_engine(POSTGRES_URL, poolclass=NullPool)
    schema = f"trig_bench_{os.getpid()}_{count}"
    url = engine.url
    (directory / "profiles.yml").write_text(
        "bench:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
        f"      host: {url.host}\n      port: {url.port or 5432}\n"
        f"      user: {url.username}\n      password: '{url.password or ''}'\n"
        f"      dbname: {url.database}\n      schema: {schema}\n"
    )
    with engine.begin() as conn:
        conn.execute(text(f"drop schema if exists {schema} cascade"))
        conn.execute(text(f"create schema {schema}"))
        conn.execute(
            text(
                _pending_sql(
                    f"{schema}.trig_pending_actions",
                    count,
                    "md5",
                    "generate_series(0, {last}) r(i)",
                )
            )
        )
    engine.dispose()
    return schema


def drop_postgres_schema(schema: str) -> None:
    engine = create_engine(POSTGRES_URL, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(text(f"drop schema if exists {schema} cascade"))
    engine.dispose()


def _pending_sql(table: str, count: int, md5: str, rows: str) -> str:
    config = json.dumps(
        {
            "from": "Lee <lee@example.com>",
            "subject": "Hi {first_name}",
            "body": "Hello {first_name}, here is your tip.",
        }
    )
    source = rows.format(count=count, last=count - 1)
    return f"""
        create table {table} as select
          {md5}('a' || i) as action_id, {md5}('t' || i) as transition_id,
          'onboarding_nudge' as object_name, 'job' as object_kind,
          'person' as entity_type, 'p' || i as entity_id, 'o' || i as organisation_id,
          1 as episode_number, 'entered' as transition_type, 0 as step,
          timestamp '2024-05-01' + i * interval '1 second' as occurred_at,
          timestamp '2024-06-01' as evaluated_at, 'p' || i as person_id,
          0 as action_index, 'email' as action_type, '{config}' as action_config,
          'person' || i || '@example.com' as recipient, {md5}('k' || i) as thread_key,
          '{{"first_name": "P' || i || '"}}' as message_attributes, false as is_shadow
        from {source}"""


def run_measured(
    directory: Path, port: int, concurrency: int, chunk_size: int | None = None
) -> tuple[float, int, dict, float]:
    """(wall seconds, peak RSS in MB, the JSON report, CPU seconds), from os.wait4."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "TRIG_SENDGRID__API_KEY": API_KEY,
        "TRIG_SENDGRID__BASE_URL": f"http://127.0.0.1:{port}",
        "TRIG_CONCURRENCY": str(concurrency),
    }
    if chunk_size:
        env["TRIG_CHUNK_SIZE"] = str(chunk_size)
    out_path = directory / "report.json"
    started = time.perf_counter()
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "trig_lifecycle",
                "activate",
                "--json",
                "--force",  # a synthetic pending table: no dbt build is recorded
                "--project-dir",
                str(directory),
                "--profiles-dir",
                str(directory),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    report = json.loads(out_path.read_text() or "{}")
    return elapsed, usage.ru_maxrss // 1024, report, usage.ru_utime + usage.ru_stime


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def simplest_runner(url: str, table: str, port: int, concurrency: int, chunk: int) -> int:
    """The simplest correct delivery loop, as a yardstick for the runner's overheads.

    Claim a batch, then per chunk: intent (one statement), the calls on a thread pool over
    keep-alive connections, outcomes (one statement); nothing overlaps. No safety checks,
    no sandboxed rendering, no retries: what any implementation must pay at least.
    """
    from concurrent.futures import ThreadPoolExecutor

    engine = create_engine(url, poolclass=NullPool)
    ledger = table.rsplit(".", 1)[0] + ".simple_ledger" if "." in table else "simple_ledger"
    local = threading.local()
    headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}

    def send(row: Any) -> tuple[str, str]:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port)
        config, attributes = json.loads(row.action_config), json.loads(row.message_attributes)
        mail = {
            "personalizations": [{"to": [{"email": row.recipient}]}],
            "from": {"email": "lee@example.com"},
            "subject": config["subject"].format_map(attributes),
            "content": [{"type": "text/plain", "value": config["body"].format_map(attributes)}],
        }
        local.connection.request("POST", "/v3/mail/send", json.dumps(mail).encode(), headers)
        response = local.connection.getresponse()
        response.read()
        return row.action_id, "sent" if response.status == 202 else "failed"

    sent = 0
    with engine.connect() as conn, ThreadPoolExecutor(concurrency) as pool:
        conn.execute(
            text(
                f"create table if not exists {ledger} (action_id varchar primary key, "
                "status varchar, attempts integer)"
            )
        )
        while True:
            rows = conn.execute(
                text(
                    f"select * from {table} p where not exists (select 1 from {ledger} l "
                    "where l.action_id = p.action_id) order by occurred_at limit 1000"
                )
            ).fetchall()
            if not rows:
                break
            ids = [r.action_id for r in rows]
            conn.execute(
                text(f"insert into {ledger} select unnest(cast(:ids as varchar[])), 'claimed', 0"),
                {"ids": ids},
            )
            conn.commit()
            for start in range(0, len(rows), chunk):
                part = rows[start : start + chunk]
                conn.execute(
                    text(
                        f"update {ledger} set attempts = 1 "
                        "where action_id in (select unnest(cast(:ids as varchar[])))"
                    ),
                    {"ids": [r.action_id for r in part]},
                )
                conn.commit()
                results = list(pool.map(send, part))
                conn.execute(
                    text(
                        f"update {ledger} set status = v.s from (select "
                        "unnest(cast(:a as varchar[])) as a, unnest(cast(:s as varchar[])) as s)"
                        f" v where {ledger}.action_id = v.a"
                    ),
                    {"a": [a for a, _ in results], "s": [s for _, s in results]},
                )
                conn.commit()
                sent += sum(status == "sent" for _, status in results)
    engine.dispose()
    return sent


def run_simplest(directory: Path, schema: str | None, port: int, concurrency: int) -> float:
    """Actions per second of simplest_runner in a child process (start-up included)."""
    if schema:
        url, table = POSTGRES_URL, f"{schema}.trig_pending_actions"
    else:
        url, table = f"duckdb:///{directory / 'bench.duckdb'}", "trig_pending_actions"
    code = (
        f"import sys; sys.path.insert(0, {str(REPO / 'benchmarks')!r}); import bench_runner;"
        f"print(bench_runner.simplest_runner({url!r}, {table!r}, {port}, {concurrency}, "
        f"{8 * concurrency}))"
    )
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return int(output.strip()) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--chunk-size", type=int, default=None, help="TRIG_CHUNK_SIZE (default: the runner's)"
    )
    parser.add_argument(
        "--warehouse", nargs="+", choices=["duckdb", "postgres"], default=["duckdb"]
    )
    args = parser.parse_args()
    fake, port = start_fake()
    try:
        keep_alive = ceiling(port, 20_000, args.concurrency, keep_alive=True)
        fresh = ceiling(port, 10_000, args.concurrency, keep_alive=False)
        print(
            f"fake SendGrid ceiling, plain http.client x{args.concurrency} threads: "
            f"{keep_alive:,.0f} req/s keep-alive, {fresh:,.0f} req/s new connection each"
        )
        for warehouse in args.warehouse:
            for size in args.sizes:
                bench_one(warehouse, size, fake, port, fresh, args)
    finally:
        fake.kill()
        fake.wait()


def bench_one(
    warehouse: str, size: int, fake: subprocess.Popen, port: int, fresh: float, args: Any
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        schema = make_project(directory, size, warehouse)
        # On a shared machine the load changes within minutes: the ceiling is measured
        # again just before each runner measurement, and that one is the ratio's base.
        keep_alive, client_cpu_us = best_ceiling(port, args.concurrency)
        fake_cpu = process_cpu_seconds(fake.pid)
        try:
            elapsed, peak_mb, report, runner_cpu = run_measured(
                directory, port, args.concurrency, args.chunk_size
            )
        finally:
            if schema:
                drop_postgres_schema(schema)
        fake_cpu = process_cpu_seconds(fake.pid) - fake_cpu
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        schema_simple = make_project(directory, size, warehouse)
        after, _ = best_ceiling(port, args.concurrency)
        try:
            simplest = run_simplest(directory, schema_simple, port, args.concurrency)
        finally:
            if schema_simple:
                drop_postgres_schema(schema_simple)
    sent = report.get("counts", {}).get("sent", 0)
    rate = sent / elapsed
    per_email = 1e6 / max(sent, 1)
    print(
        f"runner on {warehouse}, {size:,} pending emails: {sent:,} sent in {elapsed:.1f}s = "
        f"{rate:,.0f} actions/s (incl. start-up); ratio {rate / keep_alive:.2f} of the "
        f"keep-alive ceiling measured just before ({keep_alive:,.0f} req/s, best of 3), "
        f"{rate / fresh:.2f} of the first new-connection ceiling; "
        f"peak RSS {peak_mb} MB\n"
        f"  CPU per email: runner {runner_cpu * per_email:,.0f} us "
        f"({runner_cpu / elapsed:.0%} of one core), fake provider {fake_cpu * per_email:,.0f} us; "
        f"a bare client request in the ceiling: {client_cpu_us:,.0f} us\n"
        f"  simplest correct loop (bench_runner.simplest_runner) on {warehouse}: "
        f"{simplest:,.0f} actions/s = {simplest / after:.2f} of the keep-alive ceiling "
        f"measured just before ({after:,.0f} req/s); runner / simplest = {rate / simplest:.2f}"
    )


if __name__ == "__main__":
    main()
