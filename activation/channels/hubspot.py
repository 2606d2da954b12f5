"""HubSpot CRM field updates with `hubspot-api-client` (PATCH: a repeat is harmless)."""

from __future__ import annotations

import json
from typing import Any

from hubspot import HubSpot
from hubspot.crm.objects import ApiException, SimplePublicObjectInput
from urllib3.util.retry import Retry

from ..channels.base import (
    ProviderChannel,
    classify_connection_error,
    classify_http_status,
)
from ..config import HubSpotConfig, RetryConfig
from ..messages.render import format_value
from ..messages.types import CrmUpdate
from ..pending import PendingAction
from ..throttle import Limits, Throttle, retry_after_seconds


class HubSpotChannel(ProviderChannel):
    name = "hubspot"
    idempotent = True

    def __init__(self, config: HubSpotConfig, retries: RetryConfig) -> None:
        # HubSpot's burst limit is per 10 seconds per app.
        super().__init__(
            retries,
            Throttle(Limits(window_calls=config.requests_per_10_seconds, window_seconds=10)),
        )
        assert config.access_token is not None
        client = HubSpot(
            access_token=config.access_token.get_secret_value(),
            host=config.host.rstrip("/"),
            retry=Retry(total=0, raise_on_status=False),  # retries are ours (tenacity)
        )
        self.api = client.crm.objects.basic_api
        self.timeout = config.timeout_seconds

    def attempt(self, action: PendingAction, rendered: Any) -> str | None:
        update: CrmUpdate = rendered
        properties = {name: format_value(value) for name, value in update.properties.items()}
        try:
            result = self.api.update(
                update.object_type,
                update.record_id,
                simple_public_object_input=SimplePublicObjectInput(properties=properties),
                _request_timeout=self.timeout,
            )
        except ApiException as error:
            headers = error.headers or {}
            raise classify_http_status(
                int(error.status or 0),
                _reason(error.body),
                retry_after_seconds(headers.get("Retry-After")),
            ) from None
        except Exception as error:
            raise classify_connection_error(error) from None
        return str(getattr(result, "id", update.record_id))


def _reason(body: Any) -> str:
    try:
        data = json.loads(body)
        return f"{data.get('category', '')} {data.get('message', '')}".strip()
    except (TypeError, ValueError, AttributeError):
        return str(body)[:200] if body else "no details"
