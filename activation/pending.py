"""The runner's input: rows of `trig_pending_actions` (see docs/contracts/diff_tables.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .errors import TrigError

PENDING_COLUMNS = (
    "action_id",
    "transition_id",
    "object_name",
    "object_kind",
    "entity_type",
    "entity_id",
    "organisation_id",
    "episode_number",
    "transition_type",
    "step",
    "occurred_at",
    "evaluated_at",
    "person_id",
    "action_index",
    "action_type",
    "action_config",
    "recipient",
    "thread_key",
    "message_attributes",
    "is_shadow",
)
SELECTOR_COLUMNS = {
    "job": "object_name",
    "stage": "object_name",
    "behaviour": "object_name",
    "object": "object_name",
    "channel": "action_type",
}


def with_fallbacks(attributes: dict[str, Any], fallbacks: Any) -> dict[str, Any]:
    """Blank attributes take the fallbacks the package extracted from `{name|fallback}`
    placeholders at compile time (action_config's `fallbacks`)."""
    if not isinstance(fallbacks, dict):
        return attributes
    filled = dict(attributes)
    for name, fallback in fallbacks.items():
        value = filled.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            filled[name] = str(fallback)
    return filled


@dataclass
class PendingAction:
    action_id: str
    object_name: str
    object_kind: str
    entity_type: str
    entity_id: str
    transition_type: str
    step: int
    action_type: str
    recipient: str | None
    thread_key: str | None
    occurred_at: datetime | None
    is_shadow: bool
    person_id: str | None = None
    organisation_id: str | None = None
    episode_number: int = 1
    raw_config: str | None = None
    raw_attributes: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    # Set when the row itself is malformed; the action is then skipped with this reason.
    input_error: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> PendingAction:
        m = row._mapping
        action = cls(
            action_id=str(m["action_id"]),
            object_name=str(m["object_name"]),
            object_kind=str(m["object_kind"]),
            entity_type=str(m["entity_type"]),
            entity_id=str(m["entity_id"]),
            transition_type=str(m["transition_type"]),
            step=int(m["step"] or 0),
            action_type=str(m["action_type"]),
            recipient=None if m["recipient"] is None else str(m["recipient"]),
            thread_key=None if m["thread_key"] is None else str(m["thread_key"]),
            occurred_at=m["occurred_at"],
            is_shadow=bool(m["is_shadow"]),
            person_id=m["person_id"],
            organisation_id=m["organisation_id"],
            episode_number=int(m["episode_number"] or 1),
            raw_config=m["action_config"],
            raw_attributes=m["message_attributes"],
        )
        action.config = action._parse_object("action_config", action.raw_config)
        action.attributes = with_fallbacks(
            action._parse_object("message_attributes", action.raw_attributes),
            action.config.get("fallbacks"),
        )
        return action

    def _parse_object(self, column: str, text: str | None) -> dict[str, Any]:
        if text is None or text == "":
            return {}
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            self.input_error = self.input_error or f"{column} is not valid JSON"
            return {}
        if not isinstance(value, dict):
            self.input_error = self.input_error or f"{column} is not a JSON object"
            return {}
        return value


@dataclass(frozen=True)
class Selection:
    """`--select kind:name` filters; several selectors are combined with OR."""

    clauses: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, selectors: tuple[str, ...] | list[str]) -> Selection:
        clauses = []
        for selector in selectors:
            kind, sep, name = selector.partition(":")
            if not sep:
                kind, name = "object", selector
            if kind not in SELECTOR_COLUMNS or not name:
                raise TrigError(
                    f"invalid --select '{selector}'",
                    "use job:NAME, stage:NAME, behaviour:NAME, object:NAME or channel:TYPE",
                )
            clauses.append((SELECTOR_COLUMNS[kind], name))
        return cls(tuple(clauses))

    def sql(self, alias: str, params: dict[str, Any], rename: dict[str, str] | None = None) -> str:
        """A SQL condition (bound parameters only) for rows of `alias`.

        `rename` maps pending-action column names to the table's (the ledger calls
        action_type `channel`).
        """
        if not self.clauses:
            return "1 = 1"
        parts = []
        for index, (column, name) in enumerate(self.clauses):
            params[f"select_{index}"] = name
            parts.append(f"{alias}.{(rename or {}).get(column, column)} = :select_{index}")
        return "(" + " or ".join(parts) + ")"
