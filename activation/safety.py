"""Customer safety: the suppression list and the per-person frequency cap.

Both are checked for every email just before it is sent, across all jobs; a blocked
email is recorded in the ledger as `suppressed` or `capped`, never dropped silently.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import timedelta

from sqlalchemy import Connection, bindparam, text

from .config import FrequencyCapConfig
from .ledger import utc_now
from .pending import PendingAction
from .runner_tables import LEDGER, SUPPRESSIONS
from .warehouse import Warehouse


def recipient_hash(recipient: str | None) -> str | None:
    """Recipients are stored hashed in the ledger: the cap works, the address is not kept."""
    if recipient is None:
        return None
    return hashlib.sha256(recipient.strip().lower().encode()).hexdigest()


class SafetyChecks:
    def __init__(self, warehouse: Warehouse, cap: FrequencyCapConfig) -> None:
        self.warehouse = warehouse
        self.cap = cap
        self._suppressed: dict[str, str] = {}
        self._sent_in_window: Counter[str] = Counter()

    def load(self, conn: Connection, actions: list[PendingAction]) -> None:
        """Read the suppressions and recent sends that concern this batch's recipients."""
        emails = sorted(
            {
                a.recipient.strip().lower()
                for a in actions
                if a.action_type == "email" and a.recipient
            }
        )
        self._suppressed = {}
        self._sent_in_window = Counter()
        if not emails:
            return
        rows = conn.execute(
            text(
                f"select lower(email), min(reason) from {self.warehouse.table(SUPPRESSIONS)} "
                "where lower(email) in :emails group by lower(email)"
            ).bindparams(bindparam("emails", expanding=True)),
            {"emails": emails},
        )
        self._suppressed = {row[0]: row[1] or "manual" for row in rows}
        if self.cap.max_emails is None:
            return
        hashes = [recipient_hash(email) for email in emails]
        since = utc_now() - timedelta(days=self.cap.window_days)
        # `unknown` counts too: the email may well have been delivered.
        rows = conn.execute(
            text(
                f"select recipient_hash, count(*) from {self.warehouse.table(LEDGER)} "
                "where channel = 'email' and status in ('sent', 'unknown') "
                "and finished_at >= :since and recipient_hash in :hashes group by recipient_hash"
            ).bindparams(bindparam("hashes", expanding=True)),
            {"since": since, "hashes": hashes},
        )
        self._sent_in_window = Counter({row[0]: int(row[1]) for row in rows})

    def verdict(self, action: PendingAction) -> tuple[str, str] | None:
        """None when the email may go; else (status, reason). Allowed sends count at once."""
        if action.action_type != "email" or not action.recipient:
            return None
        address = action.recipient.strip().lower()
        if address in self._suppressed:
            return (
                "suppressed",
                f"recipient is on the suppression list ({self._suppressed[address]})",
            )
        if self.cap.max_emails is None:
            return None
        key = recipient_hash(address)
        assert key is not None
        if self._sent_in_window[key] >= self.cap.max_emails:
            return "capped", (
                f"frequency cap: {self.cap.max_emails} emails per {self.cap.window_days} days "
                "already reached for this person"
            )
        self._sent_in_window[key] += 1
        return None
