"""`python -m tests.portability.fakesnow_main PORT`: the fakesnow server with test-only fixes.

Workaround (emulator bug, fixed here rather than in the package): fakesnow encodes
timestamps as Snowflake's Arrow struct (epoch, fraction) without a validity mask, so a
NULL timestamp reaches the client as 1970-01-01 00:00:00. Real Snowflake sends NULL. The
patch below passes the column's null mask through; everything else is stock fakesnow.
"""

from __future__ import annotations

import sys
import threading

import fakesnow
import fakesnow.arrow
import pyarrow as pa
import pyarrow.compute as pc

_timestamp_to_sf_struct = fakesnow.arrow.timestamp_to_sf_struct


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


def main() -> None:
    port = int(sys.argv[1])
    fakesnow.arrow.timestamp_to_sf_struct = timestamp_to_sf_struct_keeping_nulls
    with fakesnow.server(port=port, host="127.0.0.1"):
        threading.Event().wait()


if __name__ == "__main__":
    main()
