"""Choose the channel for each action type from the configuration.

A provider is used when its credentials are configured; otherwise the action goes to
the file outbox. Provider modules are imported only when needed (fast start-up).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..channels.base import Channel
from ..channels.outbox import OutboxChannel
from ..channels.warehouse_writes import WarehouseWriteChannel
from ..config import RunnerConfig
from ..logs import restore_provider_loggers
from ..warehouse import Warehouse

WAREHOUSE_ACTIONS = ("set_attribute", "route_to")
# Channels whose repeated call has the same effect: no intent row is needed, a rerun
# after a crash simply calls them again.
IDEMPOTENT_ACTIONS = ("hubspot", "salesforce", "webhook", *WAREHOUSE_ACTIONS)


class Channels:
    def __init__(self, config: RunnerConfig, warehouse: Warehouse) -> None:
        self.config = config
        self.warehouse_writes = WarehouseWriteChannel(warehouse)
        self._channels: dict[str, Channel] = {}
        self._lock = threading.Lock()

    def for_action(self, action_type: str) -> Channel:
        if action_type in WAREHOUSE_ACTIONS:
            return self.warehouse_writes
        with self._lock:
            if action_type not in self._channels:
                self._channels[action_type] = self._create(action_type)
            return self._channels[action_type]

    def describe(self, action_type: str) -> str:
        return self.for_action(action_type).name

    def close(self) -> None:
        for channel in self._channels.values():
            channel.close()

    def _create(self, action_type: str) -> Channel:
        factory = None if self.config.outbox_only else self._provider_factory(action_type)
        if factory is None:
            return OutboxChannel(self.config.outbox_dir, action_type)
        channel = factory()
        restore_provider_loggers()  # provider clients may have silenced their loggers
        return channel

    def _provider_factory(self, action_type: str) -> Callable[[], Channel] | None:
        config = self.config
        if action_type == "email" and config.sendgrid.api_key:
            from ..channels.sendgrid import SendGridChannel

            return lambda: SendGridChannel(config.sendgrid, config.retries, config.concurrency)
        if action_type == "slack" and config.slack.token:
            from ..channels.slack import SlackChannel

            return lambda: SlackChannel(config.slack, config.retries)
        if action_type == "hubspot" and config.hubspot.access_token:
            from ..channels.hubspot import HubSpotChannel

            return lambda: HubSpotChannel(config.hubspot, config.retries)
        if action_type == "salesforce" and config.salesforce.access_token:
            from ..channels.salesforce import SalesforceChannel

            return lambda: SalesforceChannel(config.salesforce, config.retries)
        if action_type == "webhook" and config.webhook.secret:
            from ..channels.webhook import WebhookChannel

            return lambda: WebhookChannel(config.webhook, config.retries)
        return None
