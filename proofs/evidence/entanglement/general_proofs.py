"""General-``n`` proofs of the SWAP test (``S001-P11``) and the c-SWAP test (``S001-P12``).

Every step is a SymPy identity, for symbolic register dimensions (``N = 2^n``, ``D_A``, ``D_R``):

1. *One ancilla*: ``(H x 1) CS (H x 1) = 1/2 [[1 + S, 1 - S], [1 - S, 1 + S]]`` with ``S`` a
   non-commuting symbol (any operator), so from ``|0>|phi>`` the ancilla reads ``z`` with the data
   left in ``Pi_z |phi>``, ``Pi_z = (1 + (-1)^z S) / 2``.
2. *Projector*: ``S`` is a permutation of basis states with ``S^2 = 1`` (a product of swaps on
   disjoint qubit pairs), hence Hermitian, and ``Pi_z^2 = Pi_z``; so ``P(z) = <phi|Pi_z|phi>``.
3. *Index algebra* (:mod:`proofs.evidence.index_algebra`): ``<a b|SWAP|a b> = |<a|b>|^2``,
   Lagrange's identity ``sum_ij |a_i b_j - a_j b_i|^2 = 2(|a|^2|b|^2 - |<a|b>|^2)`` (so
   ``P(1) in [0, 1/2]``, with ``P(1) = 0`` iff every ``a_i b_j = a_j b_i``, i.e. ``b = c a``, and
   ``|c| = 1`` for unit vectors), the swap trick ``<psi psi|S_alpha|psi psi> = Tr rho_alpha^2`` and
   ``Tr rho_alpha^2 = Tr rho_{alpha^c}^2``.
4. *Several ancillas* (c-SWAP): the gates of different controls act on disjoint qubits, so they
   commute and the outcome ``z`` leaves ``prod_i (1 + s_i S_i)/2``, ``s_i = (-1)^{z_i}``; the
   expansion ``prod_{i<=n} (1 + s_i S_i) = sum_{alpha subset [n]} prod_{i in alpha} s_i S_i`` is
   proved by induction (base ``n = 0``, step checked symbolically), giving
   ``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2``; pairing ``alpha`` with its
   complement (a fixed-point-free involution for ``n >= 1``) and
   ``(-1)^{|z| - k} = -(-1)^k`` for odd ``|z|`` gives ``P(odd parity) = 0``.
5. *The reference's circuits* have this structure: :func:`structure_swap_test` /
   :func:`structure_cswap` check the emitted gate list (one ``H``, one ``CSWAP`` per register qubit
   pair on disjoint qubits, ``H``); the circuit builders are loops, checked at the sizes listed.

Each ``*_proof`` function takes the asserted constant as an argument, so that a wrong statement
(a wrong constant or sign) is shown not to be proved (``tests/test_general_proofs.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from proofs.evidence.index_algebra import equal_sums, normal_form
from reference.circuit import Circuit
from reference.estimators import swap_test
from reference.mechanisms import entanglement as ent
from reference.mechanisms.entanglement.config import Encoding

__all__ = [
    "cswap_proof",
    "one_ancilla_block",
    "structure_cswap",
    "structure_swap_test",
    "swap_structure_sizes",
    "swap_test_proof",
]

_S = sp.Symbol("S", commutative=False)


def _reduce_involution(expr: Any, *ops: Any) -> Any:
    """Expand and replace ``op**2`` by 1 (``S^2 = 1``, ``s^2 = 1``) until nothing changes."""
    out = sp.expand(expr)
    for _ in range(8):
        new = sp.expand(out.subs({op**2: 1 for op in ops}))
        if new == out:
            break
        out = new
    return out


def one_ancilla_block(sign: Any = 1) -> bool:
    """Step 1 and 2: ``H CS H`` has the blocks ``(1 +- S)/2`` and ``Pi_z^2 = Pi_z``.

    ``sign`` is the asserted sign of ``S`` in the ``z = 0`` block (``1`` is the true one)."""
    h = sp.Matrix([[1, 1], [1, -1]]) / sp.sqrt(2)
    cs = sp.Matrix([[1, 0], [0, _S]])
    m = (h * cs * h).applyfunc(sp.expand)
    want = sp.Matrix([[1 + sign * _S, 1 - sign * _S], [1 - sign * _S, 1 + sign * _S]]) / 2
    if (m - want).applyfunc(sp.expand) != sp.zeros(2, 2):
        return False
    s = sp.Symbol("s")  # s = (-1)^z, s^2 = 1
    pi = (1 + s * _S) / 2
    return bool(_reduce_involution(pi * pi - pi, _S, s) == 0)


_HALF = sp.Rational(1, 2)


def swap_test_proof(factor: Any = _HALF) -> tuple[bool, str]:
    """``P(1) = factor * (|a|^2 |b|^2 - |<a|b>|^2)`` for registers of dimension ``N`` (symbolic).

    ``P(1) = <phi|(1 - S)/2|phi>`` (steps 1, 2) with ``phi = a (x) b`` indexed ``(i, j)`` and
    ``(S phi)_{ij} = phi_{ji}``. Also Lagrange's identity (the bounds and the equality case)."""
    if not one_ancilla_block():
        return False, "one-ancilla block identity"
    n = sp.Symbol("N", integer=True, positive=True)
    i, j = sp.symbols("i j", integer=True)
    a, b, ab, bb = (sp.IndexedBase(x) for x in ("a", "b", "abar", "bbar"))
    rng = {i: n, j: n}
    phi = a[i] * b[j]
    phibar = ab[i] * bb[j]
    swapped = a[j] * b[i]  # (S phi)_{ij} = phi_{ji}
    # P(1) = (<phi|phi> - <phi|S|phi>) / 2 as one double sum
    p1 = normal_form((phibar * phi - phibar * swapped) / 2, rng)
    na = normal_form(ab[i] * a[i], {i: n})
    nb = normal_form(bb[i] * b[i], {i: n})
    ov = normal_form(ab[i] * b[i], {i: n})  # <a|b>
    ovc = normal_form(bb[i] * a[i], {i: n})  # <b|a> = conj <a|b>
    if sp.expand(p1 - factor * (na * nb - ov * ovc)) != 0:
        return False, "P(1) differs from the stated form"
    # Lagrange: sum_ij |a_i b_j - a_j b_i|^2 = 2 (|a|^2 |b|^2 - |<a|b>|^2)
    lag = normal_form((a[i] * b[j] - a[j] * b[i]) * (ab[i] * bb[j] - ab[j] * bb[i]), rng)
    if sp.expand(lag - 2 * (na * nb - ov * ovc)) != 0:
        return False, "Lagrange identity"
    # equality case: a_i b_j = a_j b_i for all i, j and a_i != 0 give b = (b_i / a_i) a
    ai, aj, bi = sp.symbols("a_i a_j b_i", nonzero=True)
    bj = sp.solve(sp.Eq(ai * sp.Symbol("b_j"), aj * bi), sp.Symbol("b_j"))
    if bj != [bi / ai * aj]:
        return False, "equality case"
    return True, (
        "P(1) = <phi|(1 - S)/2|phi> from H CS H = [[1+S, 1-S], [1-S, 1+S]]/2 (S non-commuting, "
        "S^2 = 1); <ab|S|ab> = |<a|b>|^2 and Lagrange's identity by index algebra over a "
        "symbolic dimension N, hence P(1) in [0, 1/2] and P(1) = 0 iff b = c a, |c| = 1"
    )


