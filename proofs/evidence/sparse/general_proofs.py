"""General-``n`` proof that ``rank(1_n 1_n^T) = 1`` (``S002-C04``), with a symbolic ``n``.

``A = u w^T`` with ``u = w = 1_n`` (SymPy ``OneMatrix``): every ``A v = u (w^T v)`` lies in
``span(u)``, so ``rank A <= 1``; ``A u = (w^T u) u`` with ``w^T u = n > 0``, so ``A u != 0`` and
``rank A >= 1``. The function takes the factors and the asserted rank, so that a wrong statement
(another rank, a zero factor) is shown not to be proved (``tests/test_general_proofs.py``).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

__all__ = ["rank_one_proof"]


def rank_one_proof(
    u: Any = None, w: Any = None, claimed_rank: int = 1, n: Any = None
) -> tuple[bool, str]:
    """``rank(u w^T) = claimed_rank`` for a symbolic ``n >= 1`` (``u = w = 1_n`` by default)."""
    n = sp.Symbol("n", integer=True, positive=True) if n is None else n
    u = sp.OneMatrix(n, 1) if u is None else u
    w = sp.OneMatrix(n, 1) if w is None else w
    a = (u * w.T).doit()
    if a != sp.OneMatrix(n, n):
        return False, f"u w^T = {a} is not 1_n 1_n^T"
    v = sp.MatrixSymbol("v", n, 1)
    # A v = u (w^T v): the image lies in span(u)
    if sp.MatMul(u, w.T, v).doit() != sp.MatMul(u, sp.MatMul(w.T, v)).doit():
        return False, "A v != u (w^T v)"
    # A u = (w^T u) u and w^T u = n > 0
    wu = (w.T * u).doit()
    scalar = wu[0, 0] if hasattr(wu, "shape") else wu
    if (a * u).doit() != (scalar * u).doit():
        return False, "A u != (w^T u) u"
    if sp.ask(sp.Q.positive(scalar)) is not True:
        return False, f"w^T u = {scalar} is not shown positive"
    if claimed_rank != 1:
        return False, f"the argument gives rank 1, not {claimed_rank}"
    return True, (
        "1_n 1_n^T = u u^T (u = 1_n, symbolic n): A v = u (u^T v) lies in span(u), so rank <= 1; "
        "A u = (u^T u) u with u^T u = n > 0, so rank >= 1"
    )
