"""Quiet hours in the recipient's time zone: a message due inside them waits.

A deferred action is recorded in the ledger as `deferred` with `not_before` (UTC, the
end of the window); the first run after that time gives it back (pending again), and it
is rendered, checked and sent like any other. Nothing in the transition log changes, so
follow-up timing stays exact. See docs/decisions/118-quiet-hours.md.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.exc import DBAPIError

from .config import QuietHoursConfig, QuietWindow, valid_time_zone
from .errors import TrigError
from .ledger import Outcome
from .pending import PendingAction
from .warehouse import Warehouse

PERSON_ATTRIBUTES = "trig_person_attributes"
ORGANISATION_ATTRIBUTES = "trig_organisation_attributes"


def quiet_until(now_utc: datetime, zone: ZoneInfo, window: QuietWindow) -> datetime | None:
    """The UTC time the window ends, when `now_utc` (naive UTC) is inside it; else None."""
    local = now_utc.replace(tzinfo=UTC).astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    start, end = window.start, window.end
    if start < end:
        inside = start <= clock < end
        end_day = local.date()
    else:  # overnight, e.g. 21:00-08:00
        inside = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    ends = datetime.combine(end_day, end, tzinfo=zone)
    return ends.astimezone(UTC).replace(tzinfo=None)


def describe(window: QuietWindow) -> str:
    return f"{window.start:%H:%M}-{window.end:%H:%M}"


class QuietHours:
    """Decides, per batch, which actions wait; reads recipients' time zones."""

    def __init__(self, warehouse: Warehouse, config: QuietHoursConfig) -> None:
        self.warehouse = warehouse
        self.config = config
        self.default_zone = ZoneInfo(config.default_time_zone)
        self._zones: dict[tuple[str, str], str] = {}
        # Time zone values that are not IANA names (the default applied instead).
        self.unknown_zones: set[str] = set()
        self._sources: list[tuple[str, str, str]] = []

    # ------------------------------------------------------------------ set-up

    def check(self, conn: Connection, object_names: set[str]) -> None:
        """Refuse settings that would silently never apply: an override for an object
        that has no actions, a time zone attribute no attribute table has."""
        for name in self.config.objects:
            if name not in object_names:
                nearest = difflib.get_close_matches(name, sorted(object_names), n=1)
                raise TrigError(
                    f"quiet_hours.objects.{name}: no job, behaviour or stage of that name "
                    "has actions in trig_pending_actions",
                    f"did you mean '{nearest[0]}'?" if nearest else "check the object's name",
                )
        attribute = self.config.time_zone_attribute
        if not attribute:
            return
        columns: set[str] = set()
        for entity, table, key in (
            ("person", PERSON_ATTRIBUTES, "person_id"),
            ("organisation", ORGANISATION_ATTRIBUTES, "organisation_id"),
        ):
            found = self._columns(conn, table)
            columns |= found
            if attribute in found:
                self._sources.append((entity, table, key))
        if not self._sources:
            nearest = difflib.get_close_matches(attribute, sorted(columns), n=1)
            raise TrigError(
                f"quiet_hours.time_zone_attribute: '{attribute}' is not an attribute of "
                f"{PERSON_ATTRIBUTES} or {ORGANISATION_ATTRIBUTES}",
                f"did you mean '{nearest[0]}'?" if nearest else "name an attribute column",
            )

    def _columns(self, conn: Connection, table: str) -> set[str]:
        relation = self.warehouse.table(table, runner_owned=False)
        try:
            result = conn.execute(text(f"select * from {relation} where 1 = 0"))
        except DBAPIError:  # no such relation (a project without the package's marts)
            conn.rollback()
            return set()
        return {str(name).lower() for name in list(result.keys())}

    # ------------------------------------------------------------------ per batch

    def load(self, conn: Connection, actions: list[PendingAction]) -> None:
        """Read the time zones of this batch's recipients (person first, then org)."""
        self._zones = {}
        attribute = self.config.time_zone_attribute
        if not attribute:
            return
        column = self.warehouse.engine.dialect.identifier_preparer.quote(attribute)
        for entity, table, key in self._sources:
            ids = sorted({i for a in actions if (i := _entity_key(a, entity))})
            if not ids:
                continue
            statement = text(
                f"select {key}, {column} from {self.warehouse.table(table, runner_owned=False)} "
                f"where {key} in :ids"
            ).bindparams(bindparam("ids", expanding=True))
            for entity_id, zone in conn.execute(statement, {"ids": ids}):
                if zone is not None and str(zone).strip():
                    self._zones[(entity, str(entity_id))] = str(zone).strip()

    def verdict(self, action: PendingAction, now_utc: datetime) -> Outcome | None:
        """A `deferred` outcome when the action's recipient is inside quiet hours."""
        if action.action_type not in self.config.channels:
            return None
        window = self.config.window_for(action.object_name)
        if window is None:
            return None
        zone_name, zone = self._zone(action)
        until = quiet_until(now_utc, zone, window)
        if until is None:
            return None
        local_end = until.replace(tzinfo=UTC).astimezone(zone)
        return Outcome(
            action.action_id,
            "deferred",
            error=f"quiet hours {describe(window)} in {zone_name}: waits until "
            f"{local_end:%Y-%m-%d %H:%M} local time ({until:%Y-%m-%d %H:%M} UTC)",
            not_before=until,
        )

    def _zone(self, action: PendingAction) -> tuple[str, ZoneInfo]:
        attribute = self.config.time_zone_attribute
        candidates = []
        if attribute and action.attributes.get(attribute):
            candidates.append(str(action.attributes[attribute]).strip())
        for entity in ("person", "organisation"):
            key = _entity_key(action, entity)
            if key and (entity, key) in self._zones:
                candidates.append(self._zones[(entity, key)])
        for name in candidates:
            if valid_time_zone(name):
                return name, ZoneInfo(name)
            self.unknown_zones.add(name[:60])
        return self.config.default_time_zone, self.default_zone


def _entity_key(action: PendingAction, entity: str) -> str | None:
    if entity == "person":
        return action.person_id or (action.entity_id if action.entity_type == "person" else None)
    return action.organisation_id or (
        action.entity_id if action.entity_type == "organisation" else None
    )


def release_due(conn: Connection, ledger_table: str, now_utc: datetime) -> int:
    """Deferred actions whose quiet hours are over become pending again."""
    released = conn.execute(
        text(f"delete from {ledger_table} where status = 'deferred' and not_before <= :now"),
        {"now": now_utc},
    ).rowcount
    conn.commit()
    return int(released)