def cswap_proof(sign: Any = -1) -> tuple[bool, str]:
    """``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2`` and ``P(odd) = 0``, every ``n``.

    ``sign`` is the asserted value of ``(-1)^{|z| - k} / (-1)^k`` for odd ``|z|`` (``-1``)."""
    if not one_ancilla_block():
        return False, "one-ancilla block identity"
    # induction step of prod_{i<=n}(1 + s_i S_i) = sum_{alpha subset [n]} prod_{i in alpha} s_i S_i:
    # subsets of [n+1] are alpha and alpha + {n+1}, so F_{n+1} = F_n + F_n s S; E_{n+1} = E_n (1+sS)
    e_n, s, s_op = sp.symbols("E_n s S_next")
    f_n = e_n  # induction hypothesis E_n = F_n; base case n = 0: the empty product = {empty set}
    if sp.expand(e_n * (1 + s * s_op) - (f_n + f_n * s * s_op)) != 0:
        return False, "induction step of the subset expansion"
    nn = sp.Symbol("n", integer=True, nonnegative=True)
    if sp.simplify(sp.Rational(1, 2) ** nn * sp.Rational(1, 2) - sp.Rational(1, 2) ** (nn + 1)):
        return False, "2^-n normalisation"
    # swap trick: psi indexed (a, r), a on alpha (dim DA), r on the rest (dim DR); two copies
    da, dr = sp.symbols("D_A D_R", integer=True, positive=True)
    a1, a2, r1, r2 = sp.symbols("a1 a2 r1 r2", integer=True)
    p, pb = sp.IndexedBase("psi"), sp.IndexedBase("psibar")
    rng = {a1: da, a2: da, r1: dr, r2: dr}
    # <psi psi| S_alpha |psi psi>: S_alpha exchanges a1 <-> a2
    swap_exp = pb[a1, r1] * pb[a2, r2] * p[a2, r1] * p[a1, r2]
    # Tr rho_alpha^2, rho_{a a'} = sum_r psi_{a r} conj(psi_{a' r})
    tr_a = p[a1, r1] * pb[a2, r1] * p[a2, r2] * pb[a1, r2]
    # Tr rho_{alpha^c}^2, rho'_{r r'} = sum_a psi_{a r} conj(psi_{a r'})
    tr_c = p[a1, r1] * pb[a1, r2] * p[a2, r2] * pb[a2, r1]
    if not (equal_sums(swap_exp, tr_a, rng) and equal_sums(tr_a, tr_c, rng)):
        return False, "swap trick / complement purity"
    # odd parity: alpha <-> complement flips the sign (-1)^{|z & alpha|} when |z| is odd
    m, k = sp.symbols("m k", integer=True)
    w = 2 * m + 1
    if sp.simplify((-1) ** (w - k) - sign * (-1) ** k) != 0:
        return False, "odd-parity pairing sign"
    return True, (
        "H CS H blocks (S non-commuting); the subset expansion of prod_i (1 + s_i S_i) by "
        "induction on n; Pi_z^2 = Pi_z; the swap trick <psi psi|S_alpha|psi psi> = Tr rho_alpha^2 "
        "and Tr rho_alpha^2 = Tr rho_{alpha^c}^2 by index algebra over symbolic D_A, D_R; "
        "(-1)^{|z| - k} = -(-1)^k for odd |z|"
    )


