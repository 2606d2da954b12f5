"""Fixtures: projects on DuckDB / PostgreSQL and the fake provider servers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tests.fakes.providers import (
    FakeHubSpot,
    FakeSalesforce,
    FakeSendGrid,
    FakeSlack,
    FakeWebhook,
)
from tests.fakes.tls import make_certificate
from tests.runner.helpers import Project, duckdb_project

POSTGRES_URL = os.environ.get(
    "TRIG_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)
WEBHOOK_SECRET = "whsec-test-secret-9876"


def _postgres_project(directory: Path) -> Iterator[Project]:
    engine = create_engine(POSTGRES_URL, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except OperationalError:
        if os.environ.get("TRIG_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is unreachable at {POSTGRES_URL} (TRIG_REQUIRE_POSTGRES=1)")
        pytest.skip(f"PostgreSQL is unreachable at {POSTGRES_URL}")
    schema = f"trig_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = engine.url
    target = {
        "type": "postgres",
        "host": url.host,
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password or "",
        "dbname": url.database,
        "schema": schema,
    }
    project = Project(directory, engine, schema, target)
    project.write_files()
    project.create_pending_table()
    yield project
    with engine.begin() as conn:
        conn.execute(text(f'drop schema "{schema}" cascade'))
    engine.dispose()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Project]:
    """The same test on DuckDB and PostgreSQL."""
    if request.param == "duckdb":
        yield duckdb_project(tmp_path)
    else:
        yield from _postgres_project(tmp_path)


@pytest.fixture
def duck(tmp_path: Path) -> Project:
    return duckdb_project(tmp_path)


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Project]:
    yield from _postgres_project(tmp_path)


@pytest.fixture
def sendgrid() -> Iterator[FakeSendGrid]:
    server = FakeSendGrid().start()
    yield server
    server.stop()


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def hubspot() -> Iterator[FakeHubSpot]:
    server = FakeHubSpot().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def salesforce(certificate: tuple[Path, Path]) -> Iterator[FakeSalesforce]:
    server = FakeSalesforce(certificate).start()
    yield server
    server.stop()


@pytest.fixture
def webhook() -> Iterator[FakeWebhook]:
    server = FakeWebhook().start()
    yield server
    server.stop()


def sendgrid_env(server: FakeSendGrid) -> dict[str, str]:
    # Fault plans count requests: the suppression pull (tested on its own) stays out.
    return {
        "TRIG_SENDGRID__API_KEY": server.api_key,
        "TRIG_SENDGRID__BASE_URL": server.url,
        "TRIG_SENDGRID__PULL_SUPPRESSIONS": "false",
    }


def slack_env(server: FakeSlack) -> dict[str, str]:
    return {
        "TRIG_SLACK__TOKEN": server.token,
        "TRIG_SLACK__BASE_URL": server.url + "/api/",
        "TRIG_SLACK__PER_CHANNEL_INTERVAL_SECONDS": "0.05",
    }


def hubspot_env(server: FakeHubSpot) -> dict[str, str]:
    return {"TRIG_HUBSPOT__ACCESS_TOKEN": server.token, "TRIG_HUBSPOT__HOST": server.url}


def salesforce_env(server: FakeSalesforce, certificate: tuple[Path, Path]) -> dict[str, str]:
    return {
        "TRIG_SALESFORCE__ACCESS_TOKEN": server.token,
        "TRIG_SALESFORCE__INSTANCE_URL": server.url,
        "TRIG_SALESFORCE__CA_BUNDLE": str(certificate[0]),
    }


def webhook_env() -> dict[str, str]:
    # The fakes listen on loopback, which webhooks refuse unless allowed explicitly.
    return {
        "TRIG_WEBHOOK__SECRET": WEBHOOK_SECRET,
        "TRIG_WEBHOOK__ALLOWED_DESTINATIONS": "127.0.0.1",
    }
