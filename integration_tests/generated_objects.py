"""Deterministic generator of many lifecycle objects over the synthetic data.

``generated_objects(n)`` returns dbt model entries (``{"name", "config": {"meta":
{"trig": ...}}}``) whose object count (objectives included, as the engine counts
them) is exactly ``n``. The same ``n``, ``seed`` and ``live_from`` always give the
same objects. They are written the way a customer would write them and mix what real
projects hold: stages with 4 to 7 objectives, behaviours ("first time X", with or
without entry criteria, windowed counts), organisation and person cohorts, and jobs
with audiences, exclusions, goals, durations, re-entry, follow-ups and actions. Their
criteria combine attribute conditions (every operator family), relative dates, event
counts since entry and within a window (with property filters), cohort membership and
references to generated attributes of earlier generated objects
(``currently_member_of_X``, ``last_completion_of_X``, ...), on both entities, over the
columns and events of integration_tests/synthetic.py.

References only point backwards (to objects generated before), so the generated
project has no reference cycles, and only to objects of the same entity.

Used by benchmarks/bench_engine.py (40 hand-written objects plus generated ones) and
tests/engine/test_many_objects.py. Names are ``g<index>_<kind>`` (objectives
``g<index>_o<k>``): valid identifiers, unique, far below the 43-character limit.
"""

from __future__ import annotations

import ast
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# integration_tests is a dbt project, not a package: its scripts import each other by
# directory, as the benchmarks and tests/portability do
sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

Model = dict[str, Any]
Spec = dict[str, Any]


def _property_choices() -> dict[str, dict[str, list[str]]]:
    """Event -> property -> the values synthetic.py draws from (amounts excluded)."""
    catalogue: dict[str, dict[str, list[str]]] = {}
    for event, fields in synthetic.PROPERTIES.items():
        catalogue[event] = {key: sorted(set(ast.literal_eval(choices)))
                            for key, choices in fields if choices is not None}
    return catalogue


EVENT_PROPERTIES = _property_choices()
EVENTS = sorted(EVENT_PROPERTIES)
# events people do (payments arrive from billing, organisation only; sign-up once)
PERSON_EVENTS = [e for e in EVENTS if e not in ("payment_received", "signed_up")]
USAGE_EVENTS = [e for e in EVENTS if e != "signed_up"]

PLANS = ["free", "starter", "pro", "enterprise"]
COUNTRIES = ["US", "GB", "DE", "FR", "NL", "CA", "AU", "ES", "IE", "SE"]
INDUSTRIES = ["accounting", "agency", "construction", "healthcare", "legal", "retail",
              "software"]
ROLES = ["admin", "accountant", "manager", "member", "viewer"]

EMAIL = {"from": "Lee at Ledgerly <lee@ledgerly.example>", "subject": "A quick tip",
         "body": "Hi {first_name}, ..."}
OWNER_EMAIL = {**EMAIL, "to": "owner_email", "body": "Hi {owner_first_name}, ..."}
SLACK_CS = {"slack": {"channel": "#cs", "text": "@{csm_email} {organisation_name} needs a look"}}


@dataclass
class _State:
    """What earlier units produced, so later ones can reference them."""

    rng: random.Random
    live_from: str | None
    cohorts: dict[str, list[str]] = field(
        default_factory=lambda: {"organisation": [], "person": []})
    # objects with generated attributes (stages, objectives, behaviours, jobs)
    episodic: dict[str, list[str]] = field(
        default_factory=lambda: {"organisation": [], "person": []})
    jobs: dict[str, list[str]] = field(
        default_factory=lambda: {"organisation": [], "person": []})

    def pick(self, options: list[Any]) -> Any:
        return options[self.rng.randrange(len(options))]

    def history(self) -> dict[str, str]:
        return {"live_from": self.live_from} if self.live_from else {}


def _obj(name: str, **spec: Any) -> Model:
    return {"name": name, "config": {"meta": {"trig": spec}}}


# --------------------------------------------------------------------- conditions
def _event_leaf(s: _State, entity: str, *, count: bool = False, window: bool = False,
                filtered: bool | None = None) -> Spec:
    event = s.pick(USAGE_EVENTS if entity == "organisation" else PERSON_EVENTS)
    leaf: Spec = {"event": event}
    properties = EVENT_PROPERTIES[event]
    if properties and (filtered if filtered is not None else s.rng.random() < 0.4):
        key = s.pick(sorted(properties))
        leaf["where"] = {key: s.pick(properties[key])}
    if count:
        leaf["at_least"] = s.rng.randint(2, 5)
    if window:
        leaf["within_last"] = f"{s.pick([3, 7, 14, 30])} days"
    return leaf


