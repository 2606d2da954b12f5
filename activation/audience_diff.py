"""Audience diff between a deployed project definition (a dbt manifest, as with dbt's
`--state`) and the working copy: per object, which entities and how much ARR a change
adds or drops, evaluated against current data at one T. Nothing is written."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .audience import Audience, evaluate_audiences
from .context import RunContext
from .errors import TrigError


@dataclass
class ObjectDiff:
    name: str
    kind: str
    entity: str
    change: str  # added | removed | changed | unchanged
    before: int
    after: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    arr_added: float = 0.0
    arr_removed: float = 0.0

    @property
    def moved(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class AudienceDiff:
    evaluated_at: str
    state: str
    objects: list[ObjectDiff]

    def as_dict(self) -> dict[str, Any]:
        return {
            "evaluated_at": self.evaluated_at,
            "state": self.state,
            "objects": [asdict(item) for item in self.objects],
            "summary": {
                "added_objects": sum(1 for o in self.objects if o.change == "added"),
                "removed_objects": sum(1 for o in self.objects if o.change == "removed"),
                "changed_objects": sum(1 for o in self.objects if o.change == "changed"),
                "entities_added": sum(len(o.added) for o in self.objects),
                "entities_removed": sum(len(o.removed) for o in self.objects),
                "arr_added": round(sum(o.arr_added for o in self.objects), 2),
                "arr_removed": round(sum(o.arr_removed for o in self.objects), 2),
            },
        }


def diff_audiences(context: RunContext, state: Path, at: str | None) -> AudienceDiff:
    deployed_specs = load_specs(manifest_path(state))
    working = evaluate_audiences(context, at=at)
    working_specs = load_specs(project_manifest(context.project_dir))
    deployed = evaluate_audiences(context, at=working.evaluated_at, specs=deployed_specs)
    names = sorted(set(working.objects) | set(deployed.objects))
    diffs = [_object_diff(name, deployed, working, deployed_specs, working_specs) for name in names]
    return AudienceDiff(working.evaluated_at, str(state), diffs)


def _object_diff(
    name: str,
    deployed: Audience,
    working: Audience,
    deployed_specs: dict[str, Any],
    working_specs: dict[str, Any],
) -> ObjectDiff:
    before = _members(deployed, name)
    after = _members(working, name)
    info = working.objects.get(name) or deployed.objects[name]
    if name not in deployed.objects:
        change = "added"
    elif name not in working.objects:
        change = "removed"
    else:
        same = deployed_specs.get(name) == working_specs.get(name)
        change = "unchanged" if same else "changed"
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    return ObjectDiff(
        name=name,
        kind=info.kind,
        entity=info.entity,
        change=change,
        before=len(before),
        after=len(after),
        added=added,
        removed=removed,
        arr_added=_arr({key: after[key] for key in added}),
        arr_removed=_arr({key: before[key] for key in removed}),
    )


def _members(audience: Audience, name: str) -> dict[str, tuple[str, float]]:
    """entity id -> (organisation id, ARR) of the members (exclusions applied)."""
    return {
        str(row["entity_id"]): (str(row["organisation_id"]), float(row["arr"] or 0))
        for row in audience.members(name)
    }


def _arr(members: dict[str, tuple[str, float]]) -> float:
    """ARR once per organisation: people of one organisation share its ARR."""
    return round(sum(dict(members.values()).values()), 2)


def manifest_path(state: Path) -> Path:
    path = state / "manifest.json" if state.is_dir() else state
    if not path.exists():
        raise TrigError(
            f"no dbt manifest at {path}",
            "pass --state the directory of the deployed run's manifest.json "
            "(e.g. the artifacts of the last production dbt build)",
        )
    return path


def project_manifest(project_dir: Path) -> Path:
    """The manifest dbt just wrote for the working copy (dbt_project.yml's target-path)."""
    project = yaml.safe_load((project_dir / "dbt_project.yml").read_text()) or {}
    return project_dir / str(project.get("target-path") or "target") / "manifest.json"


def load_specs(path: Path) -> dict[str, Any]:
    """{model name: its `meta.trig` block} for every lifecycle object in a manifest."""
    try:
        manifest = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise TrigError(f"{path} is not a readable dbt manifest ({type(error).__name__})") from None
    specs: dict[str, Any] = {}
    for node in (manifest.get("nodes") or {}).values():
        if node.get("resource_type") != "model":
            continue
        meta = (node.get("config") or {}).get("meta") or node.get("meta") or {}
        if meta.get("trig"):
            specs[str(node["name"])] = meta["trig"]
    return specs
