"""The per-row failure model of Algorithm 1 (``S002-A06``): the union-bound arithmetic for symbolic
``N``, ``n``, ``delta`` and the reference's :func:`repetitions` checked against it on a grid.

Premise (BBHT, not proved here): one attempt misses an existing marked item with probability
``<= q = 1/2``. A row makes at most ``N`` search steps with items left, so it fails with probability
``<= N q^R``; with ``R >= R0 = log2(N n / delta)`` this is ``<= N q^R0 = delta / n`` (SymPy, for
``q = 1/2``), and ``n`` rows fail together with probability ``<= sum_{i<=n} delta / n = delta``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

import sympy as sp

from proofs.ledger import JSON
from properties.outcome import Outcome, at_most, combine, true
from properties.tolerances import EPS
from reference.mechanisms import grover

__all__ = ["GRID_DELTA", "GRID_N", "GRID_ROWS", "Case", "repetition_cases", "union_bound_proof"]

Case: TypeAlias = tuple[Outcome, Mapping[str, JSON]]
"""One law outcome and the case it ran on (what :func:`proofs.ledger.held_or_failed` folds)."""

GRID_N, GRID_ROWS, GRID_DELTA = range(1, 65), range(1, 9), (0.5, 0.1, 0.01, 1e-3)


def union_bound_proof(miss: Any = None) -> tuple[bool, str]:
    """``N miss^R0 = delta / n`` at ``R0 = log2(N n / delta)`` and ``n (delta / n) = delta``."""
    nn, rows = sp.symbols("N n", integer=True, positive=True)
    delta = sp.Symbol("delta", positive=True)
    q = sp.Rational(1, 2) if miss is None else miss
    r0 = sp.log(nn * rows / delta, 2)
    row_fail = nn * q**r0
    if sp.simplify(sp.expand_log(row_fail - delta / rows, force=True)) != 0:
        return False, f"N q^R0 = {sp.simplify(row_fail)} is not delta / n"
    i = sp.Symbol("i", integer=True, positive=True)
    if sp.simplify(sp.summation(delta / rows, (i, 1, rows)) - delta) != 0:
        return False, "union bound over the rows"
    return (
        True,
        "N 2^-log2(N n/delta) = delta/n and sum_{i<=n} delta/n = delta (symbolic N, n, delta)",
    )


def repetition_cases() -> Iterator[Case]:
    """The reference's ``R`` on the grid ``GRID_N x GRID_ROWS x GRID_DELTA``: ``R = max(1,
    ceil(log2(N n / delta)))`` exactly (boolean) and ``N 2^-R n / delta <= 1`` (the per-row
    union bound; three floating products and a quotient: ``4 eps`` relative)."""
    for big_n in GRID_N:
        for n in GRID_ROWS:
            for d in GRID_DELTA:
                r = grover.repetitions(num_items=big_n, delta=d, num_rows=n)
                want = max(1, math.ceil(math.log2(big_n * n / d)))
                yield (
                    combine(
                        true("R = max(1, ceil(log2(N n / delta)))", r == want),
                        at_most(
                            "N 2^-R <= delta / n (as N 2^-R n / delta <= 1)",
                            big_n * 2.0**-r * n / d,
                            1.0,
                            4 * EPS,
                        ),
                    ),
                    {"N": big_n, "n": n, "delta": d, "R": r},
                )
