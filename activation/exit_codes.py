"""Exit codes, defined once so an orchestrator can tell outcomes apart."""

from enum import IntEnum


class ExitCode(IntEnum):
    SUCCESS = 0
    # Some actions failed, were skipped for bad data or ended `unknown` (this run's or a
    # recovered run's), or a provider paused a channel; rerun or replay.
    PARTIAL_FAILURE = 1
    # Configuration or usage error: nothing was delivered; fix the setup, then rerun.
    USER_ERROR = 2
    # A bug in trig itself (rerun with --debug for the traceback and report it).
    INTERNAL_ERROR = 3
