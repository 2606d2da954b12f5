"""`{placeholder}` substitution in a sandbox.

Templates come from reviewed YAML; attribute values are data. Substitution is a single
pass of a fixed pattern, so a value is never parsed as a template, and the only thing a
template can do is name an attribute: `{{ ... }}`, `{0.__class__}`, `{a.b}` and friends
are refused with an error instead of being evaluated or silently sent.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

BRACED = re.compile(r"(@?)\{([^{}\r\n]*)\}")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
WITH_FALLBACK = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\|([^|]*)\Z")


class RenderError(Exception):
    """The action cannot be rendered; it is skipped with this reason, nothing is sent."""


class MissingPlaceholders(RenderError):
    def __init__(self, field: str, names: list[str]) -> None:
        self.names = names
        super().__init__(f"missing placeholder value(s) in {field}: {', '.join(names)}")


@dataclass(frozen=True)
class Mention:
    """A Slack mention of the person whose email is `email` (from `@{attribute}`)."""

    email: str


def placeholder_names(template: str, field: str) -> list[str]:
    names = []
    for match in BRACED.finditer(template):
        names.append(_placeholder(match.group(2), field)[0])
    return names


def render(template: str, attributes: dict[str, Any], field: str) -> str:
    """Render a plain string; `@{x}` is just '@' followed by the value."""
    return "".join(
        str(part) if isinstance(part, str) else "@" + part.email
        for part in render_parts(template, attributes, field, mentions=False)
    )


def render_parts(
    template: str, attributes: dict[str, Any], field: str, mentions: bool = True
) -> list[str | Mention]:
    """Render into text pieces and, when `mentions`, Mention markers for `@{attribute}`."""
    if not isinstance(template, str):
        raise RenderError(f"{field} must be text")
    parts: list[str | Mention] = []
    missing: list[str] = []
    position = 0
    for match in BRACED.finditer(template):
        parts.append(template[position : match.start()])
        position = match.end()
        name, fallback = _placeholder(match.group(2), field)
        value = attributes.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if fallback is not None:
                parts.append(fallback)
            else:
                missing.append(name)
            continue
        if mentions and match.group(1):
            parts.append(Mention(format_value(value)))
        else:
            parts.append(match.group(1) + format_value(value))
    parts.append(template[position:])
    if missing:
        raise MissingPlaceholders(field, sorted(set(missing)))
    return [part for part in parts if part != ""]


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float | str):
        return str(value)
    return json.dumps(value, sort_keys=True, default=str)


def _placeholder(inner: str, field: str) -> tuple[str, str | None]:
    """`{name}` or `{name|fallback}`: the fallback is plain text (never a template), used
    when the value is missing or blank, e.g. `Hi {first_name|there},`."""
    with_fallback = WITH_FALLBACK.match(inner)
    if with_fallback:
        return with_fallback.group(1), with_fallback.group(2)
    return _checked_name(inner, field), None


def _checked_name(inner: str, field: str) -> str:
    if not IDENTIFIER.match(inner):
        shown = ("{" + inner + "}")[:60]
        raise RenderError(
            f"{field} contains {shown!r}, which is not a placeholder; "
            "placeholders are {attribute_name} only"
        )
    return inner


def render_json(node: Any, attributes: dict[str, Any], field: str) -> Any:
    """Render placeholders inside the string values of a JSON-like structure."""
    if isinstance(node, dict):
        return {
            key: render_json(value, attributes, f"{field}.{key}") for key, value in node.items()
        }
    if isinstance(node, list):
        return [render_json(value, attributes, field) for value in node]
    if isinstance(node, str):
        return render(node, attributes, field)
    return node
