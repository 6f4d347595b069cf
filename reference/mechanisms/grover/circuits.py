"""Gate-level Grover circuits for ``N = 2^m`` items: phase oracle, diffusion, iterations, and the
simulated success probability (compare with S002-C26; see :mod:`reference.mechanisms.grover`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reference import simulate as _sim
from reference._validate import integer
from reference.circuit import Circuit, CircuitBuilder
from reference.mechanisms.grover.search import marked_mask

# ---------------------------------------------------------------------------------------------
# gate-level circuits (N = 2^m)


def _check_qubits(num_qubits: int) -> int:
    return integer("num_qubits", num_qubits, lo=1)


def _all_z(b: CircuitBuilder, num_qubits: int) -> None:
    """``I - 2|1...1><1...1|``: ``z`` on one qubit, ``mcz`` on several."""
    if num_qubits == 1:
        b.z(0)
    else:
        b.add("mcz", tuple(range(num_qubits)))


def phase_oracle(num_qubits: int, marked: Sequence[int]) -> Circuit:
    """``O_f = I - 2 sum_{x marked} |x><x|``: per marked ``x``, X on its 0 bits, mcz, X again.

    Basis index convention: qubit 0 is the most significant bit.
    """
    n = _check_qubits(num_qubits)
    mask = marked_mask(1 << n, list(marked))
    b = Circuit.build(n, name=f"grover_oracle{n}")
    for x in np.flatnonzero(mask):
        zeros = [q for q in range(n) if not (int(x) >> (n - 1 - q)) & 1]
        for q in zeros:
            b.x(q)
        _all_z(b, n)
        for q in zeros:
            b.x(q)
    return b.done()


def diffusion(num_qubits: int) -> Circuit:
    """``H X mcz X H = I - 2|s><s| = -(2|s><s| - I)`` (the global phase -1 is harmless)."""
    n = _check_qubits(num_qubits)
    b = Circuit.build(n, name=f"grover_diffusion{n}")
    for q in range(n):
        b.h(q)
    for q in range(n):
        b.x(q)
    _all_z(b, n)
    for q in range(n):
        b.x(q)
    for q in range(n):
        b.h(q)
    return b.done()


def grover_iteration(num_qubits: int, marked: Sequence[int]) -> Circuit:
    """One Grover iteration: oracle then diffusion (equals ``-G``)."""
    c = phase_oracle(num_qubits, marked).then(diffusion(num_qubits))
    return Circuit(c.num_qubits, c.ops, 0, f"grover_iteration{num_qubits}")


def grover_circuit(
    num_qubits: int, marked: Sequence[int], iterations: int, *, measure: bool = False
) -> Circuit:
    """``H^{(x)m}`` then ``iterations`` Grover iterations; optionally measure every qubit.

    Its state is ``(-1)^r G^r |s>`` (S002-C26 at gate level).
    """
    n = _check_qubits(num_qubits)
    if iterations < 0:
        raise ValueError(f"iterations={iterations} must be >= 0")
    b = Circuit.build(n, name=f"grover{n}_r{iterations}")
    for q in range(n):
        b.h(q)
    it = grover_iteration(n, marked)
    ops = list(b.done().ops) + list(it.ops) * iterations
    c = Circuit(n, tuple(ops), 0, f"grover{n}_r{iterations}")
    return c.measure_all() if measure else c


def gate_level_success_probability(
    num_qubits: int, marked: Sequence[int], iterations: int
) -> float:
    """``P_succ`` from the simulated :func:`grover_circuit` (compare with S002-C26)."""
    n = _check_qubits(num_qubits)
    mask = marked_mask(1 << n, list(marked))
    psi = _sim.statevector(grover_circuit(n, marked, iterations))
    return float(np.sum(np.abs(psi[mask]) ** 2))
