"""The human summary of a run: what actually happened to each kind of action.

The ledger's status is `sent` for every completed action, but a reader should not be told
"4 sent" when the emails were written to a local outbox, nor count attribute write-backs
and routes as messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from .channels.registry import WAREHOUSE_ACTIONS, Channels
from .config import RunnerConfig

NOUNS = {
    "email": ("email", "emails"),
    "slack": ("Slack message", "Slack messages"),
    "hubspot": ("HubSpot update", "HubSpot updates"),
    "salesforce": ("Salesforce update", "Salesforce updates"),
    "webhook": ("webhook call", "webhook calls"),
    "set_attribute": ("attribute write-back", "attribute write-backs"),
    "route_to": ("route", "routes"),
}
DONE_VERBS = {
    "email": "sent",
    "slack": "posted",
    "hubspot": "made",
    "salesforce": "made",
    "webhook": "made",
    "set_attribute": "written",
    "route_to": "recorded",
}


def outbox_channels(config: RunnerConfig, action_types: Iterable[str]) -> set[str]:
    """The action types that this configuration delivers to the file outbox."""
    if config.outbox_only:
        return {t for t in action_types if t not in WAREHOUSE_ACTIONS}
    registry = Channels(config, None)  # type: ignore[arg-type]  # no warehouse needed here
    return {
        t
        for t in action_types
        if t not in WAREHOUSE_ACTIONS and registry._provider_factory(t) is None
    }


def describe(by_channel: dict[tuple[str, str], int], outboxed: set[str], outbox: str) -> str:
    """'3 emails written to the outbox (outbox/), 2 routes recorded, 1 email capped'."""
    parts = []
    for (channel, status), count in sorted(by_channel.items()):
        singular, plural = NOUNS.get(channel, (channel + " action", channel + " actions"))
        noun = singular if count == 1 else plural
        if status == "sent" and channel in outboxed:
            parts.append(f"{count} {noun} written to the outbox ({outbox})")
        elif status == "sent":
            parts.append(f"{count} {noun} {DONE_VERBS.get(channel, 'delivered')}")
        else:
            parts.append(f"{count} {noun} {status}")
    return ", ".join(parts)
