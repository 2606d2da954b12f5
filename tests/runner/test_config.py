"""dbt profile targets → SQLAlchemy URLs; runner settings from trig.yml and TRIG_* vars."""

from __future__ import annotations

from pathlib import Path

import pytest
from trig_lifecycle.config import load_runner_config
from trig_lifecycle.errors import TrigError
from trig_lifecycle.warehouse import target_from_profile


def test_postgres_profile_maps_to_a_url_that_hides_the_password():
    target = target_from_profile(
        {
            "type": "postgres",
            "host": "db",
            "port": 5433,
            "user": "u",
            "password": "p@ss:w/rd",
            "dbname": "analytics",
            "schema": "dbt_trig",
            "sslmode": "require",
        },
        Path("."),
    )
    assert target.url.drivername == "postgresql+psycopg2"
    assert (target.url.host, target.url.port, target.url.database) == ("db", 5433, "analytics")
    assert target.url.password == "p@ss:w/rd"
    assert "p@ss" not in repr(target.url) and "p@ss" not in str(target.url)
    assert target.url.query == {"sslmode": "require"}
    assert target.schema == "dbt_trig"


def test_duckdb_path_is_relative_to_the_project(tmp_path):
    target = target_from_profile({"type": "duckdb", "path": "dev.duckdb"}, tmp_path)
    assert target.url.database == str(tmp_path / "dev.duckdb")
    assert target.schema == "main"


def test_duckdb_in_memory_is_refused():
    with pytest.raises(TrigError, match="no database file"):
        target_from_profile({"type": "duckdb", "path": ":memory:"}, Path("."))


def test_redshift_snowflake_bigquery_urls():
    redshift = target_from_profile(
        {
            "type": "redshift",
            "host": "rs",
            "user": "u",
            "password": "p",
            "dbname": "d",
            "schema": "s",
        },
        Path("."),
    )
    assert (redshift.url.drivername, redshift.url.port) == ("redshift+psycopg2", 5439)
    snowflake = target_from_profile(
        {
            "type": "snowflake",
            "account": "ab123",
            "user": "u",
            "password": "p",
            "database": "DB",
            "schema": "S",
            "warehouse": "WH",
            "role": "R",
        },
        Path("."),
    )
    assert snowflake.url.drivername == "snowflake"
    assert (snowflake.url.host, snowflake.url.database) == ("ab123", "DB/S")
    assert snowflake.url.query == {"warehouse": "WH", "role": "R"}
    bigquery = target_from_profile(
        {"type": "bigquery", "project": "proj", "dataset": "ds", "keyfile": "/k.json"}, Path(".")
    )
    assert (bigquery.url.drivername, bigquery.url.host, bigquery.url.database) == (
        "bigquery",
        "proj",
        "ds",
    )
    assert bigquery.url.query == {"credentials_path": "/k.json"}


def test_unknown_adapter_is_refused():
    with pytest.raises(TrigError, match="unsupported dbt adapter type 'oracle'"):
        target_from_profile({"type": "oracle"}, Path("."))


def test_env_overrides_file_and_conventional_secret_names(tmp_path):
    (tmp_path / "trig.yml").write_text(
        "concurrency: 2\nfrequency_cap: {max_emails: 5}\nsender: {from: 'Lee <lee@x.io>'}\n"
    )
    config = load_runner_config(
        None,
        tmp_path,
        environ={
            "TRIG_CONCURRENCY": "6",
            "SENDGRID_API_KEY": "SG.a.b",
            "TRIG_FREQUENCY_CAP__WINDOW_DAYS": "3",
        },
    )
    assert config.concurrency == 6
    assert (config.frequency_cap.max_emails, config.frequency_cap.window_days) == (5, 3)
    assert config.sender.from_address == "Lee <lee@x.io>"
    assert config.sendgrid.api_key is not None
    assert config.sendgrid.api_key.get_secret_value() == "SG.a.b"
    assert "SG.a.b" not in repr(config)
    assert config.outbox_dir == tmp_path / "outbox"


def test_unknown_setting_in_a_section_is_an_error(tmp_path):
    with pytest.raises(TrigError, match="sendgrid.base_uri"):
        load_runner_config(None, tmp_path, environ={"TRIG_SENDGRID__BASE_URI": "x"})


def test_runner_schema_comes_from_the_package_var(tmp_path):
    from trig_lifecycle.context import runner_schema_var

    (tmp_path / "dbt_project.yml").write_text("name: x\nvars:\n  trig_runner_schema: trig_ops\n")
    assert runner_schema_var(tmp_path) == "trig_ops"
    (tmp_path / "dbt_project.yml").write_text("name: x\nvars:\n  trig: {trig_runner_schema: ops}\n")
    assert runner_schema_var(tmp_path) == "ops"
    (tmp_path / "dbt_project.yml").write_text("name: x\n")
    assert runner_schema_var(tmp_path) is None
