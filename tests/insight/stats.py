"""The statistics the insight marts report, computed by hand with math and statistics
(docs/decisions/403-insight-statistics.md), for tests to compare against."""

from __future__ import annotations

import hashlib
import math
from statistics import NormalDist

NORMAL = NormalDist()
Z95 = NORMAL.inv_cdf(0.975)


def two_proportions(n1: int, x1: int, n2: int, x2: int) -> dict[str, float]:
    """Group a (x1 of n1) against group b (x2 of n2)."""
    p1, p2 = x1 / n1, x2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    pooled = (x1 + x2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p1 - p2) / se0
    stats = {
        "difference": p1 - p2,
        "difference_ci_low": p1 - p2 - Z95 * se,
        "difference_ci_high": p1 - p2 + Z95 * se,
        "z_score": z,
        "p_value": 2 * (1 - NORMAL.cdf(abs(z))),
        "minimum_detectable_effect": (Z95 + NORMAL.inv_cdf(0.8)) * se0,
    }
    if x1 and x2:
        log_se = math.sqrt((1 - p1) / x1 + (1 - p2) / x2)
        stats["ratio_minus_one"] = p1 / p2 - 1
        stats["ratio_minus_one_ci_low"] = math.exp(math.log(p1 / p2) - Z95 * log_se) - 1
        stats["ratio_minus_one_ci_high"] = math.exp(math.log(p1 / p2) + Z95 * log_se) - 1
    return stats


def holdout_bucket(salt: str, key: str) -> int:
    """The assignment rule of docs/decisions/401-holdout-assignment.md, in Python."""
    return int(hashlib.md5(f"{salt}|{key}".encode()).hexdigest()[:7], 16) % 10000
