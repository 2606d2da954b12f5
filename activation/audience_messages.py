"""Render an object's entry actions for one audience member with their real data, the way
the runner would send them, flagging placeholders whose value is empty."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection

from .audience import ObjectInfo, query
from .config import RunnerConfig
from .messages.build import build_message
from .messages.render import MissingPlaceholders, RenderError
from .messages.types import EmailMessage, SlackMessage
from .pending import PendingAction
from .warehouse import Warehouse


def first_people(
    conn: Connection, warehouse: Warehouse, organisation_ids: list[str]
) -> dict[str, dict[str, Any]]:
    """One person per organisation (lowest person_id): who `to: people` emails show."""
    if not organisation_ids:
        return {}
    table = warehouse.table("trig_person_attributes", runner_owned=False)
    names = ", ".join(f":o{i}" for i in range(len(organisation_ids)))
    rows = query(
        conn,
        f"select * from {table} where organisation_id in ({names}) order by person_id",
        {f"o{i}": value for i, value in enumerate(organisation_ids)},
    )
    people: dict[str, dict[str, Any]] = {}
    for row in rows:
        people.setdefault(str(row["organisation_id"]), row)
    return people


def render_entry_actions(
    info: ObjectInfo,
    member: dict[str, Any],
    person: dict[str, Any] | None,
    config: RunnerConfig,
) -> list[dict[str, Any]]:
    return [
        _render(info, index, action, member, person, config)
        for index, action in enumerate(info.actions)
    ]


def _render(
    info: ObjectInfo,
    index: int,
    action: dict[str, Any],
    member: dict[str, Any],
    person: dict[str, Any] | None,
    config: RunnerConfig,
) -> dict[str, Any]:
    kind, settings = str(action["type"]), dict(action["config"])
    to_people = kind == "email" and settings.get("to") in (None, "people", "person")
    attributes = {**member, **(person or {})} if to_people else dict(member)
    recipient = _recipient(kind, settings, attributes, to_people)
    pending = PendingAction(
        action_id=f"preview-{info.name}-{member['entity_id']}-{index}",
        object_name=info.name,
        object_kind=info.kind,
        entity_type=info.entity,
        entity_id=str(member["entity_id"]),
        transition_type="entered",
        step=0,
        action_type=kind,
        recipient=recipient,
        thread_key=None,
        occurred_at=None,
        is_shadow=info.status == "shadow",
        config=settings,
        attributes=attributes,
    )
    item: dict[str, Any] = {"channel": kind, "recipient": recipient, "empty_placeholders": []}
    try:
        item["message"] = _shown(build_message(pending, config))
    except MissingPlaceholders as missing:
        # Show the message anyway, with each empty value marked where it would be.
        item["empty_placeholders"] = missing.names
        marked = {**attributes, **{name: f"[EMPTY {name}]" for name in missing.names}}
        pending.attributes = marked
        try:
            item["message"] = _shown(build_message(pending, config))
        except RenderError as error:
            item["problem"] = str(error)
    except RenderError as error:
        item["problem"] = str(error)
    return item


def _recipient(
    kind: str, settings: dict[str, Any], attributes: dict[str, Any], to_people: bool
) -> str | None:
    if kind == "email":
        value = attributes.get("email") if to_people else attributes.get(str(settings.get("to")))
        return None if value is None else str(value)
    if kind == "slack":
        return str(settings.get("channel") or "")
    if kind == "webhook":
        return str(settings.get("url") or "")
    if kind in ("hubspot", "salesforce"):
        default = "hubspot_company_id" if kind == "hubspot" else "salesforce_account_id"
        value = attributes.get(str(settings.get("id_attribute") or default))
        return None if value is None else str(value)
    if kind == "set_attribute":
        return str(settings.get("attribute") or "")
    return str(settings.get("object") or "")


def _shown(rendered: Any) -> dict[str, Any]:
    if isinstance(rendered, SlackMessage):
        return {"channel": rendered.channel, "text": rendered.text({})}
    shown = asdict(rendered)
    if isinstance(rendered, EmailMessage):
        shown = {
            "from": rendered.sender,
            "to": rendered.to,
            "subject": rendered.subject,
            "body": rendered.body,
        }
    return shown
