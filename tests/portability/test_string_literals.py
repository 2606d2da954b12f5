"""Issue 11, defect 4: `trig_string_literal` round-trips any text on every warehouse.

A configuration value (an event name, a property value, a Slack channel, a webhook URL)
becomes a SQL literal. Backslashes, quotes, newlines and non-ASCII text must come back
exactly: on DuckDB, on PostgreSQL (also with `standard_conforming_strings=off`, where a
plain '...' literal reads backslash as an escape) and, offline, on Redshift, whose
literals always do.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from dbt.cli.main import dbtRunner

REPO_ROOT = Path(__file__).resolve().parents[2]
VALUES = [
    "plain",
    "it's",
    "back\\slash",
    "\\'",
    "ends with a backslash \\",
    "\\\\'' double",
    "two\nlines\r\nand a\ttab",
    "Zoë — 東京 🚀",
    "' or 1=1 --",
    "E'\\x41'",
]
MODEL = """
{%- for value in var('literal_values') %}
select {{ loop.index }} as n, {{ trig.trig_string_literal(value) }} as v
{%- if not loop.last %} union all {% endif %}
{%- endfor %}
"""

INPUTS = {
    "organisations": "select 'o1' as organisation_id",
    "people": "select 'p1' as person_id, 'o1' as organisation_id, 'a@example.com' as email",
    "events": (
        "select 'e1' as event_id, 'login' as event_name, "
        "cast('2024-01-01' as timestamp) as occurred_at, 'p1' as person_id, "
        "'o1' as organisation_id"
    ),
}


def write_project(root: Path, output: dict[str, Any]) -> None:
    (root / "models").mkdir(parents=True, exist_ok=True)
    project = {
        "name": "literals",
        "version": "1.0.0",
        "config-version": 2,
        "profile": "literals",
        "vars": {"literal_values": VALUES},
        "models": {"literals": {"+materialized": "table"}},
    }
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, allow_unicode=True))
    (root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(REPO_ROOT)}]}))
    profiles = {"literals": {"target": "t", "outputs": {"t": output}}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profiles))
    (root / "models" / "literal_values.sql").write_text(MODEL)
    # The package's own models need the three inputs to parse (they are not built here).
    for name, sql in INPUTS.items():
        (root / "models" / f"{name}.sql").write_text(sql)


def dbt(root: Path, *args: str) -> Any:
    result = dbtRunner().invoke(
        [*args, "--project-dir", str(root), "--profiles-dir", str(root), "--quiet"]
    )
    assert result.success, f"dbt {' '.join(args)} failed: {result.exception}"
    return result


def build(root: Path) -> None:
    dbt(root, "deps")
    dbt(root, "run", "--select", "literal_values")


def test_duckdb_round_trips(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "literals.duckdb"
    write_project(tmp_path, {"type": "duckdb", "path": str(path), "schema": "main"})
    build(tmp_path)
    with duckdb.connect(str(path)) as conn:
        rows = conn.execute("select v from main.literal_values order by n").fetchall()
    assert [row[0] for row in rows] == VALUES


@pytest.mark.postgres
@pytest.mark.parametrize("conforming", ["on", "off"])
def test_postgres_round_trips_whatever_standard_conforming_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conforming: str
) -> None:
    psycopg2 = pytest.importorskip("psycopg2")
    dsn = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "test"}
    try:
        conn = psycopg2.connect(**dsn, connect_timeout=3)
    except psycopg2.OperationalError:
        if os.environ.get("TRIG_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is unreachable (TRIG_REQUIRE_POSTGRES=1)")
        pytest.skip("PostgreSQL is unreachable")
    conn.autocommit = True
    schema = f"trig_literals_{uuid.uuid4().hex[:8]}"
    # libpq applies PGOPTIONS to every connection dbt opens in this process.
    monkeypatch.setenv("PGOPTIONS", f"-c standard_conforming_strings={conforming}")
    write_project(tmp_path, {"type": "postgres", **dsn, "password": "", "schema": schema})
    try:
        build(tmp_path)
        with conn.cursor() as cursor:
            cursor.execute(f'select v from "{schema}".literal_values order by n')
            assert [row[0] for row in cursor.fetchall()] == VALUES
    finally:
        with conn.cursor() as cursor:
            cursor.execute(f'drop schema if exists "{schema}" cascade')
        conn.close()


@pytest.mark.redshift
def test_redshift_literals_read_back_exactly(tmp_path: Path) -> None:
    """Offline: dbt-redshift renders the model, sqlglot reads it with Redshift's rules."""
    pytest.importorskip("dbt.adapters.redshift", reason="dbt-redshift is not installed")
    sqlglot = pytest.importorskip("sqlglot")
    from tests.portability.offline import compiled_nodes, offline_redshift

    output = {
        "type": "redshift",
        "host": "redshift.invalid",  # never contacted: the connector is replaced
        "port": 5439,
        "user": "trig",
        "password": "unused",
        "dbname": "dev",
        "schema": "main",
        "threads": 1,
        "retries": 0,
    }
    write_project(tmp_path, output)
    dbt(tmp_path, "deps")
    with offline_redshift({}, set()):
        result = dbt(tmp_path, "compile", "--select", "literal_values")
    [sql] = [s for uid, s in compiled_nodes(result).items() if uid.endswith("literal_values")]
    selects = sqlglot.parse_one(sql, read="redshift").find_all(sqlglot.exp.Select)
    literals = sorted(
        (int(select.expressions[0].this.this), select.expressions[1].this.this)
        for select in selects
    )
    assert [value for _, value in literals] == VALUES