def _org_attribute(s: _State) -> Spec:
    choices: list[Callable[[], Spec]] = [
        lambda: {"plan": s.pick(PLANS)},
        lambda: {"plan": {"in": s.rng.sample(PLANS, 2)}},
        lambda: {"plan": {"not_in": ["free"]}},
        lambda: {"country": {"in": s.rng.sample(COUNTRIES, 3)}},
        lambda: {"industry": {"!=": s.pick(INDUSTRIES)}},
        lambda: {"employees": {"at_least": s.pick([5, 20, 100])}},
        lambda: {"arr": {"greater_than": s.pick([0, 5000, 20000])}},
        lambda: {"arr": {"at_most": s.pick([3000, 12000])}},
        lambda: {"csm_email": {"has_any_value": True}},
        lambda: {"renewal_date": {"within_next": f"{s.pick([30, 90, 180])} days"}},
        lambda: {"sign_up_date": {"more_than": f"{s.pick([7, 30, 60])} days ago"}},
        lambda: {"sign_up_date": {"less_than": f"{s.pick([30, 90])} days ago"}},
        lambda: {"last_login_at": {"more_than": f"{s.pick([14, 30])} days ago"}},
        lambda: {"is_churned": False},
        lambda: {"organisation_name": {"contains": s.pick(["Ledger", "Labs", "Studio"])}},
    ]
    return s.pick(choices)()


def _person_attribute(s: _State) -> Spec:
    choices: list[Callable[[], Spec]] = [
        lambda: {"role": s.pick(ROLES)},
        lambda: {"role": {"in": s.rng.sample(ROLES, 2)}},
        lambda: {"marketing_opt_in": True},
        lambda: {"events_total": {"at_least": s.pick([5, 50, 200])}},
        lambda: {"created_at": {"more_than": f"{s.pick([3, 14])} days ago"}},
        lambda: {"last_seen_at": {"less_than": f"{s.pick([7, 30])} days ago"}},
        lambda: {"last_name": {"has_any_value": True}},
    ]
    return s.pick(choices)()


def _attribute(s: _State, entity: str) -> Spec:
    return _org_attribute(s) if entity == "organisation" else _person_attribute(s)


def _reference(s: _State, entity: str) -> Spec | None:
    """A condition on a generated attribute of an earlier object, if there is one."""
    earlier = s.episodic[entity]
    if not earlier:
        return None
    target = s.pick(earlier[-12:])  # recent ones: spreads references over the project
    return s.pick([
        {f"last_completion_of_{target}": {"has_no_value": True}},
        {f"last_completion_of_{target}": {"has_any_value": True}},
        {f"currently_member_of_{target}": False},
        {f"last_entry_to_{target}": {"more_than": "3 days ago"}},
        {f"last_exit_from_{target}": {"has_no_value": True}},
    ])


def _membership(s: _State, entity: str) -> Spec | None:
    # organisation objects may use organisation cohorts; person objects either kind
    pool = s.cohorts[entity] + (s.cohorts["organisation"] if entity == "person" else [])
    return {"member_of": s.pick(pool[-8:])} if pool else None


def _audience(s: _State, entity: str) -> Spec:
    parts: list[Spec | None] = [_membership(s, entity), _attribute(s, entity),
                                _reference(s, entity)]
    if s.rng.random() < 0.3:
        parts.append({"none": [_event_leaf(s, entity, window=True, filtered=False)]})
    if s.rng.random() < 0.3:
        parts.append({"any": [_attribute(s, entity), _attribute(s, entity)]})
    conditions = [p for p in parts if p is not None]
    return conditions[0] if len(conditions) == 1 else {"all": conditions}


# -------------------------------------------------------------------------- units
def _cohort(s: _State, name: str, entity: str) -> list[Model]:
    conditions = [_attribute(s, entity)]
    if s.rng.random() < 0.6:
        conditions.append(_attribute(s, entity))
    if s.rng.random() < 0.3:
        conditions = [{"any": conditions}]
    s.cohorts[entity].append(name)
    criteria = conditions[0] if len(conditions) == 1 else {"all": conditions}
    return [_obj(name, kind="cohort", entity=entity, criteria=criteria)]


def _first_time(s: _State, name: str, entity: str) -> list[Model]:
    """'First time X': no entry, one event (maybe filtered); predictable from events."""
    s.episodic[entity].append(name)
    return [_obj(name, kind="behaviour", entity=entity, **s.history(),
                 completion=_event_leaf(s, entity))]


def _habit(s: _State, name: str, entity: str) -> list[Model]:
    """A windowed count, with entry criteria half of the time."""
    spec: Spec = {"completion": _event_leaf(s, entity, count=True, window=True,
                                            filtered=False)}
    if s.rng.random() < 0.5:
        spec["entry"] = _attribute(s, entity)
        spec["on_completion"] = [{"slack": {"channel": "#wins", "text": "habit formed"}}]
    s.episodic[entity].append(name)
    return [_obj(name, kind="behaviour", entity=entity, **s.history(), **spec)]


def _stage(s: _State, name: str, entity: str, objectives: int) -> list[Model]:
    entry = s.pick([{"event": "signed_up"}, _attribute(s, "organisation")]) \
        if entity == "organisation" else s.pick([{"event": "login"}, _attribute(s, entity)])
    listed = []
    for k in range(1, objectives + 1):
        objective: Spec = {"name": f"{name}_o{k}",
                           "completion": _event_leaf(s, entity, count=k % 3 == 0)}
        if k == 4:
            objective["entry"] = _attribute(s, entity)
        listed.append(objective)
    exit_spec: Spec = {"after": f"{s.pick([14, 21, 30, 45])} days"}
    if entity == "organisation" and s.rng.random() < 0.5:
        exit_spec["criteria"] = {"is_churned": True}
    s.episodic[entity] += [name] + [o["name"] for o in listed]
    return [_obj(name, kind="stage", entity=entity, **s.history(), entry=entry,
                 objectives=listed, exit=exit_spec)]


