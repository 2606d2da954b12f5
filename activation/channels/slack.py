"""Slack channel messages with `slack-sdk`; `@{csm_email}` becomes a real mention."""

from __future__ import annotations

import threading
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ..channels.base import (
    ProviderChannel,
    classify_connection_error,
    classify_http_status,
)
from ..config import RetryConfig, SlackConfig
from ..messages.types import SlackMessage
from ..pending import PendingAction
from ..throttle import (
    AmbiguousError,
    Limits,
    PermanentError,
    Throttle,
    TransientError,
    retry_after_seconds,
)

# Slack answers HTTP 200 with ok=false; these errors are worth retrying.
TRANSIENT_SLACK_ERRORS = {
    "ratelimited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
}


class SlackChannel(ProviderChannel):
    name = "slack"

    def __init__(self, config: SlackConfig, retries: RetryConfig) -> None:
        # About one message per second per channel (Slack's documented pace).
        super().__init__(retries, Throttle(Limits(config.per_channel_interval_seconds)))
        assert config.token is not None
        self.client = WebClient(
            token=config.token.get_secret_value(),
            base_url=config.base_url.rstrip("/") + "/",
            timeout=config.timeout_seconds,  # type: ignore[arg-type]
            # No silent retries inside the client: a retried post could be a duplicate.
            retry_handlers=[],
        )
        self._user_ids: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def throttle_key(self, rendered: Any) -> str:
        return str(rendered.channel)

    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        message: SlackMessage = rendered
        user_ids = {email: self._user_id(email) for email in message.mention_emails()}
        try:
            response = self.client.chat_postMessage(
                channel=message.channel, text=message.text(user_ids)
            )
        except SlackApiError as error:
            raise _classify(error) from None
        except Exception as error:  # urllib errors, timeouts, dropped connections
            raise classify_connection_error(error) from None
        return str(response.get("ts") or "") or None

    def _user_id(self, email: str) -> str | None:
        """users.lookupByEmail, cached for the run; None when Slack knows no such user."""
        with self._lock:
            if email in self._user_ids:
                return self._user_ids[email]
        try:
            response = self.client.users_lookupByEmail(email=email)
            user_id: str | None = str(response["user"]["id"])
        except SlackApiError as error:
            classified = _classify(error)
            if isinstance(classified, PermanentError):
                user_id = None  # users_not_found: fall back to plain text
            else:
                raise classified from None
        except Exception as error:
            # A lookup is a read: whatever happened, retrying it is harmless.
            raise TransientError(classify_connection_error(error).reason) from None
        with self._lock:
            self._user_ids[email] = user_id
        return user_id


def _classify(error: SlackApiError) -> TransientError | PermanentError | AmbiguousError:
    response = error.response
    status = int(getattr(response, "status_code", 200) or 200)
    headers = getattr(response, "headers", {}) or {}
    retry_after = retry_after_seconds(headers.get("Retry-After") or headers.get("retry-after"))
    code = str(response.get("error") or "unknown_error") if response is not None else "no_response"
    if status != 200:
        return classify_http_status(status, f"slack error {code}", retry_after)
    if code in TRANSIENT_SLACK_ERRORS:
        return TransientError(f"slack error {code}", retry_after, code == "ratelimited")
    return PermanentError(f"slack error {code}")
