r"""SWAP test and controlled-SWAP concurrence: measurement circuits and their read-outs.

Shot-based estimators on the circuit IR (DESIGN.md, "From counts back to scores"); seed 001,
``claims/seed001-entanglement-attention.md`` §4.2-§4.3, claims ``S001-P11`` .. ``S001-P15``,
``S001-A11``.

* :func:`swap_test_circuit`: ancilla ``H``, ``CSWAP`` of two registers, ``H``, measure the
  ancilla: :math:`P(1) = (1 - \mathrm{Re}\langle\psi|\mathrm{SWAP}_{AB}|\psi\rangle)/2`, for a
  product :math:`|a\rangle|b\rangle` equal to :math:`(1 - |\langle a|b\rangle|^2)/2` (``S001-P11``).
* :func:`cswap_concurrence_circuit`: the controlled-SWAP test of two copies of an ``n``-qubit state
  (Foulds, Kendon & Spiller 2021); its control distribution
  :math:`P(z) = 2^{-n}\sum_\alpha (-1)^{|z \wedge \alpha|}\mathrm{Tr}\rho_\alpha^2` (``S001-P12``)
  gives :math:`C_n = 2\sqrt{1 - P(0^n)}` (``S001-P13``, ``S001-A11``).

Notation map (paper -> code): :math:`P(0^n)` -> ``p0``; :math:`C_n` -> :func:`concurrence_from_p0`;
:math:`\mathrm{Tr}\rho_\alpha^2` -> :func:`reference.quantum_info.all_subsystem_purities`.

>>> import numpy as np
>>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
>>> round(float(concurrence_cswap(bell)[0]), 12)
1.0
>>> swap_test_circuit(2, [0], [1]).count_ops()
{'h': 2, 'cswap': 1, 'measure': 1}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference._validate import complex_array, integer, real_array
from reference.circuit import Circuit, CircuitBuilder

MAX_CSWAP_QUBITS: Final[int] = 7
"""Largest state (``n`` qubits) whose controlled-SWAP test (``3 n`` qubits) is simulated."""


def _shifted(b: CircuitBuilder, prep: Circuit, offset: int) -> None:
    for op in prep.gate_ops:
        b.add(op.gate, [q + offset for q in op.qubits], op.params)


def swap_test_circuit(
    num_qubits: int,
    a: Sequence[int],
    b: Sequence[int],
    *,
    prep: Circuit | None = None,
    name: str = "swap-test",
) -> Circuit:
    """SWAP test of registers ``a`` and ``b`` of a ``num_qubits``-qubit state; ancilla = qubit 0.

    The state lives on qubits ``1..num_qubits`` (its qubit ``q`` is circuit qubit ``q + 1``);
    ``prep`` (a ``num_qubits``-qubit circuit, optional) prepares it, otherwise pass the state as
    ``initial`` to the simulator. Then ``H(0)``, ``CSWAP(0; a_i + 1, b_i + 1)`` for every pair,
    ``H(0)``, and the ancilla is measured: ``P(1) = (1 - Re <psi|SWAP_ab|psi>) / 2``.
    """
    n = integer("num_qubits", num_qubits, lo=2)
    if len(a) != len(b) or not a:
        raise ValueError(f"a={tuple(a)} and b={tuple(b)} must be registers of one non-zero size")
    for q in (*a, *b):
        integer("qubit", q, lo=0, hi=n - 1)
    if prep is not None and prep.num_qubits != n:
        raise ValueError(f"prep has {prep.num_qubits} qubits; expected num_qubits={n}")
    bld = Circuit.build(n + 1, name=name)
    if prep is not None:
        _shifted(bld, prep, 1)
    bld.h(0)
    for qa, qb in zip(a, b, strict=True):
        bld.cswap(0, qa + 1, qb + 1)
    bld.h(0)
    bld.measure([0])
    return bld.done()


def swap_test_p1(final_states: npt.ArrayLike) -> FloatArray:
    """``P(ancilla = 1)`` of simulated :func:`swap_test_circuit` states ``(B, 2**(n + 1))``."""
    psi = complex_array("final_states", final_states, ndim=2, shape_text="(B, 2**(n + 1))")
    return np.asarray(np.sum(np.abs(psi[:, psi.shape[1] // 2 :]) ** 2, axis=1), dtype=np.float64)


def cswap_concurrence_circuit(num_qubits: int, *, prep: Circuit | None = None) -> Circuit:
    """Controlled-SWAP test of two copies of an ``n``-qubit state (Foulds, Kendon & Spiller 2021).

    Layout on ``3 n`` qubits: controls ``c_i`` = qubits ``0..n-1``, copy 1 = ``n..2n-1``, copy 2 =
    ``2n..3n-1``. ``prep`` (an ``n``-qubit circuit, optional) prepares the state on both copies;
    without it pass the two-copy state as ``initial`` to the simulator. Then ``H`` on every
    control, ``CSWAP(c_i; copy1_i, copy2_i)``, ``H`` again, and the controls are measured. The
    outcome distribution is ``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2``
    (``S001-P12``) and ``C_n = 2 sqrt(1 - P(0^n))`` (``S001-P13``).

    >>> cswap_concurrence_circuit(2).count_ops()
    {'h': 4, 'cswap': 2, 'measure': 1}
    """
    n = integer("num_qubits", num_qubits, lo=1)
    if prep is not None and prep.num_qubits != n:
        raise ValueError(f"prep has {prep.num_qubits} qubits; expected num_qubits={n}")
    b = Circuit.build(3 * n, name="entanglement-cswap-concurrence")
    if prep is not None:
        for off in (n, 2 * n):
            _shifted(b, prep, off)
    for c in range(n):
        b.h(c)
    for c in range(n):
        b.cswap(c, n + c, 2 * n + c)
    for c in range(n):
        b.h(c)
    b.measure(list(range(n)))
    return b.done()


# ---------------------------------------------------------------------------------------------
# measures on states


def _states(state: npt.ArrayLike, what: str = "states") -> tuple[ComplexArray, int]:
    psi = complex_array(what, state, ndim=(1, 2), shape_text="(2**n,) or (B, 2**n)")
    if psi.ndim == 1:
        psi = psi[None]
    dim = psi.shape[1]
    if dim < 2 or dim & (dim - 1):
        raise ValueError(f"{what} has length {dim}, not a power of two >= 2")
    return psi, dim.bit_length() - 1


def cswap_probabilities(states: npt.ArrayLike, *, chunk: int = 64) -> FloatArray:
    """Control-register distribution of the controlled-SWAP test, by simulating its circuit.

    ``states``: ``(B, 2**n)`` (or ``(2**n,)``) pure states with ``n <= MAX_CSWAP_QUBITS``; the
    ``3n``-qubit circuit of :func:`cswap_concurrence_circuit` runs on ``|0^n> (x) psi (x) psi``.
    Returns ``(B, 2**n)`` probabilities of the control outcomes ``z`` (control 0 = most
    significant bit of the index).
    """
    psi, n = _states(states)
    if n > MAX_CSWAP_QUBITS:
        raise ValueError(
            f"states have n={n} qubits; the c-SWAP circuit (3n qubits) is simulated only for "
            f"n <= {MAX_CSWAP_QUBITS}: use concurrence_purity for larger states"
        )
    integer("chunk", chunk, lo=1)
    circ = cswap_concurrence_circuit(n)
    out = np.empty((psi.shape[0], 1 << n))
    for lo in range(0, psi.shape[0], chunk):
        p = psi[lo : lo + chunk]
        two = (p[:, :, None] * p[:, None, :]).reshape(p.shape[0], -1)  # psi (x) psi
        init = np.zeros((p.shape[0], 1 << (3 * n)), dtype=np.complex128)
        init[:, : 1 << (2 * n)] = two  # controls |0^n> (most significant qubits)
        final = sim.statevector(circ, initial=init)
        out[lo : lo + chunk] = np.sum(np.abs(final.reshape(p.shape[0], 1 << n, -1)) ** 2, axis=2)
    return out


def parity_even(n: int) -> npt.NDArray[np.bool_]:
    """``(2**n,)`` mask of the outcomes ``z`` with an even number of 1s (``0^n`` included)."""
    return np.asarray((_popcount(np.arange(1 << n, dtype=np.int64)) % 2) == 0)


def _popcount(x: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    c = np.zeros_like(x)
    y = x.copy()
    while np.any(y):
        c += y & 1
        y >>= 1
    return c


def cswap_probabilities_purity(states: npt.ArrayLike) -> FloatArray:
    """``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2`` from subsystem purities.

    The closed form of the c-SWAP test distribution (``S001-P12``), same indexing as
    :func:`cswap_probabilities` (control ``i`` <-> qubit ``i`` <-> bit ``n-1-i`` of ``z``).
    """
    psi, n = _states(states)
    pur = qi.all_subsystem_purities(psi)  # (B, 2**n), bit q of the mask = qubit q
    masks = np.arange(1 << n, dtype=np.int64)
    # z index: qubit i is bit n-1-i; reverse the bits of z to compare with the purity masks
    zq = np.zeros_like(masks)
    for i in range(n):
        zq |= ((masks >> (n - 1 - i)) & 1) << i
    sign = 1.0 - 2.0 * (_popcount(zq[:, None] & masks[None, :]) & 1)
    return np.asarray(pur @ sign.T / float(1 << n), dtype=np.float64)


def concurrence_from_p0(p0: npt.ArrayLike) -> FloatArray:
    """``C_n = 2 sqrt(1 - P(0^n))`` (``S001-A11``, ``S001-P13``), clipped at 0 for round-off."""
    p = real_array("p0", p0)
    return np.asarray(2.0 * np.sqrt(np.clip(1.0 - p, 0.0, None)), dtype=np.float64)


def concurrence_purity(states: npt.ArrayLike) -> FloatArray:
    """``C_n`` of pure states ``(B, 2**n)`` by ``P(0^n) = 2^-n sum_alpha Tr rho_alpha^2``."""
    psi, _ = _states(states)
    return concurrence_from_p0(np.mean(qi.all_subsystem_purities(psi), axis=1))


def concurrence_cswap(states: npt.ArrayLike) -> FloatArray:
    """``C_n`` read off the simulated controlled-SWAP circuit: ``2 sqrt(1 - P(0^n))``."""
    return concurrence_from_p0(cswap_probabilities(states)[:, 0])


__all__ = [
    "MAX_CSWAP_QUBITS",
    "concurrence_cswap",
    "concurrence_from_p0",
    "concurrence_purity",
    "cswap_concurrence_circuit",
    "cswap_probabilities",
    "cswap_probabilities_purity",
    "parity_even",
    "swap_test_circuit",
    "swap_test_p1",
]
