"""Input rows for scenarios: small, readable builders."""

from __future__ import annotations

from datetime import date, datetime


def org(organisation_id: str, **attributes: object) -> dict:
    row = {
        "organisation_id": organisation_id,
        "organisation_name": (organisation_id or "unnamed").upper(),
        "plan": "starter",
        "arr": 1200.0,
        "sign_up_date": date(2025, 3, 7),
        "csm_email": "csm@vendor.test",
        "invoices_created": 0,
    }
    row.update(attributes)
    return row


def person(person_id: str, organisation_id: str) -> dict:
    return {
        "person_id": person_id,
        "organisation_id": organisation_id,
        "email": f"{person_id}@{organisation_id}.test",
        "first_name": person_id.title(),
        "role": "admin",
    }


def event(
    event_id: str, name: str, at: str, organisation_id: str, person_id: str | None = None
) -> dict:
    return {
        "event_id": event_id,
        "event_name": name,
        "occurred_at": datetime.fromisoformat(at),
        "person_id": person_id,
        "organisation_id": organisation_id,
        "properties": None,
    }
