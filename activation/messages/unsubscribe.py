"""RFC 8058 one-click unsubscribe headers for automated emails.

When `sender.unsubscribe_url` is set (an https URL; `{attribute}` placeholders and
`{recipient_hash}` are filled in and URL-encoded), every email carries
`List-Unsubscribe: <url>` (plus `<mailto:...>` when `sender.unsubscribe_mailto` is set)
and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so mail clients show an
unsubscribe button that POSTs to the URL without opening a page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from ..config import SenderConfig
from ..messages.render import RenderError, format_value, render
from ..safety import recipient_hash


def unsubscribe_headers(
    sender: SenderConfig, recipient: str, attributes: dict[str, Any]
) -> dict[str, str]:
    if not sender.unsubscribe_url:
        return {}
    values = {
        name: quote(format_value(value), safe="")
        for name, value in attributes.items()
        if value is not None
    }
    values["recipient_hash"] = recipient_hash(recipient) or ""
    url = render(sender.unsubscribe_url, values, "sender.unsubscribe_url")
    if urlsplit(url).scheme != "https":
        raise RenderError("sender.unsubscribe_url must be an https URL (RFC 8058)")
    targets = [f"<{url}>"]
    if sender.unsubscribe_mailto:
        targets.append(f"<mailto:{sender.unsubscribe_mailto}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
