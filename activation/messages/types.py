"""Rendered messages: what a channel receives, independent of the provider."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..messages.render import Mention


@dataclass(frozen=True)
class EmailMessage:
    sender_name: str | None
    sender_address: str
    to: str
    subject: str
    body: str
    reply_to: str | None = None
    message_id: str | None = None
    # Follow-ups reply to the entry email of the same job episode.
    in_reply_to: str | None = None
    # Extra headers (RFC 8058 List-Unsubscribe), already checked for line breaks.
    extra_headers: tuple[tuple[str, str], ...] = ()

    @property
    def sender(self) -> str:
        return (
            f"{self.sender_name} <{self.sender_address}>"
            if self.sender_name
            else self.sender_address
        )

    def thread_headers(self) -> dict[str, str]:
        headers = {}
        if self.message_id:
            headers["Message-ID"] = self.message_id
        if self.in_reply_to:
            headers["In-Reply-To"] = self.in_reply_to
            headers["References"] = self.in_reply_to
        headers.update(self.extra_headers)
        return headers


@dataclass(frozen=True)
class SlackMessage:
    channel: str
    parts: tuple[str | Mention, ...]

    def mention_emails(self) -> list[str]:
        return [part.email for part in self.parts if isinstance(part, Mention)]

    def text(self, user_ids: dict[str, str | None]) -> str:
        """Join the parts; an unresolved mention stays readable as plain text."""
        pieces = []
        for part in self.parts:
            if isinstance(part, Mention):
                user_id = user_ids.get(part.email)
                pieces.append(f"<@{user_id}>" if user_id else f"@{part.email}")
            else:
                pieces.append(part)
        return "".join(pieces)


@dataclass(frozen=True)
class CrmUpdate:
    system: str  # hubspot | salesforce
    object_type: str
    record_id: str
    properties: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class AttributeWrite:
    attribute: str
    value_json: str


@dataclass(frozen=True)
class RouteRequest:
    target_object: str


Rendered = EmailMessage | SlackMessage | CrmUpdate | WebhookRequest | AttributeWrite | RouteRequest
