"""A small customer project with known answers for audience, diff and report tests.

At T0 the job `onboarding_nudge` targets organisations that signed up 1 to 7 days ago
without an invoice, excluding enterprise plans:
  alpha (ARR 1000, starter) and bravo (ARR 2000, pro) match; charlie (ARR 5000,
  enterprise) matches but is excluded; delta signed up 20 days ago; echo has invoices.
bravo's only person has no first name, so its entry email has an empty placeholder.
The working copy of `trig diff` widens the sign-up window to 31 days (adds delta, ARR
4000) and drops starter plans (removes alpha, ARR 1000).
"""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from tests.engine.harness import DuckDBWarehouse, PostgresWarehouse, Scenario, Warehouse
from tests.engine.rows import event, org, person

T0 = "2025-03-10 09:00:00"

NUDGE: dict[str, Any] = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "invoice_sent", "at_least": 1},
    "audience": {
        "all": [
            {"sign_up_date": {"more_than": "1 day ago"}},
            {"sign_up_date": {"less_than": "7 days ago"}},
            {"invoices_created": 0},
        ]
    },
    "exclusions": [{"plan": "enterprise"}],
    "duration": "10 days",
    "on_entry": [
        {
            "email": {
                "from": "Lee <lee@vendor.test>",
                "subject": "A first invoice for {organisation_name}",
                "body": "Hi {first_name}, here is how.",
            }
        },
        {"slack": {"channel": "#cs", "text": "{organisation_name} entered the nudge"}},
    ],
}
STARTERS = {"kind": "cohort", "entity": "organisation", "criteria": {"plan": "starter"}}
ADMINS = {"kind": "cohort", "entity": "person", "criteria": {"role": "admin"}}
ONBOARDING = {
    "kind": "stage",
    "entity": "organisation",
    "live_from": "2025-03-01",
    "entry": {"event": "signed_up"},
    "objectives": [
        {"name": name, "completion": {"event": name}}
        for name in ("project_created", "teammate_invited", "invoice_created", "invoice_sent")
    ],
    "exit": {"after": "30 days"},
    "signals": {"min_completions": 1, "threshold": 2.0},
}
# Objectives each organisation completed, days after signing up on 2025-03-01 10:00.
PROGRESS = {
    "alpha": {"project_created": 1, "teammate_invited": 1, "invoice_created": 1, "invoice_sent": 1},
    "bravo": {"project_created": 1, "teammate_invited": 2},
    "charlie": {"project_created": 1},
}
ACTIVE = {
    "kind": "behaviour",
    "entity": "organisation",
    "completion": {"event": "login", "at_least": 2},
}


def working_copy_nudge() -> dict[str, Any]:
    nudge = copy.deepcopy(NUDGE)
    nudge["audience"]["all"][1] = {"sign_up_date": {"less_than": "31 days ago"}}
    nudge["audience"]["all"].append({"plan": {"not_in": ["starter"]}})
    return nudge


def build(warehouse: Warehouse, root: Path) -> Scenario:
    scenario = Scenario(root=root, warehouse=warehouse, write_json=True)  # save_state reads it
    scenario.objects = {
        "onboarding_nudge": NUDGE,
        "starter_accounts": STARTERS,
        "active": ACTIVE,
        "onboarding": ONBOARDING,
        "admins": ADMINS,
    }
    scenario.load(
        organisations=[
            org("alpha", arr=1000.0, plan="starter", sign_up_date=date(2025, 3, 7)),
            org("bravo", arr=2000.0, plan="pro", sign_up_date=date(2025, 3, 6)),
            org("charlie", arr=5000.0, plan="enterprise", sign_up_date=date(2025, 3, 7)),
            org("delta", arr=4000.0, plan="pro", sign_up_date=date(2025, 2, 18)),
            org("echo", arr=800.0, plan="pro", sign_up_date=date(2025, 3, 7), invoices_created=2),
        ],
        people=[
            person("ann", "alpha"),
            {**person("bob", "bravo"), "first_name": None},
            person("cat", "charlie"),
            person("dan", "delta"),
        ],
        events=[
            event("e1", "login", "2025-03-08 10:00:00", "alpha", "ann"),
            event("e2", "login", "2025-03-09 10:00:00", "alpha", "ann"),
            *onboarding_events(),
        ],
    )
    scenario.evaluate(T0)
    release_duckdb()
    return scenario


def release_duckdb() -> None:
    """dbt-duckdb keeps the file open in this process after a build; the CLI under test
    opens it with another configuration."""
    from trig_lifecycle.dbt_invoke import release_duckdb_file

    release_duckdb_file()


def onboarding_events() -> list[dict[str, Any]]:
    rows = [
        event(f"s_{org_id}", "signed_up", "2025-03-01 10:00:00", org_id)
        for org_id in ("alpha", "bravo", "charlie", "delta", "echo")
    ]
    for org_id, done in PROGRESS.items():
        for name, days in done.items():
            rows.append(event(f"{name}_{org_id}", name, f"2025-03-0{1 + days} 10:00:00", org_id))
    return rows


def make_warehouse(kind: str, directory: Path, postgres_dsn: dict | None) -> Warehouse:
    if kind == "duckdb":
        return DuckDBWarehouse(directory / "warehouse.duckdb")
    assert postgres_dsn is not None
    return PostgresWarehouse(postgres_dsn)


def save_state(scenario: Scenario, state_dir: Path) -> Path:
    """What a deployment keeps: the manifest of the definition that is live."""
    state_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(scenario.root / "target" / "manifest.json", state_dir / "manifest.json")
    return state_dir


def row_counts(warehouse: Warehouse) -> dict[str, int]:
    """Every relation of the target and raw schemas with its row count."""
    schemas = f"'{warehouse.target_schema}', '{warehouse.raw_schema}'"
    relations = warehouse.query(
        "select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({schemas})"
    )
    counts: dict[str, int] = {}
    for relation in relations:
        name = f'"{relation["table_schema"]}"."{relation["table_name"]}"'
        counts[name] = warehouse.query(f"select count(*) as n from {name}")[0]["n"]
    assert len(counts) > 10, counts
    return counts


def cli_args(scenario: Scenario) -> list[str]:
    return ["--project-dir", str(scenario.root), "--profiles-dir", str(scenario.root)]


def parse_json(output: str) -> Any:
    return json.loads(output.strip().splitlines()[-1])
