"""Helpers shared by the evidence modules of the survey mechanisms (no claims of its own).

The ``counted`` and ``refuted`` complexity verdicts of TSA, MTSA and QEDFM count multiply-adds
with :class:`reference.algorithms.opcount.OpCounter` while the running code executes at a few
sequence lengths, then separate a quadratic term by a second difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reference.algorithms.opcount import OpCounter


def madds_over(sizes: Sequence[int], run: Callable[[int, OpCounter], object]) -> list[int]:
    """Multiply-adds counted by ``run(n, counter)`` (the running code, one fresh counter per
    call) at each size ``n`` of ``sizes``, in order."""
    out = []
    for n in sizes:
        c = OpCounter()
        run(n, c)
        out.append(c.madds)
    return out


def second_difference(counts: Sequence[int]) -> int:
    """``c(4N) - 3 c(2N) + 2 c(N)`` of counts at ``N, 2N, 4N``: exactly 0 for any count
    ``a N + e`` and ``6 a N^2`` for ``a N^2 + b N + e`` (integers, no fit)."""
    return counts[2] - 3 * counts[1] + 2 * counts[0]
