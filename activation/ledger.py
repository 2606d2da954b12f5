"""The delivery ledger: claims before sending, intent before each provider call, outcomes.

Life of a row (one per action_id, see docs/decisions/101-ledger-claim-intent-outcome.md):

    claimed, attempts=0   reserved by a runner; no provider has been called yet
    claimed, attempts=1   intent written: a provider call is (or was) in progress
    sent | failed | skipped | suppressed | capped | shadow   final outcome
    unknown               the runner died after writing the intent: never resent blindly

A claim whose runner died is released (deleted, so the action is pending again) when
attempts=0, and marked `unknown` when attempts=1.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, text

from .pending import PENDING_COLUMNS, PendingAction, Selection
from .runner_tables import LEDGER, PENDING
from .warehouse import Warehouse

FINAL_STATUSES = ("sent", "failed", "unknown", "suppressed", "capped", "shadow", "skipped")
# Not final: a later run gives it back once `not_before` has passed (quiet hours).
DEFERRED = "deferred"
REPLAYABLE_STATUSES = ("failed", "unknown", "skipped", "capped", "suppressed")
# Drivers that bind a Python list as one array parameter.
ARRAY_PARAM_DIALECTS = ("duckdb", "postgresql")
OUTCOME_ARRAYS = (
    ("a", "varchar", "action_id"),
    ("s", "varchar", "status"),
    ("n", "integer", "attempts"),
    ("p", "varchar", "pmid"),
    ("e", "varchar", "error"),
    ("h", "varchar", "rh"),
    ("b", "timestamp", "nb"),
)
OUTCOME_VALUE_TYPES = (
    ("a", "varchar"),
    ("s", "varchar"),
    ("n", "integer"),
    ("p", "varchar"),
    ("e", "varchar"),
    ("f", "timestamp"),
    ("h", "varchar"),
    ("b", "timestamp"),
)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_runner_id() -> str:
    """host/pid/nonce: lets a rerun on the same host prove a previous runner is dead."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Outcome:
    action_id: str
    status: str
    attempts: int = 0
    provider_message_id: str | None = None
    error: str | None = None
    recipient_hash: str | None = None
    # For `deferred` (quiet hours): the UTC time from which a run may send it.
    not_before: datetime | None = None


