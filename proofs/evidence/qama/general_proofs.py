"""General-size proofs for QAMA and GroQ-RAG (``SUR-QAMA-01``, ``SUR-GROQ-01``, ``SUR-GROQ-02``).

The matrix-form claims are identities between ``x^T Q x = sum_{(i, j)} Q_ij x_i x_j`` and a closed
form; both are written as sums over the ordered index pairs ``(i, j)`` of one summand that depends
only on the *class* of the pair (same head or not and same position or not for QAMA; ``i = j`` or
not for GroQ). The classes partition the pairs for every ``H``, ``N``, ``M``, so the identity holds
for every size once it holds per class, which SymPy checks modulo ``x^2 = x`` (for ``i = j`` the two
variables coincide). The rewritings of the closed forms as pair sums are index algebra
(:mod:`proofs.evidence.index_algebra`): ``(sum x - k)^2 = sum_{ij} x_i x_j - 2k sum x + k^2``, and
``sum_{i<j} f_ij = (1/2) sum_{i != j} f_ij`` for a symmetric summand.

``SUR-GROQ-01`` is an exchange argument: flipping one variable towards ``sum x = k`` changes the
penalty by ``-lam (2|m - k| - 1) <= -lam`` and the rest by ``Delta <= B_i``, where
``B_i - Delta`` is a sum of terms ``|y| + sigma y`` and ``|alpha||S| - sigma x alpha S`` each
checked non-negative by SymPy over every sign case. Each function takes the asserted constant so
that a wrong statement is shown not to be proved (``tests/test_general_proofs.py``).
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from proofs.evidence.index_algebra import normal_form
from proofs.evidence.qama.symbolic import reduce_binary

__all__ = ["groq_matrix_general", "groq_penalty_general", "qama_matrix_general"]


def qama_matrix_general(lin_factor: Any = None) -> tuple[bool, str]:
    """``Q = Q^T`` and ``x^T Q x = -c_q sum_h sum_{j!=k} J x x - c_l N sum h x + p sum_j
    sum_{h!=h'} x x`` for every ``H``, ``N`` (``lin_factor`` replaces the stated ``c_l N`` in the
    closed form, to show a wrong constant is not proved)."""
    cq, cl, p, n = sp.symbols("c_q c_l p N")
    lin = cl * n if lin_factor is None else lin_factor
    jab, jba, ha, xi, xj = sp.symbols("J_ab J_ba h_a x_i x_j")
    sym_j = {jba: jab}  # J^h symmetric
    for same_head, same_pos in itertools.product((True, False), repeat=2):
        # Q_ij and Q_ji of a pair i = (h1, a), j = (h2, b) of this class (the survey's entries)
        if same_head and not same_pos:
            q_ij, q_ji = -cq * jab, -cq * jba
        elif same_head and same_pos:
            q_ij = q_ji = -cl * n * ha
        elif same_pos:
            q_ij = q_ji = p
        else:
            q_ij = q_ji = sp.Integer(0)
        if sp.expand((q_ij - q_ji).subs(sym_j)) != 0:
            return False, f"Q not symmetric on class same_head={same_head}, same_pos={same_pos}"
        # the closed form's summand on the pair: attention (j != k), linear (i = j), cross head
        x2 = xi if (same_head and same_pos) else xj  # i = j: one variable
        closed = sp.Integer(0)
        if same_head and not same_pos:
            closed += -cq * jab * xi * x2
        if same_head and same_pos:
            closed += -lin * ha * xi
        if not same_head and same_pos:
            closed += p * xi * x2
        if reduce_binary(q_ij * xi * x2 - closed, [xi, xj]) != 0:
            return False, f"class same_head={same_head}, same_pos={same_pos} differs"
    return True, (
        "per class of index pair ((h, j), (h', k)): same head j != k, diagonal, cross head same "
        "position, other; Q_ij = Q_ji (J^h symmetric) and Q_ij x_i x_j = the closed form's "
        "summand modulo x^2 = x; the classes partition the pairs for every H, N"
    )


def groq_matrix_general(diag_penalty: Any = None) -> tuple[bool, str]:
    """``x^T Q x + lam k^2 = -r.x + alpha sum_{i<j} S x x + lam (sum x - k)^2`` for every ``M``
    (``diag_penalty`` replaces the stated ``lam (1 - 2k)`` of ``Q_ii``)."""
    r, al, lam, k, s, xi, xj = sp.symbols("r_i alpha lam k S_ij x_i x_j")
    dpen = lam * (1 - 2 * k) if diag_penalty is None else diag_penalty
    # (sum_i x_i - k)^2 = sum_{i,j} x_i x_j - 2 k sum_i x_i + k^2, for a symbolic M
    m = sp.Symbol("M", integer=True, positive=True)
    i, j = sp.symbols("i j", integer=True)
    x = sp.IndexedBase("x")
    sq = sp.expand((normal_form(x[i], {i: m}) - k) ** 2)
    pair = normal_form(x[i] * x[j], {i: m, j: m}) - 2 * k * normal_form(x[i], {i: m}) + k**2
    if sp.expand(sq - pair) != 0:
        return False, "square of the count"
    # sum_{i<j} S_ij x_i x_j = (1/2) sum_{i != j}: the summand is symmetric under i <-> j
    s_ji = s  # S symmetric
    if sp.expand(s * xi * xj - s_ji * xj * xi) != 0:
        return False, "symmetric summand"
    # per class: i = j (one variable) and i != j
    diag = (-r + dpen) * xi * xi - (-r * xi - 2 * lam * k * xi + lam * xi * xi)
    off = (al / 2 * s + lam) * xi * xj - (al / 2 * s * xi * xj + lam * xi * xj)
    if reduce_binary(diag, [xi]) != 0 or reduce_binary(off, [xi, xj]) != 0:
        return False, "per-class entry identity"
    return True, (
        "(sum x - k)^2 = sum_ij x_i x_j - 2k sum x + k^2 by index algebra over a symbolic M; "
        "sum_{i<j} = half of sum_{i!=j} for the symmetric summand; per class (i = j, i != j) "
        "Q_ij x_i x_j equals the closed form's summand modulo x^2 = x"
    )


def _nonneg_all_signs(expr: Any, reals: list[Any], finite: dict[Any, list[Any]]) -> bool:
    """``expr >= 0`` for every sign of each real in ``reals`` (``+u``, ``-u``, ``0``, ``u > 0``)
    and every value of the symbols in ``finite``."""
    pos = [sp.Symbol(f"u{t}", positive=True) for t in range(len(reals))]
    for signs in itertools.product((1, -1, 0), repeat=len(reals)):
        sub = {v: sg * u for v, sg, u in zip(reals, signs, pos, strict=True)}
        for vals in itertools.product(*finite.values()):
            e = sp.simplify(expr.subs(sub).subs(dict(zip(finite, vals, strict=True))))
            if e.is_nonnegative is not True:
                return False
    return True


def groq_penalty_general(factor: Any = 1) -> tuple[bool, str]:
    """``lam > factor * B`` with ``B = max_i (|r_i| + |alpha| sum_{j != i} |S_ij|)`` makes every
    state with ``sum x != k`` non-minimal, for every ``M``, ``k``, ``r``, ``S``, ``alpha``."""
    m, k, lam = sp.symbols("m k lam", integer=True)
    t = sp.Symbol("t", integer=True, positive=True)  # t = |m - k| >= 1
    d_down = sp.expand(lam * ((m - 1 - k) ** 2 - (m - k) ** 2)).subs(m, k + t)
    d_up = sp.expand(lam * ((m + 1 - k) ** 2 - (m - k) ** 2)).subs(m, k - t)
    if sp.expand(d_down + lam * (2 * t - 1)) != 0 or sp.expand(d_up + lam * (2 * t - 1)) != 0:
        return False, "penalty step"
    lam_nn, u = sp.Symbol("lam", nonnegative=True), sp.Symbol("u", nonnegative=True, integer=True)
    if sp.expand(-lam_nn * (2 * (1 + u) - 1) + lam_nn).is_nonpositive is not True:  # <= -lam
        return False, "penalty step <= -lam"
    # flip of x_i in the rest f = -r_i x_i + alpha x_i T + R, T = sum_{j != i} S_ij x_j
    r, al, tt, rest, xi = sp.symbols("r_i alpha T R x_i")
    f = -r * xi + al * xi * tt + rest
    delta = sp.expand(f.subs(xi, 1 - xi) - f)
    if reduce_binary(delta - (1 - 2 * xi) * (-r + al * tt), [xi]) != 0:
        return False, "flip identity"
    # B_i - Delta = (|r| + sigma r) + sum_j (|alpha||S_ij| - sigma alpha S_ij x_j), sigma = 1-2x_i
    # (one j shown: B_i and Delta are both linear in the terms j != i)
    sig, s, xj = sp.symbols("sigma S_ij x_j")
    b_i = sp.Abs(r) + sp.Abs(al) * sp.Abs(s)
    d_i = (1 - 2 * xi) * (-r + al * s * xj)
    parts = (sp.Abs(r) + sig * r) + (sp.Abs(al) * sp.Abs(s) - sig * al * s * xj)
    if sp.expand(b_i - d_i - parts.subs(sig, 1 - 2 * xi)) != 0:
        return False, "bound decomposition"
    if not _nonneg_all_signs(sp.Abs(r) + sig * r, [r], {sig: [1, -1]}):
        return False, "|r| + sigma r >= 0"
    atom = sp.Abs(al) * sp.Abs(s) - sig * al * s * xj
    if not _nonneg_all_signs(atom, [al, s], {sig: [1, -1], xj: [0, 1]}):
        return False, "|alpha||S| - sigma alpha S x >= 0"
    # total change <= B - lam < 0 when lam = factor B + eps, B >= 0, eps > 0
    b, eps = sp.Symbol("B", nonnegative=True), sp.Symbol("eps", positive=True)
    if sp.expand(b - (factor * b + eps)).is_negative is not True:
        return False, f"B - lam < 0 does not follow from lam > {factor} B"
    return True, (
        "exchange argument for every M, k: a flip towards sum x = k changes the penalty by "
        "-lam(2|m-k|-1) <= -lam and the rest by (1-2x_i)(-r_i + alpha sum_{j!=i} S_ij x_j) <= "
        "B_i (a sum of terms |y| + sigma y, |alpha||S| - sigma alpha S x, each >= 0 in every sign "
        "case), so lam > B gives a strictly lower neighbour"
    )
