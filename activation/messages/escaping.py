"""Escaping attribute values for the markup of the channel they are sent to.

Values from attributes are data: in Slack's mrkdwn, `<...>` makes links, mentions and
`<!everyone>` broadcasts, so `&`, `<` and `>` in a value are escaped as Slack documents.
The template's own text (reviewed YAML) is left alone and keeps its formatting.
"""

from __future__ import annotations

from typing import Any

from ..messages.render import format_value

SLACK_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def slack_escape(text: str) -> str:
    return text.translate(SLACK_ESCAPES)


def slack_safe_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """Attributes whose text values are escaped for Slack (numbers and booleans unchanged)."""
    return {
        name: value
        if value is None or isinstance(value, bool | int | float)
        else slack_escape(format_value(value))
        for name, value in attributes.items()
    }
