"""Exact (SymPy) simulation of the reference's own gate lists: the SWAP-test and c-SWAP
identities proved on symbolic amplitudes (``S001-P05``, ``S001-P11``, ``S001-P12``)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import sympy as sp

from reference.circuit import Circuit
from reference.estimators import swap_test
from reference.mechanisms import entanglement as ent

# ---------------------------------------------------------------------------------------------
# exact (SymPy) simulation of the reference's own gate lists


def _sp_gate(name: str, params: Sequence[Any]) -> sp.Matrix:
    half = sp.Rational(1, 2)
    if name == "h":
        return sp.Matrix([[1, 1], [1, -1]]) / sp.sqrt(2)
    if name == "rx":
        t = params[0] * half
        return sp.Matrix([[sp.cos(t), -sp.I * sp.sin(t)], [-sp.I * sp.sin(t), sp.cos(t)]])
    if name == "ry":
        t = params[0] * half
        return sp.Matrix([[sp.cos(t), -sp.sin(t)], [sp.sin(t), sp.cos(t)]])
    if name == "crx":
        r = _sp_gate("rx", params)
        m = sp.eye(4)
        m[2:, 2:] = r
        return m
    if name == "swap":
        return sp.Matrix([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    if name == "cswap":
        m = sp.eye(8)
        m[4:, 4:] = _sp_gate("swap", ())
        return m
    raise ValueError(f"gate={name!r} has no exact SymPy matrix here")


def _sp_apply(state: list[Any], n: int, name: str, qubits: Sequence[int]) -> list[Any]:
    """Apply an exact gate to a symbolic statevector (qubit 0 = most significant bit)."""
    u = _sp_gate(name, ())
    k = len(qubits)
    out = [sp.Integer(0)] * (1 << n)
    for idx in range(1 << n):
        col = 0
        for q in qubits:
            col = (col << 1) | ((idx >> (n - 1 - q)) & 1)
        for row in range(1 << k):
            coeff = u[row, col]
            if coeff == 0:
                continue
            j = idx
            for pos, q in enumerate(qubits):
                bit = (row >> (k - 1 - pos)) & 1
                j = (j & ~(1 << (n - 1 - q))) | (bit << (n - 1 - q))
            out[j] = out[j] + coeff * state[idx]
    return out


def _sp_amplitudes(prefix: str, dim: int) -> list[Any]:
    xs = sp.symbols(f"{prefix}r0:{dim}", real=True)
    ys = sp.symbols(f"{prefix}i0:{dim}", real=True)
    return [x + sp.I * y for x, y in zip(xs, ys, strict=True)]


def _sp_kron(*vecs: Sequence[Any]) -> list[Any]:
    out: list[Any] = [sp.Integer(1)]
    for v in vecs:
        out = [a * b for a in out for b in v]
    return out


def _sp_abs2(z: Any) -> Any:
    return sp.expand(z * sp.conjugate(z))


def _sp_reduced_purity(psi: Sequence[Any], n: int, alpha: Sequence[int]) -> Any:
    """``Tr rho_alpha^2`` of an (unnormalised) pure state, ``(sum |psi|^2)^2`` for the empty set."""
    rest = [q for q in range(n) if q not in alpha]
    da, dr = 1 << len(alpha), 1 << len(rest)
    m = sp.zeros(da, dr)
    for idx in range(1 << n):
        bits = [(idx >> (n - 1 - q)) & 1 for q in range(n)]
        a = int("".join(str(bits[q]) for q in alpha) or "0", 2)
        r = int("".join(str(bits[q]) for q in rest) or "0", 2)
        m[a, r] = psi[idx]
    rho = m * m.H
    return sp.expand(sum(_sp_abs2(rho[i, j]) for i in range(da) for j in range(da)))


def _test_part(c: Circuit) -> list[tuple[str, tuple[int, ...]]]:
    return [(op.gate, op.qubits) for op in c.gate_ops if op.gate in ("h", "cswap")]


def _swap_test_proof() -> tuple[bool, str]:
    """P(1) = (|a|^2 |b|^2 - |<a|b>|^2) / 2 for the SWAP test of the emitted circuit, n_r = 1."""
    circ = ent.pair_swap_test_circuit(
        [0.1, 0.2], [0.3, 0.4], config=ent.EntanglementConfig(encoding="dense", layers=1)
    )
    a = _sp_amplitudes("a", 2)
    b = _sp_amplitudes("b", 2)
    state = _sp_kron([1, 0], a, b)
    for name, qs in _test_part(circ):
        state = _sp_apply(state, 3, name, qs)
    p1 = sp.expand(sum(_sp_abs2(state[i]) for i in range(4, 8)))
    na = sum(_sp_abs2(x) for x in a)
    nb = sum(_sp_abs2(x) for x in b)
    ov = sum(sp.conjugate(x) * y for x, y in zip(a, b, strict=True))
    want = sp.expand((na * nb - _sp_abs2(ov)) / 2)
    ok = sp.expand(p1 - want) == 0
    return bool(ok), f"gates {_test_part(circ)} on |0>|a>|b> with 4 complex symbols"


def _cswap_expansion_proof(n: int = 2) -> tuple[bool, str]:
    """P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2 for the emitted c-SWAP circuit."""
    circ = swap_test.cswap_concurrence_circuit(n)
    psi = _sp_amplitudes("p", 1 << n)
    state = _sp_kron(*([[1, 0]] * n), psi, psi)
    for name, qs in _test_part(circ):
        state = _sp_apply(state, 3 * n, name, qs)
    pur = {
        alpha: _sp_reduced_purity(psi, n, alpha)
        for k in range(n + 1)
        for alpha in itertools.combinations(range(n), k)
    }
    block = 1 << (2 * n)
    for z in range(1 << n):
        pz = sp.expand(sum(_sp_abs2(state[z * block + i]) for i in range(block)))
        zset = {q for q in range(n) if (z >> (n - 1 - q)) & 1}
        want = sum((-1) ** len(zset & set(alpha)) * val for alpha, val in pur.items()) / sp.Integer(
            1 << n
        )
        if sp.expand(pz - want) != 0:
            return False, f"z={z:0{n}b}: difference does not vanish"
    return True, (
        f"all {1 << n} outcomes of the emitted {3 * n}-qubit circuit "
        f"({len(circ.gate_ops)} gates) on |0^{n}> psi psi, psi with {1 << n} complex symbols "
        "(homogeneous form: Tr rho_empty^2 = |psi|^4)"
    )


def _sp_crx(t: Any) -> sp.Matrix:
    return _sp_gate("crx", (t,))
