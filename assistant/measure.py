"""Measuring helpers shared by the load script, the benchmarks and the tests."""

from __future__ import annotations

import math
import socket


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile `pct` (0–100) of `values`; 0.0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(math.ceil(pct / 100 * len(ordered)) - 1, 0)]


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
