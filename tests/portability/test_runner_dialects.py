"""The runner's SQLAlchemy access for Snowflake and Redshift, from a dbt profile target.

activation/warehouse.py turns the dbt profile into a SQLAlchemy URL; these check that
each warehouse's dialect (installed by the `snowflake` / `redshift` extras) accepts it
and derives the connection arguments the profile means. Against fakesnow, the runner's
table names (quoted by the dialect) reach the upper-cased tables dbt created.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from trig_lifecycle.warehouse import target_from_profile


def _dialect_importable(module: str) -> str | None:
    try:
        __import__(module)
    except ImportError as error:
        return f"{module} is not installed ({error})"
    except Exception as error:  # an installed dialect that cannot load is a finding
        return f"{module} cannot be imported: {error.__class__.__name__}: {error}"
    return None


@pytest.mark.redshift
def test_redshift_profile_maps_to_the_redshift_dialect() -> None:
    if reason := _dialect_importable("sqlalchemy_redshift"):
        pytest.skip(reason)
    from sqlalchemy import create_engine

    profile = {
        "type": "redshift",
        "host": "example.abc123.eu-west-1.redshift.amazonaws.com",
        "user": "trig",
        "password": "secret",
        "port": 5439,
        "dbname": "analytics",
        "schema": "trig",
    }
    target = target_from_profile(profile, Path("."))
    engine = create_engine(target.url)
    _, kwargs = engine.dialect.create_connect_args(target.url)
    assert engine.dialect.name == "redshift"
    assert (kwargs["host"], kwargs["port"], kwargs["dbname"], kwargs["user"]) == (
        profile["host"],
        5439,
        "analytics",
        "trig",
    )
    assert target.schema == "trig"


SNOWFLAKE_XFAIL = (
    "snowflake-sqlalchemy 1.x, the line dbt-snowflake's connector (<5) allows, does not "
    "import under SQLAlchemy 2.1: the snowflake extra needs sqlalchemy<2.1"
)


@pytest.mark.snowflake
def test_snowflake_profile_reaches_fakesnow_through_the_snowflake_dialect() -> None:
    reason = _dialect_importable("snowflake.sqlalchemy")
    if reason and "cannot be imported" in reason:
        pytest.xfail(f"{SNOWFLAKE_XFAIL} ({reason})")
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text

    from tests.portability.snowflake import DATABASE, fakesnow_server

    with fakesnow_server(Path(tempfile.mkdtemp()) / "server.log") as server:
        profile = {
            "type": "snowflake",
            "account": server["account"],
            "user": server["user"],
            "password": server["password"],
            "database": DATABASE,
            "schema": "runner_check",
            "warehouse": "trig_wh",
            **{k: server[k] for k in ("host", "port", "protocol")},
        }
        target = target_from_profile(profile, Path("."))
        _, kwargs = create_engine(target.url).dialect.create_connect_args(target.url)
        assert (kwargs["database"], kwargs["schema"], kwargs["warehouse"]) == (
            DATABASE,
            "runner_check",
            "trig_wh",
        )
        # the profile's host/port/protocol (fakesnow here, a private-link host in
        # production) reach the connector as connect_args
        assert target.connect_args == {k: server[k] for k in ("host", "port", "protocol")}
        engine = create_engine(target.url, connect_args=target.connect_args)
        quote = engine.dialect.identifier_preparer.quote
        table = f"{quote('runner_check')}.{quote('trig_delivery_ledger')}"
        with engine.begin() as connection:
            connection.execute(text("create schema if not exists runner_check"))
            # created as dbt creates it: unquoted, so stored upper case
            connection.execute(
                text("create table runner_check.trig_delivery_ledger (action_id varchar)")
            )
            connection.execute(text(f"insert into {table} values ('a1')"))
            rows = connection.execute(text(f"select action_id from {table}")).mappings().all()
        assert [dict(r) for r in rows] == [{"action_id": "a1"}]
