"""Webhooks: a JSON POST signed with HMAC-SHA256, keyed for idempotency by action_id.

Signature: `X-Trig-Signature: sha256=<hex hmac(secret, timestamp + "." + body)>` with
`X-Trig-Timestamp`; the receiver recomputes it and rejects stale timestamps. The
`Idempotency-Key` header is the action_id, so a retried POST can be recognised.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import requests

from ..channels.base import (
    ProviderChannel,
    classify_connection_error,
    classify_http_status,
)
from ..config import RetryConfig, WebhookConfig
from ..messages.types import WebhookRequest
from ..pending import PendingAction
from ..throttle import Limits, Throttle, retry_after_seconds


class WebhookChannel(ProviderChannel):
    name = "webhook"
    idempotent = True

    def __init__(self, config: WebhookConfig, retries: RetryConfig) -> None:
        super().__init__(retries, Throttle(Limits()))
        assert config.secret is not None
        self.secret = config.secret.get_secret_value().encode()
        self.signature_header = config.signature_header
        self.timeout = config.timeout_seconds
        self.session = requests.Session()

    def throttle_key(self, rendered: Any) -> str:
        return str(rendered.url)

    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        request: WebhookRequest = rendered
        body = json.dumps(request.payload, sort_keys=True, default=str).encode()
        timestamp = str(int(time.time()))
        signature = hmac.new(self.secret, timestamp.encode() + b"." + body, hashlib.sha256)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": action.action_id,
            "X-Trig-Timestamp": timestamp,
            self.signature_header: f"sha256={signature.hexdigest()}",
        }
        try:
            response = self.session.post(
                request.url,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            raise classify_connection_error(error) from None
        if response.status_code >= 300:
            raise classify_http_status(
                response.status_code,
                response.reason or "",
                retry_after_seconds(response.headers.get("Retry-After")),
            )
        return action.action_id

    def close(self) -> None:
        self.session.close()