def _job(s: _State, name: str, entity: str) -> list[Model]:
    spec: Spec = {
        "status": s.pick(["live"] * 8 + ["paused", "shadow"]),
        "goal": s.pick([_event_leaf(s, entity), _event_leaf(s, entity, count=True),
                        _attribute(s, entity)]),
        "audience": _audience(s, entity),
        "duration": f"{s.pick([7, 10, 14, 21, 30])} days",
        "re_entry": s.pick(["never", "always", {"after": "30 days"}]),
        "on_entry": [{"email": OWNER_EMAIL if entity == "organisation" else EMAIL}],
    }
    earlier_jobs = s.jobs[entity]
    if earlier_jobs and s.rng.random() < 0.5:
        spec["exclusions"] = [{f"currently_member_of_{s.pick(earlier_jobs[-6:])}": True}]
    if s.rng.random() < 0.5:
        spec["follow_ups"] = [{"after": "3 days", "email": spec["on_entry"][0]["email"]}]
    if entity == "organisation" and s.rng.random() < 0.4:
        spec["on_exit"] = [SLACK_CS]
    s.episodic[entity].append(name)
    s.jobs[entity].append(name)
    return [_obj(name, kind="job", entity=entity, **spec)]


def _follow_on_job(s: _State, name: str, entity: str) -> list[Model]:
    """A job for whoever did an earlier 'first time' behaviour: predictable entries."""
    firsts = [n for n in s.episodic[entity] if n.endswith("_first")]
    if not firsts:
        return _job(s, name, entity)
    s.episodic[entity].append(name)
    s.jobs[entity].append(name)
    return [_obj(name, kind="job", entity=entity, status="live",
                 goal=_event_leaf(s, entity),
                 audience={f"last_completion_of_{firsts[-1]}": {"has_any_value": True}},
                 duration="7 days", on_entry=[{"email": EMAIL}])]


# (suffix, entity, builder): one round of the rotation; stages are placed separately
ROTATION: list[tuple[str, str, Callable[[_State, str, str], list[Model]]]] = [
    ("cohort", "organisation", _cohort),
    ("first", "organisation", _first_time),
    ("job", "organisation", _job),
    ("first", "person", _first_time),
    ("cohort", "person", _cohort),
    ("habit", "organisation", _habit),
    ("job", "person", _job),
    ("follow", "organisation", _follow_on_job),
    ("habit", "person", _habit),
    ("job", "organisation", _job),
    ("follow", "person", _follow_on_job),
]
ENTITY_TAG = {"organisation": "org", "person": "per"}


def generated_objects(n: int, *, seed: int = 7, live_from: str | None = None) -> list[Model]:
    """Models holding exactly ``n`` objects (objectives counted). ``live_from`` (a date)
    replays stages and behaviours from then, as in the benchmark; jobs go live at the
    first evaluation."""
    if n < 0:
        raise ValueError(f"the number of objects must be >= 0, got {n}")
    s = _State(random.Random(seed), live_from)
    models: list[Model] = []
    count = 0
    unit = 0
    while count < n:
        remaining = n - count
        name_base = f"g{unit:04d}"
        if unit % 6 == 5 and remaining >= 5:  # every sixth unit is a stage
            objectives = min(remaining - 1, s.rng.randint(4, 7))
            entity = "organisation" if unit % 12 == 5 else "person"
            made = _stage(s, f"{name_base}_stage_{ENTITY_TAG[entity]}", entity, objectives)
        else:
            suffix, entity, builder = ROTATION[unit % len(ROTATION)]
            made = builder(s, f"{name_base}_{ENTITY_TAG[entity]}_{suffix}", entity)
        models += made
        count += object_count(made)
        unit += 1
    return models


def object_count(models: list[Model]) -> int:
    """Objects the engine evaluates: every model, plus each stage's objectives."""
    return sum(1 + len(m["config"]["meta"]["trig"].get("objectives", [])) for m in models)


def write_models(models_dir: Path, models: list[Model], yaml_name: str = "_generated.yml") -> int:
    """One ``{{ trig.lifecycle_object() }}`` model per object plus one YAML file;
    returns the number of objects."""
    models_dir.mkdir(parents=True, exist_ok=True)
    for model in models:
        (models_dir / f"{model['name']}.sql").write_text("{{ trig.lifecycle_object() }}\n")
    document = {"version": 2, "models": models}
    (models_dir / yaml_name).write_text(yaml.dump(document, Dumper=_PlainDumper, sort_keys=False))
    return object_count(models)


class _PlainDumper(yaml.SafeDumper):
    """Repeats shared values instead of writing YAML anchors: read like a person wrote it."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