class Ledger:
    def __init__(self, warehouse: Warehouse, runner_id: str | None = None) -> None:
        self.warehouse = warehouse
        self.runner_id = runner_id or new_runner_id()
        self.ledger = warehouse.table(LEDGER)
        self.pending = warehouse.table(PENDING, runner_owned=False)
        self.array_params = warehouse.dialect_name in ARRAY_PARAM_DIALECTS
        # DuckDB cannot use the unique index for a list of ids: every intent and outcome
        # statement would scan the whole ledger, which grows with every run. The rowids
        # of this runner's claims bound the scan to a range (ADR 117); a statement that
        # touches fewer rows than expected is repeated without the hint.
        self.row_hints = warehouse.dialect_name == "duckdb"
        self._rowids: dict[str, int] = {}
        # Where this run's claims have reached, in claim order (occurred_at, action_id):
        # every later claim starts after it instead of walking past the rows this run
        # (or a concurrent one) already claimed, which made a run quadratic in its backlog.
        # An action before it that becomes claimable again is left to the next run.
        self._claimed_up_to: tuple[Any, str] | None = None

    # ------------------------------------------------------------------ reading

    def pending_rows(
        self, conn: Connection, selection: Selection, limit: int | None
    ) -> list[PendingAction]:
        """Pending actions without claiming them (dry-run, preview)."""
        params: dict[str, Any] = {}
        sql = (
            f"select {self._columns('p')} from {self.pending} p "
            f"where {self._not_in_ledger('p')} and {selection.sql('p', params)} "
            "order by p.occurred_at, p.action_id"
        )
        if limit is not None:
            sql += " limit :limit"
            params["limit"] = limit
        return _unique_actions(conn.execute(text(sql), params))

    def count_pending(self, conn: Connection, selection: Selection) -> int:
        params: dict[str, Any] = {}
        sql = (
            f"select count(distinct p.action_id) from {self.pending} p "
            f"where {self._not_in_ledger('p')} and {selection.sql('p', params)}"
        )
        return int(conn.execute(text(sql), params).scalar_one())

    # ------------------------------------------------------------------ claims

    def claim_batch(
        self,
        conn: Connection,
        selection: Selection,
        limit: int,
        exclude_channels: tuple[str, ...] = (),
    ) -> tuple[int, list[PendingAction]]:
        """Claim up to `limit` pending actions. Returns (candidates seen, actions now ours).

        Another runner may win some or all candidates; the caller loops while candidates
        were seen, so contention costs a retry, never a double send. `exclude_channels`
        are action types this run no longer sends (their provider asked for a long pause).
        """
        params: dict[str, Any] = {"limit": limit}
        excluded = ""
        for index, channel in enumerate(exclude_channels):
            params[f"exclude_{index}"] = channel
            excluded += f" and p.action_type <> :exclude_{index}"
        candidate_sql = (
            f"select p.action_id, p.occurred_at from {self.pending} p "
            f"where {self._not_in_ledger('p')} and {selection.sql('p', params)}{excluded}"
            f"{self._after_claimed(params)} "
            # A top-N, not a GROUP BY: memory stays bounded by the batch, not the backlog.
            "order by p.occurred_at, p.action_id limit :limit"
        )
        candidates = conn.execute(text(candidate_sql), params).fetchall()
        conn.commit()
        if not candidates:
            return 0, []
        last = candidates[-1]
        # (a row without a time sorts last: no cursor can be past it)
        self._claimed_up_to = (
            None if last.occurred_at is None else (last.occurred_at, str(last.action_id))
        )
        ids = list(dict.fromkeys(row.action_id for row in candidates))
        self._insert_claims(conn, ids)
        rowid = ", l.rowid as ledger_rowid" if self.row_hints else ""
        owned_sql = self._with_ids(
            f"select {self._columns('p')}{rowid} from {self.pending} p "
            f"join {self.ledger} l on l.action_id = p.action_id "
            "where l.runner_id = :runner and l.status = 'claimed' and l.attempts = 0 "
            "and p.action_id in :ids order by p.occurred_at, p.action_id"
        )
        rows = conn.execute(owned_sql, {"runner": self.runner_id, "ids": ids}).fetchall()
        if self.row_hints:
            self._rowids.update((str(row.action_id), int(row.ledger_rowid)) for row in rows)
        actions = _unique_actions(rows)
        conn.commit()
        return len(ids), actions

    def _after_claimed(self, params: dict[str, Any]) -> str:
        if self._claimed_up_to is None:
            return ""
        params["after_at"], params["after_id"] = self._claimed_up_to
        return (
            " and (p.occurred_at > :after_at"
            " or (p.occurred_at = :after_at and p.action_id > :after_id))"
        )

    def _insert_claims(self, conn: Connection, ids: list[str]) -> None:
        source = (
            f"select p.action_id, min(p.action_type) as channel, "
            f"min(p.object_name) as object_name, min(p.transition_type) as transition_type, "
            f"min(p.entity_id) as entity_id from {self.pending} p "
            "where p.action_id in :ids group by p.action_id"
        )
        columns = (
            "action_id, status, attempts, channel, runner_id, claimed_at, "
            "object_name, transition_type, entity_id"
        )
        values = (
            "s.action_id, 'claimed', 0, s.channel, :runner, :now, "
            "s.object_name, s.transition_type, s.entity_id"
        )
        if self.warehouse.enforces_unique:
            sql = (
                f"insert into {self.ledger} ({columns}) select {values} from ({source}) s "
                "on conflict (action_id) do nothing"
            )
        else:
            # Warehouses without enforced keys: MERGE is serialised per table by
            # Snowflake, Redshift and BigQuery, so only one runner inserts each id.
            sql = (
                f"merge into {self.ledger} l using ({source}) s on l.action_id = s.action_id "
                f"when not matched then insert ({columns}) values ({values})"
            )
        statement = self._with_ids(sql)
        conn.execute(statement, {"ids": ids, "runner": self.runner_id, "now": utc_now()})
        conn.commit()

    def write_intent(self, conn: Connection, ids: list[str]) -> set[str]:
        """Mark a provider call as starting; returns the ids still ours (safe to call)."""
        if not ids:
            conn.commit()  # whatever the caller left open (outcomes) is committed too
            return set()
        sql = (
            f"update {self.ledger} set attempts = 1, claimed_at = :now "
            "where runner_id = :runner and status = 'claimed' and attempts = 0 "
            "and action_id in :ids"
        )
        params = {"ids": ids, "runner": self.runner_id, "now": utc_now()}
        updated = self._execute_hinted(conn, sql, params, ids, len(ids))
        conn.commit()
        if updated == len(ids):
            return set(ids)
        return self._intended(conn, ids)

    def _intended(self, conn: Connection, ids: list[str]) -> set[str]:
        """The ids whose intent this runner holds (some were taken by a recovery)."""
        check = self._with_ids(
            f"select action_id from {self.ledger} where runner_id = :runner "
            "and status = 'claimed' and attempts = 1 and action_id in :ids"
        )
        return {row[0] for row in conn.execute(check, {"runner": self.runner_id, "ids": ids})}

    def record_outcomes(
        self, conn: Connection, outcomes: list[Outcome], commit: bool = True
    ) -> None:
        """Write final statuses for actions this runner claimed (one statement).

        `commit=False` leaves the transaction open for the caller's next statement (the
        send pipeline commits outcomes together with the next chunk's intent).
        """
        if not outcomes:
            return
        if self.array_params:
            sql, params = self._outcomes_as_arrays(outcomes)
            ids = [o.action_id for o in outcomes]
            self._execute_hinted(conn, sql, params, ids, len(set(ids)), with_ids=False)
        else:
            sql, params = self._outcomes_as_values(outcomes)
            conn.execute(text(sql), params)
        for outcome in outcomes:
            self._rowids.pop(outcome.action_id, None)
        if commit:
            conn.commit()

    def _outcomes_as_arrays(
        self,
        outcomes: list[Outcome],
        intents: Sequence[str] = (),
    ) -> tuple[str, dict[str, Any]]:
        """One array parameter per column: the statement costs the same for 10 or 1,000
        rows (a VALUES list makes the binder work per value).

        `intents` are claims whose provider call starts next (status stays `claimed`,
        attempts becomes 1): one statement then records a chunk's finished outcomes and
        the next chunk's intent (ADR 117)."""
        now = utc_now()
        intent_nulls = [None] * len(intents)
        params: dict[str, Any] = {
            "runner": self.runner_id,
            "now": now,
            "a": [o.action_id for o in outcomes] + list(intents),
            "s": [o.status for o in outcomes] + intent_nulls,
            "n": [o.attempts for o in outcomes] + [1] * len(intents),
            "p": [o.provider_message_id for o in outcomes] + intent_nulls,
            "e": [None if o.error is None else o.error[:1000] for o in outcomes] + intent_nulls,
            "h": [o.recipient_hash for o in outcomes] + intent_nulls,
            "b": [o.not_before for o in outcomes] + intent_nulls,
        }
        columns = ", ".join(
            f"unnest(cast(:{name} as {kind}[])) as {alias}" for name, kind, alias in OUTCOME_ARRAYS
        )
        ledger = self.ledger
        sql = (
            f"update {ledger} set status = coalesce(v.status, {ledger}.status), "
            "attempts = v.attempts, provider_message_id = v.pmid, error = v.error, "
            f"finished_at = case when v.status is null then {ledger}.finished_at else :now end, "
            f"claimed_at = case when v.status is null then :now else {ledger}.claimed_at end, "
            f"recipient_hash = v.rh, not_before = v.nb from (select {columns}) as v "
            f"where {ledger}.action_id = v.action_id and {ledger}.runner_id = :runner "
            # an intent only for a claim still waiting for its call (ADR 101)
            f"and (v.status is not null or ({ledger}.status = 'claimed' "
            f"and {ledger}.attempts = 0))"
        )
        return sql, params

    def record_and_intend(
        self, conn: Connection, outcomes: list[Outcome], intents: list[str]
    ) -> set[str]:
        """Record `outcomes` and write the intent of `intents` in one statement and one
        commit, before any call of `intents` starts; returns the intents still ours."""
        if not self.array_params or not outcomes or not intents:
            self.record_outcomes(conn, outcomes, commit=False)
            return self.write_intent(conn, intents)
        sql, params = self._outcomes_as_arrays(outcomes, intents)
        outcome_ids = {o.action_id for o in outcomes}
        expected = len(outcome_ids) + len(intents)
        ids = [*outcome_ids, *intents]
        updated = self._execute_hinted(conn, sql, params, ids, expected, with_ids=False)
        conn.commit()
        for action_id in outcome_ids:
            self._rowids.pop(action_id, None)
        if updated == expected:
            return set(intents)
        return self._intended(conn, intents)

    def _outcomes_as_values(self, outcomes: list[Outcome]) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"runner": self.runner_id}
        rows = []
        finished_at = utc_now()
        for i, outcome in enumerate(outcomes):
            # Types come from the first row; casting every row costs DuckDB's binder dearly.
            row = ", ".join(
                f"cast(:{name}{i} as {kind})" if i == 0 else f":{name}{i}"
                for name, kind in OUTCOME_VALUE_TYPES
            )
            rows.append(f"({row})")
            params.update(
                {
                    f"a{i}": outcome.action_id,
                    f"s{i}": outcome.status,
                    f"n{i}": outcome.attempts,
                    f"p{i}": outcome.provider_message_id,
                    f"e{i}": None if outcome.error is None else outcome.error[:1000],
                    f"f{i}": finished_at,
                    f"h{i}": outcome.recipient_hash,
                    f"b{i}": outcome.not_before,
                }
            )
        sql = (
            f"update {self.ledger} set status = v.status, attempts = v.attempts, "
            "provider_message_id = v.pmid, error = v.error, finished_at = v.finished_at, "
            "recipient_hash = v.rh, not_before = v.nb from (values " + ", ".join(rows) + ") "
            "as v(action_id, status, attempts, pmid, error, finished_at, rh, nb) "
            f"where {self.ledger}.action_id = v.action_id and {self.ledger}.runner_id = :runner"
        )
        return sql, params

    def _execute_hinted(
        self,
        conn: Connection,
        sql: str,
        params: dict[str, Any],
        ids: list[str],
        expected: int,
        with_ids: bool = True,
    ) -> int:
        """Run an update of this runner's claims `ids`, first within their rowid range.

        Rowids of a DuckDB table can move when a checkpoint compacts deleted rows; then
        the hinted statement matches fewer rows and the plain one finishes the work (both
        only set the same final values, so running twice is harmless)."""
        rowids = [self._rowids[i] for i in ids if i in self._rowids] if self.row_hints else []
        if rowids and len(rowids) == len(ids):
            hinted = sql.replace(
                "where ",
                f"where {self.ledger}.rowid between :low_rowid and :high_rowid and ",
                1,
            )
            hinted_params = {**params, "low_rowid": min(rowids), "high_rowid": max(rowids)}
            statement = self._with_ids(hinted) if with_ids else text(hinted)
            updated = conn.execute(statement, hinted_params).rowcount
            if updated >= expected:
                return int(updated)
        statement = self._with_ids(sql) if with_ids else text(sql)
        return int(conn.execute(statement, params).rowcount)

    def _with_ids(self, sql: str) -> TextClause:
        """A statement whose `in :ids` takes a list of action ids: one array parameter
        where the driver binds arrays (DuckDB, PostgreSQL), else one parameter per id."""
        if self.array_params:
            return text(sql.replace("in :ids", "in (select unnest(cast(:ids as varchar[])))"))
        return text(sql).bindparams(bindparam("ids", expanding=True))

    def release(self, conn: Connection, ids: list[str], attempted: bool = False) -> None:
        """Give back claims never attempted (e.g. --limit reached, interrupted).

        `attempted` also releases claims whose intent was written: only for calls the
        provider refused without acting (a 429/503 asking for a long pause) or never saw.
        """
        if not ids:
            return
        for action_id in ids:
            self._rowids.pop(action_id, None)
        attempts = "" if attempted else "and attempts = 0 "
        statement = self._with_ids(
            f"delete from {self.ledger} where runner_id = :runner and status = 'claimed' "
            f"{attempts}and action_id in :ids"
        )
        conn.execute(statement, {"runner": self.runner_id, "ids": ids})
        conn.commit()

    # ------------------------------------------------------------------ recovery

    def recover_abandoned(self, conn: Connection, lease_seconds: int) -> tuple[int, int]:
        """Release or mark `unknown` the claims of dead runners. Returns (released, unknown)."""
        rows = conn.execute(
            text(
                f"select distinct runner_id from {self.ledger} where status = 'claimed' "
                "and runner_id <> :runner"
            ),
            {"runner": self.runner_id},
        ).fetchall()
        dead = [row[0] for row in rows if runner_is_dead_here(row[0])]
        cutoff = utc_now() - timedelta(seconds=lease_seconds)
        released = unknown = 0
        for condition, params in self._abandoned_conditions(dead, cutoff):
            released += conn.execute(
                text(
                    f"delete from {self.ledger} where status = 'claimed' and attempts = 0 "
                    f"and {condition}"
                ),
                params,
            ).rowcount
            unknown += conn.execute(
                text(
                    f"update {self.ledger} set status = 'unknown', finished_at = :now, "
                    "error = 'the runner stopped during the provider call; the outcome is "
                    "unknown, so it is not resent (trig replay re-queues it)' "
                    f"where status = 'claimed' and attempts > 0 and {condition}"
                ),
                {**params, "now": utc_now()},
            ).rowcount
        conn.commit()
        return released, unknown

    def _abandoned_conditions(
        self, dead_runners: list[str], cutoff: datetime
    ) -> list[tuple[str, dict[str, Any]]]:
        conditions: list[tuple[str, dict[str, Any]]] = [
            (
                "claimed_at < :cutoff and runner_id <> :runner",
                {"cutoff": cutoff, "runner": self.runner_id},
            )
        ]
        for runner_id in dead_runners:
            conditions.append(("runner_id = :dead", {"dead": runner_id}))
        return conditions

    # ------------------------------------------------------------------ replay, status

    def replay(
        self,
        conn: Connection,
        statuses: tuple[str, ...],
        selection: Selection,
        action_ids: tuple[str, ...] = (),
    ) -> int:
        """Delete final rows so their actions are pending again."""
        params: dict[str, Any] = {"statuses": list(statuses)}
        condition = selection.sql("l", params, {"action_type": "channel"})
        sql = f"delete from {self.ledger} l where l.status in :statuses and {condition}"
        binds: list[Any] = [bindparam("statuses", expanding=True)]
        if action_ids:
            sql += " and l.action_id in :ids"
            params["ids"] = list(action_ids)
            binds.append(bindparam("ids", expanding=True))
        count = conn.execute(text(sql).bindparams(*binds), params).rowcount
        conn.commit()
        return int(count)

    def status_counts(self, conn: Connection, selection: Selection) -> list[dict[str, Any]]:
        params: dict[str, Any] = {}
        recorded = conn.execute(
            text(
                f"select l.object_name, l.channel, l.status, count(*) from {self.ledger} l "
                f"where {selection.sql('l', params, {'action_type': 'channel'})} "
                "group by l.object_name, l.channel, l.status"
            ),
            params,
        ).fetchall()
        params = {}
        pending = conn.execute(
            text(
                f"select p.object_name, p.action_type, 'pending', count(distinct p.action_id) "
                f"from {self.pending} p where {self._not_in_ledger('p')} "
                f"and {selection.sql('p', params)} group by p.object_name, p.action_type"
            ),
            params,
        ).fetchall()
        return [
            {"object_name": row[0], "channel": row[1], "status": row[2], "count": int(row[3])}
            for row in [*pending, *recorded]
        ]

    def inherit_entry_senders(self, conn: Connection, actions: list[PendingAction]) -> None:
        """A follow-up declared without a sender replies as the entry email's sender.

        Follow-ups are replies in the entry email's thread (same `thread_key`), so the
        YAML may omit `from` on them; the entry email's row is still in the relation.
        """
        orphans = [
            a
            for a in actions
            if a.action_type == "email"
            and a.thread_key
            and a.transition_type != "entered"
            and not _has_sender(a.config)
        ]
        if not orphans:
            return
        statement = text(
            f"select thread_key, action_config from {self.pending} "
            "where action_type = 'email' and transition_type = 'entered' "
            "and thread_key in :keys"
        ).bindparams(bindparam("keys", expanding=True))
        keys = sorted({a.thread_key for a in orphans if a.thread_key})
        entries: dict[str, dict[str, Any]] = {}
        for thread_key, raw in conn.execute(statement, {"keys": keys}):
            try:
                entries[str(thread_key)] = json.loads(str(raw))
            except ValueError:
                continue
        for action in orphans:
            entry = entries.get(action.thread_key or "", {})
            for key in ("from", "from_attribute", "reply_to"):
                if entry.get(key) and not action.config.get(key):
                    action.config[key] = entry[key]

    # ------------------------------------------------------------------ helpers

    def _not_in_ledger(self, alias: str) -> str:
        return f"not exists (select 1 from {self.ledger} l where l.action_id = {alias}.action_id)"

    @staticmethod
    def _columns(alias: str) -> str:
        return ", ".join(f"{alias}.{column}" for column in PENDING_COLUMNS)


def _has_sender(config: dict[str, Any]) -> bool:
    return bool(config.get("from") or config.get("from_attribute"))


def runner_is_dead_here(runner_id: str) -> bool:
    """True only when the runner ran on this host and its process no longer exists."""
    host, _, rest = runner_id.partition("/")
    pid_text = rest.partition("/")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _unique_actions(rows: Any) -> list[PendingAction]:
    seen: set[str] = set()
    actions = []
    for row in rows:
        action = PendingAction.from_row(row)
        if action.action_id not in seen:
            seen.add(action.action_id)
            actions.append(action)
    return actions
