"""Helpers shared by the evidence modules (no claims of its own).

:func:`pinned_defaults` checks a configuration's defaults against the values their source
states.

The ``counted`` and ``refuted`` complexity verdicts of TSA, MTSA and QEDFM count multiply-adds
with :class:`reference.algorithms.opcount.OpCounter` while the running code executes at a few
sequence lengths, then separate a quadratic term by a second difference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from properties.outcome import Outcome, combine, true
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


def pinned_defaults(cls: type, source: str, **expected: object) -> Outcome:
    """One named boolean check per ``field = value``: the dataclass ``cls``'s default equals the
    value ``source`` states (issue 10 E: a reconstructed or found default is checked against its
    source, so changing it flips the claim's verdict instead of passing silently).

    A float default is compared exactly (the sources state decimal constants and the project
    spells them the same way); a field that does not exist is a failed check, never skipped."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    checks = []
    for name, want in expected.items():
        f = fields.get(name)
        have = f.default if f is not None else dataclasses.MISSING
        checks.append(true(f"default {cls.__name__}.{name} = {want!r} ({source})", have == want))
    return combine(*checks)
