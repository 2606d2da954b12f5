"""DDL for the runner-owned tables (also created by the package's on-run-start hook)."""

from __future__ import annotations

import random
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from .warehouse import Warehouse

LEDGER = "trig_delivery_ledger"
ATTRIBUTE_WRITES = "trig_attribute_writes"
ROUTES = "trig_routes"
SUPPRESSIONS = "trig_suppressions"
PENDING = "trig_pending_actions"

# (table, [(column, type)], unique key or None). Types are mapped per dialect below.
TABLES: list[tuple[str, list[tuple[str, str]], str | None]] = [
    (
        LEDGER,
        [
            ("action_id", "text"),
            ("status", "text"),
            ("attempts", "integer"),
            ("channel", "text"),
            ("provider_message_id", "text"),
            ("error", "text"),
            ("runner_id", "text"),
            ("claimed_at", "timestamp"),
            ("finished_at", "timestamp"),
            ("object_name", "text"),
            ("transition_type", "text"),
            ("entity_id", "text"),
            ("recipient_hash", "text"),
            # deferred (quiet hours): not sent before this UTC time
            ("not_before", "timestamp"),
        ],
        "action_id",
    ),
    (
        ATTRIBUTE_WRITES,
        [
            ("action_id", "text"),
            ("entity_type", "text"),
            ("entity_id", "text"),
            ("attribute_name", "text"),
            ("attribute_value", "text"),
            ("written_at", "timestamp"),
            ("occurred_at", "timestamp"),
        ],
        "action_id",
    ),
    (
        ROUTES,
        [
            ("action_id", "text"),
            ("entity_type", "text"),
            ("entity_id", "text"),
            ("target_object", "text"),
            ("occurred_at", "timestamp"),
            ("written_at", "timestamp"),
        ],
        "action_id",
    ),
    (SUPPRESSIONS, [("email", "text"), ("reason", "text"), ("created_at", "timestamp")], None),
]

TYPE_NAMES = {
    "bigquery": {"text": "string", "integer": "int64", "timestamp": "datetime"},
    "default": {"text": "varchar", "integer": "integer", "timestamp": "timestamp"},
}


def ensure_runner_tables(conn: Connection, warehouse: Warehouse) -> None:
    """Create missing runner tables and the unique index claims rely on.

    Two runners starting together can race on `create ... if not exists` (PostgreSQL
    then reports a duplicate catalog row); the loser retries and finds the tables.
    """
    for attempt in range(3):
        try:
            _create_missing(conn, warehouse)
            return
        except DBAPIError:
            conn.rollback()
            if attempt == 2:
                raise
            time.sleep(0.1 + random.random() / 5)


def _create_missing(conn: Connection, warehouse: Warehouse) -> None:
    types = TYPE_NAMES.get(warehouse.dialect_name, TYPE_NAMES["default"])
    if warehouse.runner_schema != warehouse.target.schema:
        quoted = warehouse.engine.dialect.identifier_preparer.quote(warehouse.runner_schema)
        conn.execute(text(f"create schema if not exists {quoted}"))
    for table, columns, key in TABLES:
        column_sql = ", ".join(f"{name} {types[kind]}" for name, kind in columns)
        conn.execute(text(f"create table if not exists {warehouse.table(table)} ({column_sql})"))
        _add_missing_columns(conn, warehouse, table, columns, types)
        if key and warehouse.enforces_unique:
            # A unique index rather than a primary key: it can be added to a table the
            # dbt hook created, and it is what makes concurrent claims safe.
            conn.execute(
                text(
                    f"create unique index if not exists {table}_{key}_unique "
                    f"on {warehouse.table(table)} ({key})"
                )
            )
    conn.commit()


def _add_missing_columns(
    conn: Connection,
    warehouse: Warehouse,
    table: str,
    columns: list[tuple[str, str]],
    types: dict[str, str],
) -> None:
    """Columns added by later versions (e.g. the ledger's not_before) join tables that an
    earlier runner or the dbt hook created; nothing is rewritten."""
    result = conn.execute(text(f"select * from {warehouse.table(table)} where 1 = 0"))
    existing = {str(name).lower() for name in list(result.keys())}
    for name, kind in columns:
        if name not in existing:
            conn.execute(
                text(f"alter table {warehouse.table(table)} add column {name} {types[kind]}")
            )
