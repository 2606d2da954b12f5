"""`python -m tests.portability.fakesnow_main PORT`: the fakesnow server with test-only fixes.

Workarounds (emulator bugs, fixed here rather than in the package; see README.md here):
- NULL timestamps: fakesnow encodes timestamps as Snowflake's Arrow struct (epoch,
  fraction) without a validity mask, so a NULL timestamp reaches the client as
  1970-01-01 00:00:00. Real Snowflake sends NULL. The patch passes the null mask through.
- `$` in string literals: fakesnow finds session variables (`$name`) with a regex over
  the whole statement text, string literals included, so `insert ... values
  ('$identify')` (Mixpanel's reserved event names in the package's seed) fails with
  "Session variable '$IDENTIFY' does not exist". Real Snowflake reads a quoted `$` as
  text. The patch looks for variables outside quoted strings only.
- Fail fast: a statement fakesnow cannot run (its own bug or an unsupported feature)
  becomes an HTTP 500, which the Snowflake connector retries forever, so a test hangs
  instead of failing. The patch answers it as a failed query (HTTP 200, success false),
  as Snowflake answers a SQL error: the client raises at once with fakesnow's message.
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
from dataclasses import dataclass

import fakesnow
import fakesnow.arrow
import fakesnow.variables
import pyarrow as pa
import pyarrow.compute as pc

# `fakesnow.server` is the context manager that starts the server until the submodule of
# the same name is imported (the import rebinds the package attribute): keep both apart
start_server = fakesnow.server
server_module = importlib.import_module("fakesnow.server")

_timestamp_to_sf_struct = fakesnow.arrow.timestamp_to_sf_struct
_inline_variables = fakesnow.variables.Variables.inline_variables
# a single-quoted string (quotes doubled or backslash-escaped inside) or a $$ string
_QUOTED = re.compile(r"'(?:[^'\\]|\\.|'')*'|\$\$.*?\$\$", re.DOTALL)


def timestamp_to_sf_struct_keeping_nulls(ts: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(ts, pa.ChunkedArray):
        ts = ts.combine_chunks()
    struct = _timestamp_to_sf_struct(ts)
    if ts.null_count == 0:
        return struct
    return pa.StructArray.from_arrays(
        arrays=[struct.field(i) for i in range(struct.type.num_fields)],
        fields=list(struct.type),
        mask=pc.is_null(ts),
    )


def inline_variables_outside_strings(self: fakesnow.variables.Variables, sql: str) -> str:
    parts: list[str] = []
    done = 0
    for quoted in _QUOTED.finditer(sql):
        parts += [_inline_variables(self, sql[done : quoted.start()]), quoted.group()]
        done = quoted.end()
    parts.append(_inline_variables(self, sql[done:]))
    return "".join(parts)


@dataclass
class FailFastServerError(server_module.ServerError):
    """fakesnow's ServerError, with its HTTP 500 (retried forever) answered as a failed
    query instead; 401s (session expired) keep their status."""

    def __post_init__(self) -> None:
        if self.status_code == 500:
            self.status_code = 200


def main() -> None:
    port = int(sys.argv[1])
    fakesnow.arrow.timestamp_to_sf_struct = timestamp_to_sf_struct_keeping_nulls
    fakesnow.variables.Variables.inline_variables = inline_variables_outside_strings  # type: ignore[method-assign]
    # query_request raises and catches the module's global name: both now mean this class
    server_module.ServerError = FailFastServerError
    with start_server(port=port, host="127.0.0.1"):
        threading.Event().wait()


if __name__ == "__main__":
    main()
