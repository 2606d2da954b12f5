"""set_attribute and route_to: rows written to runner-owned tables that the models read.

Inserts are keyed on action_id (insert if absent), so a rerun after a crash writes
nothing twice. They run on the batch's own connection, in the runner's main thread.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from ..channels.base import Channel, DeliveryResult
from ..ledger import utc_now
from ..messages.types import AttributeWrite, Rendered, RouteRequest
from ..pending import PendingAction
from ..runner_tables import ATTRIBUTE_WRITES, ROUTES
from ..warehouse import Warehouse


class WarehouseWriteChannel(Channel):
    name = "warehouse"

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.connection: Connection | None = None

    def send(self, action: PendingAction, rendered: Rendered) -> DeliveryResult:
        assert self.connection is not None, "bind a connection before sending"
        if isinstance(rendered, AttributeWrite):
            self._insert_attribute(self.connection, action, rendered)
        elif isinstance(rendered, RouteRequest):
            self._insert_route(self.connection, action, rendered)
        else:
            raise TypeError(f"not a warehouse write: {type(rendered).__name__}")
        return DeliveryResult("sent", provider_message_id=action.action_id, attempts=1)

    def _insert_attribute(
        self, conn: Connection, action: PendingAction, write: AttributeWrite
    ) -> None:
        table = self.warehouse.table(ATTRIBUTE_WRITES)
        conn.execute(
            text(
                f"insert into {table} (action_id, entity_type, entity_id, attribute_name, "
                "attribute_value, written_at, occurred_at) "
                "select :action_id, :entity_type, :entity_id, :name, :value, :now, :occurred_at "
                f"where not exists (select 1 from {table} where action_id = :action_id)"
            ),
            {
                "action_id": action.action_id,
                "entity_type": action.entity_type,
                "entity_id": action.entity_id,
                "name": write.attribute,
                "value": write.value_json,
                "now": utc_now(),
                "occurred_at": action.occurred_at,
            },
        )
        conn.commit()

    def _insert_route(self, conn: Connection, action: PendingAction, route: RouteRequest) -> None:
        table = self.warehouse.table(ROUTES)
        conn.execute(
            text(
                f"insert into {table} (action_id, entity_type, entity_id, target_object, "
                "occurred_at, written_at) "
                "select :action_id, :entity_type, :entity_id, :target, :occurred_at, :now "
                f"where not exists (select 1 from {table} where action_id = :action_id)"
            ),
            {
                "action_id": action.action_id,
                "entity_type": action.entity_type,
                "entity_id": action.entity_id,
                "target": route.target_object,
                "occurred_at": action.occurred_at,
                "now": utc_now(),
            },
        )
        conn.commit()
