"""The README's fenced examples, each with the `<!-- docs-test: KIND -->` line before it
that says how the docs test uses it (so a new example cannot be skipped silently)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!-- docs-test: ([\w-]+)[^>]*-->\s*$")
CHECKED_LANGUAGES = ("yaml", "sql")


@dataclass(frozen=True)
class Example:
    language: str
    kind: str | None
    text: str
    line: int


def examples(path: Path = README) -> list[Example]:
    content = path.read_text()
    found = []
    for match in FENCE.finditer(content):
        before = content[: match.start()].rstrip("\n").splitlines()
        marker = MARKER.search(before[-1]) if before else None
        found.append(
            Example(
                language=match.group(1),
                kind=marker.group(1) if marker else None,
                text=textwrap.dedent(match.group(2)),
                line=len(before) + 1,
            )
        )
    return found


def checked(kind: str, path: Path = README) -> list[Example]:
    return [e for e in examples(path) if e.kind == kind]