# ---------------------------------------------------------------------------------------------
# the reference's circuits have the structure the proof assumes


def _test_ops(c: Circuit) -> list[tuple[str, tuple[int, ...]]]:
    return [(op.gate, tuple(op.qubits)) for op in c.gate_ops if op.gate in ("h", "cswap")]


def structure_swap_test(c: Circuit, a: Sequence[int], b: Sequence[int], anc: int = 0) -> bool:
    """From the first gate on ``anc`` on: ``H(anc)``, ``CSWAP(anc; a_i, b_i)`` for every pair,
    ``H(anc)``, nothing else, on disjoint qubits (the gates before it prepare the registers)."""
    ops = [(op.gate, tuple(op.qubits)) for op in c.gate_ops if op.gate != "measure"]
    first = next((k for k, (_, qs) in enumerate(ops) if anc in qs), len(ops))
    if any(anc in qs for _, qs in ops[:first]):
        return False
    want = [("h", (anc,)), *(("cswap", (anc, x, y)) for x, y in zip(a, b, strict=True))]
    want.append(("h", (anc,)))
    qs = [anc, *a, *b]
    return ops[first:] == want and len(set(qs)) == len(qs)


def structure_cswap(c: Circuit, n: int) -> bool:
    """``H`` on every control ``i``, ``CSWAP(i; n + i, 2n + i)``, ``H`` again; qubits disjoint."""
    ops = _test_ops(c)
    hs = [("h", (i,)) for i in range(n)]
    cs = [("cswap", (i, n + i, 2 * n + i)) for i in range(n)]
    return ops == hs + cs + hs and c.num_qubits == 3 * n


def swap_structure_sizes() -> tuple[bool, str]:
    """Register sizes at which the emitted SWAP-test circuits were checked, or the failure."""
    seen = []
    for n in range(1, 9):
        a, b = list(range(n)), list(range(n, 2 * n))
        c = swap_test.swap_test_circuit(2 * n, a, b)
        if not structure_swap_test(c, [x + 1 for x in a], [x + 1 for x in b]):
            return False, f"swap_test_circuit, registers of {n} qubits"
    seen.append("swap_test_circuit n = 1..8")
    grid: tuple[tuple[Encoding, tuple[int, ...]], ...] = (
        ("super_dense", (4, 8, 12)),
        ("dense", (2, 4, 6)),
        ("iqp", (1, 2, 3)),
    )
    for enc, ds in grid:
        for d in ds:
            cfg = ent.EntanglementConfig(encoding=enc, layers=1)
            nr = cfg.register_qubits(d)
            c = ent.pair_swap_test_circuit(np.full(d, 0.1), np.full(d, 0.2), config=cfg)
            if not structure_swap_test(c, list(range(1, nr + 1)), list(range(nr + 1, 2 * nr + 1))):
                return False, f"pair_swap_test_circuit {enc} d={d}"
        seen.append(f"pair_swap_test_circuit {enc} d in {ds}")
    return True, ", ".join(seen)
