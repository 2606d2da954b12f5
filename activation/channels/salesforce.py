"""Salesforce field updates with `simple-salesforce` (PATCH: a repeat is harmless)."""

from __future__ import annotations

import threading
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceError

from ..channels.base import (
    ProviderChannel,
    classify_connection_error,
    classify_http_status,
)
from ..config import RetryConfig, SalesforceConfig
from ..messages.types import CrmUpdate
from ..pending import PendingAction
from ..throttle import Limits, Throttle, TransientError, retry_after_seconds

# simple-salesforce's errors drop the response headers; the adapter keeps the last
# response's Retry-After per sending thread so a long pause is honoured.
_last_retry_after = threading.local()


class _TimeoutAdapter(HTTPAdapter):
    """simple-salesforce has no timeout setting; the session supplies one."""

    def __init__(self, timeout: float, ca_bundle: str | None) -> None:
        super().__init__(max_retries=0)
        self.timeout = timeout
        self.ca_bundle = ca_bundle

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["timeout"] = kwargs.get("timeout") or self.timeout
        if self.ca_bundle:
            # REQUESTS_CA_BUNDLE would otherwise win over the session's setting.
            kwargs["verify"] = self.ca_bundle
        response = super().send(request, **kwargs)
        _last_retry_after.value = response.headers.get("Retry-After")
        return response


class SalesforceChannel(ProviderChannel):
    name = "salesforce"
    idempotent = True

    def __init__(self, config: SalesforceConfig, retries: RetryConfig) -> None:
        # Salesforce limits concurrent requests per org: bound what is in flight.
        super().__init__(retries, Throttle(Limits(max_concurrency=config.max_concurrency)))
        assert config.access_token is not None
        if not config.instance_url:
            raise ValueError("salesforce.instance_url is not set")
        session = requests.Session()
        adapter = _TimeoutAdapter(config.timeout_seconds, config.ca_bundle)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self.client = Salesforce(
            instance_url=config.instance_url,
            session_id=config.access_token.get_secret_value(),
            version=config.api_version,
            session=session,
        )

    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        update: CrmUpdate = rendered
        sobject = getattr(self.client, update.object_type)
        try:
            sobject.update(update.record_id, dict(update.properties))
        except SalesforceError as error:
            raise _classify(error) from None
        except Exception as error:
            raise classify_connection_error(error) from None
        return update.record_id


def _classify(error: SalesforceError) -> Exception:
    content = error.content
    code = message = ""
    if isinstance(content, list) and content and isinstance(content[0], dict):
        code = str(content[0].get("errorCode", ""))
        message = str(content[0].get("message", ""))
    if code == "REQUEST_LIMIT_EXCEEDED":
        # Concurrency limits clear in seconds (pacing); the daily API limit does not.
        pacing = "Concurrent" in message
        return TransientError(f"salesforce {code}: {message}", 1.0, rate_limited=pacing)
    return classify_http_status(
        int(error.status),
        f"{code} {message}".strip() or "no details",
        retry_after_seconds(getattr(_last_retry_after, "value", None)),
    )
