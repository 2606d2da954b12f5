"""No package view can be dropped by two cascades at once (ADR 007).

On PostgreSQL dbt replaces a view or a table by renaming it and running
`drop ... cascade`, which drops every view built on it, locking them in catalogue order.
Two such cascades reaching the same view from two relations built at the same time
(threads >= 2) lock in different orders and PostgreSQL aborts one: `deadlock detected`.
Such a view is flagged `meta.trig_drop_at_run_start`: on PostgreSQL and Redshift the
on-run-start hook drops it and its own node creates it after all it reads. The
PostgreSQL test in test_corner_scenarios.py races it for real, but loses the race only
now and then; this reads the rule off the demo project's manifest, every time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.portability.offline import EVALUATION_TIMES, copy_demo_project, invoke, write_profiles

REPLACED_EVERY_BUILD = {"view", "table"}  # dropped with cascade by dbt's materializations
VIEWS = {"view", "trig_view"}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("cascades")
    project = copy_demo_project(root)
    write_profiles(project, root / "unused.duckdb")
    invoke(project, "deps", evaluation_time=EVALUATION_TIMES[0])
    invoke(project, "parse", evaluation_time=EVALUATION_TIMES[0])
    return json.loads((project / "target" / "manifest.json").read_text())


def cascade_roots(view: str, parents: dict[str, list[str]], kinds: dict[str, str]) -> set[str]:
    """Relations replaced by every build whose drop cascade reaches `view` (through views)."""
    roots: set[str] = set()
    stack, seen = [view], set()
    while stack:
        for parent in parents[stack.pop()]:
            if parent in seen:
                continue
            seen.add(parent)
            if kinds[parent] in REPLACED_EVERY_BUILD:
                roots.add(parent)
            if kinds[parent] in VIEWS:
                stack.append(parent)
    return roots


def ancestors(node: str, parents: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    stack = [node]
    while stack:
        for parent in parents[stack.pop()]:
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def concurrent_pairs(roots: set[str], parents: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """Pairs dbt may build at the same time: neither is upstream of the other."""
    ordered = sorted(roots)
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if first not in ancestors(second, parents) and second not in ancestors(first, parents):
                yield first, second


def test_no_view_is_reached_by_two_cascades_that_can_run_at_once(manifest: dict) -> None:
    models = {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}
    kinds = {k: v["config"]["materialized"] for k, v in models.items()}
    parents = {k: [p for p in v["depends_on"]["nodes"] if p in models] for k, v in models.items()}
    # the demo's inputs are views, replaced by every build, as many customers' are
    assert {kinds[k] for k in models if k.split(".")[-1] in ("events", "people")} == {"view"}
    views = [k for k in models if kinds[k] in VIEWS]
    assert len(views) > 20  # audiences, attribute views, insight views
    racing = {
        view.split(".")[-1]: [
            (a.split(".")[-1], b.split(".")[-1])
            for a, b in concurrent_pairs(cascade_roots(view, parents, kinds), parents)
        ]
        for view in views
    }
    dropped_at_run_start = {
        models[k]["name"]
        for k in views
        if models[k]["config"]["meta"].get("trig_drop_at_run_start")
    }
    # a racing view is dropped before the build and created after its inputs; no other
    # view is (dropping it would re-create it on every build for nothing)
    assert {
        view: pairs for view, pairs in racing.items() if pairs and view not in dropped_at_run_start
    } == {}
    assert dropped_at_run_start == {view for view, pairs in racing.items() if pairs}


def test_the_rule_sees_a_view_over_two_independent_tables() -> None:
    parents = {"a": [], "b": [], "v": ["a", "b"], "w": ["v"]}
    kinds = {"a": "table", "b": "view", "v": "trig_view", "w": "view"}
    assert cascade_roots("w", parents, kinds) == {"a", "b"}  # v is replaced only when changed
    assert list(concurrent_pairs({"a", "b"}, parents)) == [("a", "b")]
    assert list(concurrent_pairs({"a", "v"}, parents)) == []
