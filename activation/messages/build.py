"""Turn a pending action into a rendered message, or raise RenderError with the reason."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from email.utils import getaddresses
from typing import Any
from urllib.parse import urlsplit

from ..config import RunnerConfig
from ..messages.destinations import refused_destination
from ..messages.escaping import slack_safe_attributes
from ..messages.render import (
    MissingPlaceholders,
    RenderError,
    render,
    render_json,
    render_parts,
)
from ..messages.types import (
    AttributeWrite,
    CrmUpdate,
    EmailMessage,
    Rendered,
    RouteRequest,
    SlackMessage,
    WebhookRequest,
)
from ..messages.unsubscribe import unsubscribe_headers
from ..pending import PendingAction

# C0 and C1 controls (U+0085 NEL among them) and the Unicode line and paragraph
# separators: everything a mail library or a viewer may treat as a line break.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# One address: no characters that separate or group addresses (`,;:()[]\\`).
_ADDRESS_PART = r"[^@\s<>\"(),;:\[\]\\]+"
EMAIL_ADDRESS = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}\Z")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
HUBSPOT_OBJECTS = {
    "company": "companies",
    "contact": "contacts",
    "deal": "deals",
    "ticket": "tickets",
}
SALESFORCE_RECORD_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?\Z")
CHANNELS = ("email", "slack", "hubspot", "salesforce", "webhook", "set_attribute", "route_to")


def build_message(action: PendingAction, config: RunnerConfig) -> Rendered:
    if action.input_error:
        raise RenderError(action.input_error)
    builders: dict[str, Callable[[PendingAction, RunnerConfig], Rendered]] = {
        "email": _email,
        "slack": _slack,
        "hubspot": _crm,
        "salesforce": _crm,
        "webhook": _webhook,
        "set_attribute": _set_attribute,
        "route_to": _route_to,
    }
    builder = builders.get(action.action_type)
    if builder is None:
        raise RenderError(
            f"unknown channel '{action.action_type[:40]}'; expected one of {', '.join(CHANNELS)}"
        )
    return builder(action, config)


def header_value(value: str, field: str) -> str:
    """Header values may not contain a line break (Unicode's included) or control character."""
    if CONTROL_CHARACTERS.search(value):
        raise RenderError(f"{field} contains a line break or control character; refused")
    return value.strip()


@functools.lru_cache(maxsize=4096)
def single_address(raw: str, field: str) -> tuple[str, str]:
    """(display name, address) of a header that must name exactly one email address.

    Cached: most actions share a handful of senders, and parsing costs more than the rest
    of rendering an email.
    """
    header_value(raw, field)
    parsed = getaddresses([raw])
    if len(parsed) != 1 or not EMAIL_ADDRESS.match(parsed[0][1]):
        raise RenderError(f"{field} is not one email address")
    return parsed[0]


def _email(action: PendingAction, config: RunnerConfig) -> EmailMessage:
    cfg, attrs = action.config, action.attributes
    to = header_value(action.recipient or "", "recipient")
    if not EMAIL_ADDRESS.match(to):
        raise RenderError("recipient is not one email address")
    sender_name, sender_address = _sender(action, config)
    subject, body = _render_all(
        [("subject", _text(cfg, "subject")), ("body", _text(cfg, "body"))], attrs
    )
    subject = header_value(subject, "subject")
    reply_to = cfg.get("reply_to") or config.sender.reply_to
    if reply_to is not None:
        reply_to = header_value(render(str(reply_to), attrs, "reply_to"), "reply_to")
        single_address(reply_to, "reply_to")
    message_id, in_reply_to = _thread_ids(action, sender_address)
    extra = unsubscribe_headers(config.sender, to, attrs)
    for name, value in extra.items():
        header_value(value, name)
    return EmailMessage(
        sender_name,
        sender_address,
        to,
        subject,
        body,
        reply_to,
        message_id,
        in_reply_to,
        tuple(extra.items()),
    )


def _render_all(fields: list[tuple[str, str]], attributes: dict[str, Any]) -> list[str]:
    """Render several fields, reporting every missing placeholder at once."""
    rendered: list[str] = []
    missing: dict[str, list[str]] = {}
    for field, template in fields:
        try:
            rendered.append(render(template, attributes, field))
        except MissingPlaceholders as error:
            for name in error.names:
                missing.setdefault(name, []).append(field)
            rendered.append("")
    if missing:
        where = sorted({field for fields_ in missing.values() for field in fields_})
        raise MissingPlaceholders(" and ".join(where), sorted(missing))
    return rendered


def _sender(action: PendingAction, config: RunnerConfig) -> tuple[str | None, str]:
    cfg, attrs = action.config, action.attributes
    if cfg.get("from_attribute"):
        name = str(cfg["from_attribute"])
        raw = attrs.get(name)
        if not raw:
            raise RenderError(f"missing placeholder value(s) in from_attribute: {name}")
        raw = str(raw)
    elif cfg.get("from"):
        raw = render(str(cfg["from"]), attrs, "from")
    elif config.sender.from_address:
        raw = config.sender.from_address
    else:
        raise RenderError("no sender: set `from` on the action or sender.from in trig.yml")
    name, address = single_address(raw, "from")
    return (name or None), address


def _thread_ids(action: PendingAction, sender_address: str) -> tuple[str, str | None]:
    """Deterministic Message-IDs so follow-ups are replies to the entry email."""
    domain = sender_address.rsplit("@", 1)[1]
    key = action.thread_key or action.action_id
    is_follow_up = bool(action.config.get("in_reply_to_entry")) or (
        action.transition_type == "follow_up_due"
    )
    if is_follow_up and action.thread_key:
        return f"<trig.{key}.{action.step}@{domain}>", f"<trig.{key}.0@{domain}>"
    return f"<trig.{key}.0@{domain}>", None


def _slack(action: PendingAction, config: RunnerConfig) -> SlackMessage:
    channel = header_value(str(action.recipient or action.config.get("channel") or ""), "channel")
    if not channel or " " in channel:
        raise RenderError("slack channel is empty or contains spaces")
    attributes = slack_safe_attributes(action.attributes)
    parts = render_parts(_text(action.config, "text"), attributes, "text")
    return SlackMessage(channel, tuple(parts))


def _crm(action: PendingAction, config: RunnerConfig) -> CrmUpdate:
    cfg = action.config
    object_type = str(cfg.get("object") or "")
    record_id = action.recipient
    if not record_id and cfg.get("id_attribute"):
        value = action.attributes.get(str(cfg["id_attribute"]))
        record_id = None if value is None else str(value)
    if not record_id:
        raise RenderError(f"no CRM record id (id_attribute {cfg.get('id_attribute')!r} is empty)")
    if action.action_type == "hubspot":
        if (
            object_type.lower() not in HUBSPOT_OBJECTS
            and object_type not in HUBSPOT_OBJECTS.values()
        ):
            raise RenderError(f"unknown HubSpot object {object_type[:40]!r}")
        object_type = HUBSPOT_OBJECTS.get(object_type.lower(), object_type)
        if not record_id.isdigit():
            raise RenderError("HubSpot record id must be numeric")
    else:
        if not IDENTIFIER.match(object_type):
            raise RenderError(f"invalid Salesforce object {object_type[:40]!r}")
        if not SALESFORCE_RECORD_ID.match(record_id):
            raise RenderError("Salesforce record id must be 15 or 18 letters and digits")
    properties = cfg.get("properties")
    if not isinstance(properties, dict) or not properties:
        raise RenderError("CRM update has no properties")
    for name in properties:
        if not IDENTIFIER.match(str(name)):
            raise RenderError(f"invalid CRM property name {str(name)[:40]!r}")
    rendered = render_json(properties, action.attributes, "properties")
    return CrmUpdate(action.action_type, object_type, record_id, rendered)


def _webhook(action: PendingAction, config: RunnerConfig) -> WebhookRequest:
    url = str(action.recipient or action.config.get("url") or "")
    check_webhook_url(url)
    refused = refused_destination(url, config.webhook)
    if refused:
        raise RenderError(refused)
    payload = action.config.get("payload")
    if payload is None:
        payload = default_webhook_payload(action)
    elif not isinstance(payload, dict):
        raise RenderError("webhook payload must be a JSON object")
    else:
        payload = render_json(payload, action.attributes, "payload")
    return WebhookRequest(url, payload)


def check_webhook_url(url: str) -> None:
    if not url or CONTROL_CHARACTERS.search(url) or " " in url:
        raise RenderError("malformed webhook URL (empty, spaces or control characters)")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RenderError("malformed webhook URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RenderError("malformed webhook URL: it needs http(s)://host/...")
    if port == 0:
        raise RenderError("malformed webhook URL: port 0")


def default_webhook_payload(action: PendingAction) -> dict[str, Any]:
    return {
        "action_id": action.action_id,
        "object_name": action.object_name,
        "object_kind": action.object_kind,
        "transition_type": action.transition_type,
        "step": action.step,
        "entity_type": action.entity_type,
        "entity_id": action.entity_id,
        "organisation_id": action.organisation_id,
        "person_id": action.person_id,
        "occurred_at": None if action.occurred_at is None else str(action.occurred_at),
        "attributes": action.attributes,
    }


def _set_attribute(action: PendingAction, config: RunnerConfig) -> AttributeWrite:
    attribute = str(action.config.get("attribute") or action.recipient or "")
    if not IDENTIFIER.match(attribute):
        raise RenderError(f"invalid attribute name {attribute[:40]!r}")
    if "value" not in action.config:
        raise RenderError("set_attribute has no value")
    return AttributeWrite(attribute, json.dumps(action.config["value"], sort_keys=True))


def _route_to(action: PendingAction, config: RunnerConfig) -> RouteRequest:
    target = str(action.config.get("object") or action.recipient or "")
    if not IDENTIFIER.match(target):
        raise RenderError(f"invalid route target {target[:40]!r}")
    return RouteRequest(target)


def _text(cfg: dict[str, Any], key: str) -> str:
    value = cfg.get(key)
    if not isinstance(value, str) or not value:
        raise RenderError(f"action_config has no {key}")
    return value
