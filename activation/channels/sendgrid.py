"""Email through SendGrid's v3 mail send API, with the official `sendgrid` client."""

from __future__ import annotations

import json
from email.utils import parseaddr
from typing import Any

from python_http_client.exceptions import HTTPError
from sendgrid import SendGridAPIClient

from ..channels.base import (
    ProviderChannel,
    classify_connection_error,
    classify_http_status,
)
from ..channels.sendgrid_transport import KeepAliveClient, make_transport
from ..config import RetryConfig, SendGridConfig
from ..messages.types import EmailMessage
from ..pending import PendingAction
from ..throttle import Limits, Throttle, retry_after_seconds


class SendGridChannel(ProviderChannel):
    name = "sendgrid"

    def __init__(self, config: SendGridConfig, retries: RetryConfig, concurrency: int = 8) -> None:
        super().__init__(retries, Throttle(Limits()))
        assert config.api_key is not None
        self.timeout = config.timeout_seconds
        self.client = SendGridAPIClient(
            api_key=config.api_key.get_secret_value(), host=config.base_url.rstrip("/")
        )
        # Same client, pooled keep-alive connections (see sendgrid_transport.py).
        self.client.client = KeepAliveClient(
            host=self.client.host,
            request_headers=self.client._default_headers,
            version=3,
            transport=make_transport(max(16, concurrency), config.base_url),
        )
        # The client builds one object per path segment on every attribute access; the
        # endpoint is the same for every email, so it is built once.
        self.mail_send = self.client.client.mail.send

    def close(self) -> None:
        self.client.client.transport.close()

    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        message: EmailMessage = rendered
        try:
            response = self.mail_send.post(
                request_body=mail_body(action, message), timeout=self.timeout
            )
        except HTTPError as error:
            headers = error.headers or {}
            raise classify_http_status(
                error.status_code,
                _reason(error.body),
                retry_after_seconds(headers.get("Retry-After")),
            ) from None
        except OSError as error:  # URLError, timeouts, dropped connections
            raise classify_connection_error(error) from None
        except Exception as error:  # http.client errors that are not OSError
            raise classify_connection_error(error) from None
        return response.headers.get("X-Message-Id")


def mail_body(action: PendingAction, message: EmailMessage) -> dict[str, Any]:
    sender: dict[str, str] = {"email": message.sender_address}
    if message.sender_name:
        sender["name"] = message.sender_name
    body: dict[str, Any] = {
        "personalizations": [
            {"to": [{"email": message.to}], "custom_args": {"trig_action_id": action.action_id}}
        ],
        "from": sender,
        "subject": message.subject,
        # Plain text only: lifecycle emails should read like a person wrote them.
        "content": [{"type": "text/plain", "value": message.body}],
        "tracking_settings": {"click_tracking": {"enable": False}},
    }
    if message.reply_to:
        name, address = parseaddr(message.reply_to)
        body["reply_to"] = {"email": address, **({"name": name} if name else {})}
    headers = message.thread_headers()
    if headers:
        body["headers"] = headers
    return body


def _reason(body: bytes | str | None) -> str:
    """SendGrid errors look like {"errors": [{"message": ..., "field": ...}]}."""
    if not body:
        return "no details"
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        errors = json.loads(text).get("errors") or []
        return "; ".join(str(item.get("message")) for item in errors) or text[:200]
    except (ValueError, AttributeError):
        return text[:200]
