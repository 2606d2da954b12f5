"""Pull SendGrid's own suppression lists into `trig_suppressions` before sending.

People who unsubscribed, addresses that bounced and people who marked an email as spam
are recorded by SendGrid; copying them into the warehouse's suppression list (which
every email is checked against, across jobs) needs no human. The official client reads
`/v3/suppression/{unsubscribes,bounces,spam_reports}`, page by page; rows already
present (same address and reason) are not added again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, text

from .channels.sendgrid import SendGridChannel
from .ledger import utc_now
from .runner_tables import SUPPRESSIONS
from .warehouse import Warehouse

LISTS = (
    ("unsubscribes", "sendgrid unsubscribe"),
    ("bounces", "sendgrid bounce"),
    ("spam_reports", "sendgrid spam report"),
)


def pull_sendgrid_suppressions(
    channel: SendGridChannel, conn: Connection, warehouse: Warehouse, page_size: int
) -> int:
    """Add the provider's suppressions to the warehouse; returns the rows added."""
    rows = [
        {"email": address, "reason": reason}
        for path, reason in LISTS
        for address in _addresses(channel, path, page_size)
    ]
    if not rows:
        return 0
    table = warehouse.table(SUPPRESSIONS)
    now = utc_now()
    statement = text(
        f"insert into {table} (email, reason, created_at) select :email, :reason, :now "
        f"where not exists (select 1 from {table} s "
        "where lower(s.email) = :email and s.reason = :reason)"
    )
    added = 0
    for row in {(r["email"], r["reason"]): r for r in rows}.values():
        added += conn.execute(statement, {**row, "now": now}).rowcount
    conn.commit()
    return added


def _addresses(channel: SendGridChannel, path: str, page_size: int) -> Iterator[str]:
    endpoint = getattr(channel.client.client.suppression, path)
    offset = 0
    while True:
        response = endpoint.get(query_params={"limit": page_size, "offset": offset})
        page: list[dict[str, Any]] = json.loads(response.body or b"[]")
        for item in page:
            address = str(item.get("email") or "").strip().lower()
            if address:
                yield address
        if len(page) < page_size:
            return
        offset += page_size
