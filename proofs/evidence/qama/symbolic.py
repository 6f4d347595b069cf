"""Shared helpers of the QAMA and GroQ-RAG evidence: random instances and the SymPy identities
(reduction modulo ``x^2 = x`` / ``s^2 = 1``, QUBO <-> Ising <-> Pauli, single flip, the QAMA
matrix entries, the penalty count, the exchange argument of comparative statics)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import sympy as sp

from proofs.ledger import Failed, Held
from reference.algorithms.qubo import QUBO
from reference.mechanisms import qama as _qama

# ---------------------------------------------------------------------------------------------
# random instances


def random_jh(rng: np.random.Generator, hh: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric ``J: (H, N, N)`` with zero diagonal and ``h: (H, N)``, standard normal."""
    a = rng.normal(size=(hh, n, n))
    j = 0.5 * (a + np.swapaxes(a, -1, -2))
    j[:, np.arange(n), np.arange(n)] = 0.0
    return j, rng.normal(size=(hh, n))


def random_qubo(rng: np.random.Generator, n: int) -> QUBO:
    return QUBO.from_matrix(
        rng.normal(size=(n, n)), offset=float(rng.normal()), symmetrize="average"
    )


SHAPES = ((2, 2), (2, 3), (3, 2), (2, 5), (3, 3), (4, 2), (2, 4), (3, 4))


def random_shape(rng: np.random.Generator) -> tuple[int, int]:
    hh, n = SHAPES[int(rng.integers(len(SHAPES)))]
    return hh, n


def random_params(rng: np.random.Generator) -> _qama.QAMAParams:
    if rng.random() < 0.5:
        return _qama.QAMAParams()
    return _qama.QAMAParams(
        c_q=float(rng.uniform(0.2, 2)),
        c_l=float(rng.uniform(0.05, 0.5)),
        c_p=float(rng.uniform(0.1, 2)),
    )


# ---------------------------------------------------------------------------------------------
# SymPy helpers


def _reduce(expr: Any, syms: list[Any], keep: Callable[[int], bool]) -> Any:
    """Reduce a polynomial in ``syms``: each power ``e`` of a symbol is kept as the symbol itself
    if ``keep(e)`` and dropped (replaced by 1) otherwise."""
    poly = sp.Poly(sp.expand(expr), *syms)
    out = sp.Integer(0)
    for monom, coeff in poly.terms():
        term = coeff
        for s, e in zip(syms, monom, strict=True):
            if keep(e):
                term = term * s
        out += term
    return sp.expand(out)


def reduce_binary(expr: Any, xs: list[Any]) -> Any:
    """Reduce a polynomial modulo ``x^2 = x`` for every binary symbol in ``xs``."""
    return _reduce(expr, xs, lambda e: e > 0)


def reduce_spin(expr: Any, ss: list[Any]) -> Any:
    """Reduce modulo ``s^2 = 1``."""
    return _reduce(expr, ss, lambda e: e % 2 == 1)


def with_symbolic(res: Held | Failed, what: str) -> Held | Failed:
    """``res`` with ``what`` SymPy proved alongside the numerical check written in front of its
    detail (a failure is returned unchanged)."""
    return replace(res, detail=what + res.detail) if isinstance(res, Held) else res


def sym_matrix(n: int, name: str = "Q") -> Any:
    return sp.Matrix(n, n, lambda i, j: sp.Symbol(f"{name}_{min(i, j)}{max(i, j)}"))


def sympy_qubo_ising(n: int = 3) -> bool:
    """``x^T Q x = offset + h.s + sum_{i<j} J_ij s_i s_j`` at ``x = (s+1)/2`` for a symbolic
    symmetric ``Q`` of size ``n``, modulo ``s^2 = 1``."""
    q = sym_matrix(n)
    ss = list(sp.symbols(f"s0:{n}"))
    x = sp.Matrix([(s + 1) / 2 for s in ss])
    lhs = (x.T * q * x)[0, 0]
    h = [sp.Rational(1, 2) * sum(q[i, j] for j in range(n)) for i in range(n)]
    off = sp.Rational(1, 2) * (q.trace() + sum(q[i, j] for i in range(n) for j in range(i + 1, n)))
    rhs = off + sum(h[i] * ss[i] for i in range(n))
    rhs += sum(q[i, j] / 2 * ss[i] * ss[j] for i in range(n) for j in range(i + 1, n))
    return bool(reduce_spin(lhs - rhs, ss) == 0)


def sympy_atoms() -> bool:
    """General-``n`` argument: ``x^T Q x = sum_i Q_ii x_i + sum_{i<j} 2 Q_ij x_i x_j`` is a sum of
    one- and two-variable atoms; each atom's Ising image is proved here, and summing the atoms
    gives ``h_i = (1/2) sum_j Q_ij``, ``J_ij = Q_ij/2``, offset ``(tr Q + sum_{i<j} Q_ij)/2``."""
    qii, qij, si, sj = sp.symbols("q_ii q_ij s_i s_j")
    one = sp.expand(qii * (si + 1) / 2 - (qii / 2 * si + qii / 2))
    two = reduce_spin(
        2 * qij * (si + 1) / 2 * (sj + 1) / 2
        - (qij / 2 * si * sj + qij / 2 * si + qij / 2 * sj + qij / 2),
        [si, sj],
    )
    return bool(one == 0 and two == 0)


