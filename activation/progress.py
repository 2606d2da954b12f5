"""A rich progress bar on stderr for long deliveries (only when stderr is a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

# Below this, a bar is noise.
MIN_ACTIONS_FOR_BAR = 200


def progress_wanted(enabled: bool = True) -> bool:
    """A bar is drawn only on a terminal; without one, the pending count is not needed
    (counting scans the whole backlog)."""
    return enabled and sys.stderr.isatty()


@contextmanager
def delivery_progress(total: int, enabled: bool = True) -> Iterator[Callable[[int], None]]:
    if not progress_wanted(enabled) or total < MIN_ACTIONS_FOR_BAR:
        yield lambda advanced: None
        return
    columns = (
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("delivering", total=total)
        yield lambda advanced: progress.advance(task, advanced)
