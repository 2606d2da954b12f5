"""An input model without a required column is one clear error naming the model, the var
and the nearest column: never a warehouse binder error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.harness import DEFAULT_COLUMNS, EVENT_COLUMNS, DuckDBWarehouse, Scenario
from tests.engine.rows import org, person

pytestmark = pytest.mark.slow


def test_events_model_without_occurred_at(tmp_path: Path) -> None:
    events = {name: kind for name, kind in EVENT_COLUMNS.items() if name != "occurred_at"}
    s = Scenario(
        root=tmp_path / "project",
        warehouse=DuckDBWarehouse(tmp_path / "w.duckdb"),
        columns={**DEFAULT_COLUMNS, "events": {**events, "occured_at": "timestamp"}},
    )
    s.load(organisations=[org("a")], people=[person("ann", "a")])
    s.objects = {
        "nudge": {
            "kind": "job",
            "entity": "organisation",
            "goal": {"event": "invoice_sent"},
            "audience": [{"invoices_created": 0}],
        }
    }
    message = s.evaluate_expecting_error("2025-03-10 00:00:00")
    assert "input model 'events' (var trig_events_model) has no column 'occurred_at'" in message
    assert "did you mean 'occured_at'?" in message
    assert "Binder Error" not in message and "called by macro" not in message