def sympy_pauli() -> bool:
    """``Z|x> = (1 - 2x)|x>``, so ``s = 2x - 1 = -z``: the Ising energy at ``s = -Z`` gives
    ``H_C = offset + sum J Z Z - sum h Z`` with ``<x|H_C|x> = E_Ising(2x - 1)``."""
    z = sp.Matrix([[1, 0], [0, -1]])
    ok = all(z[b, b] == 1 - 2 * b for b in (0, 1))
    si, sj, h, j, c = sp.symbols("s_i s_j h J c")
    zi, zj = -si, -sj
    return ok and sp.expand((c + j * zi * zj - h * zi) - (c + h * si + j * si * sj)) == 0


def sympy_flip(n: int = 3) -> bool:
    """SUR-QAMA-03 for symbolic symmetric ``Q`` of size ``n`` and every ``i``, modulo ``x^2=x``."""
    q = sym_matrix(n)
    xs = list(sp.symbols(f"x0:{n}"))
    x = sp.Matrix(xs)
    e = (x.T * q * x)[0, 0]
    for i in range(n):
        flipped = e.subs(xs[i], 1 - xs[i])
        rhs = (1 - 2 * xs[i]) * (q[i, i] + 2 * sum(q[i, j] * xs[j] for j in range(n) if j != i))
        if reduce_binary(flipped - e - rhs, xs) != 0:
            return False
    return True


def sympy_qama_matrix(hh: int = 2, n: int = 3) -> bool:
    """SUR-QAMA-01: the survey's entries of ``Q`` give the closed form (symbolic ``J``, ``h``,
    ``c_q``, ``c_l``, ``p``). Every kind of entry (same head, diagonal, cross head) occurs."""
    cq, cl, p = sp.symbols("c_q c_l p")
    jj = [
        sp.Matrix(
            n, n, lambda a, b, h=h: 0 if a == b else sp.Symbol(f"J{h}_{min(a, b)}{max(a, b)}")
        )
        for h in range(hh)
    ]
    hv = [[sp.Symbol(f"h{h}_{a}") for a in range(n)] for h in range(hh)]
    xs = [[sp.Symbol(f"x{h}_{a}") for a in range(n)] for h in range(hh)]
    flat = [xs[h][a] for h in range(hh) for a in range(n)]
    m = hh * n
    q = sp.zeros(m, m)
    for h1 in range(hh):
        for a in range(n):
            for h2 in range(hh):
                for b in range(n):
                    i, j = h1 * n + a, h2 * n + b
                    if h1 == h2 and a != b:
                        q[i, j] = -cq * jj[h1][a, b]
                    elif h1 == h2 and a == b:
                        q[i, j] = -cl * n * hv[h1][a]
                    elif a == b:
                        q[i, j] = p
    if q != q.T:
        return False
    xv = sp.Matrix(flat)
    lhs = (xv.T * q * xv)[0, 0]
    attn = sum(
        jj[h][a, b] * xs[h][a] * xs[h][b] for h in range(hh) for a in range(n) for b in range(n)
    )
    lin = sum(hv[h][a] * xs[h][a] for h in range(hh) for a in range(n))
    pen = sum(
        xs[h1][a] * xs[h2][a] for a in range(n) for h1 in range(hh) for h2 in range(hh) if h1 != h2
    )
    return bool(reduce_binary(lhs - (-cq * attn - cl * n * lin + p * pen), flat) == 0)


def sympy_penalty_count(hh: int = 4) -> bool:
    """SUR-QAMA-04: ``sum_{h != h'} x_h x_h' = c (c - 1)`` with ``c = sum_h x_h``, modulo
    ``x^2 = x``; and ``c(c-1) >= 0`` on integers with equality iff ``c in {0, 1}``."""
    xs = list(sp.symbols(f"x0:{hh}"))
    c = sum(xs)
    lhs = sum(xs[a] * xs[b] for a in range(hh) for b in range(hh) if a != b)
    ok = reduce_binary(lhs - c * (c - 1), xs) == 0
    cc = sp.Symbol("c", integer=True, nonnegative=True)
    return bool(ok and sp.solve(sp.Eq(cc * (cc - 1), 0), cc) == [0, 1])


def sympy_exchange() -> bool:
    """Comparative statics (SUR-QAMA-04, SUR-GROQ-04): if ``x1`` minimises ``F + a1 G`` and ``x2``
    minimises ``F + a2 G`` then adding the two optimality inequalities gives
    ``(a2 - a1)(G2 - G1) <= 0``: the sum of the two slacks equals ``(a2-a1)(G1-G2)``."""
    f1, f2, g1, g2, a1, a2 = sp.symbols("F1 F2 G1 G2 a1 a2")
    s1 = (f2 + a1 * g2) - (f1 + a1 * g1)  # >= 0: x1 optimal at a1
    s2 = (f1 + a2 * g1) - (f2 + a2 * g2)  # >= 0: x2 optimal at a2
    return bool(sp.expand(s1 + s2 - (a2 - a1) * (g1 - g2)) == 0)
