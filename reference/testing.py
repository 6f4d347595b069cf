"""Random instances for the ledger, benchmarks and tests (explicit ``numpy.random.Generator`` only).

>>> import numpy as np
>>> c = random_circuit(np.random.default_rng(0), num_qubits=3, num_gates=5)
>>> c.num_qubits, len(c.ops)
(3, 5)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reference import gates as _gates
from reference._types import ComplexArray
from reference.circuit import Circuit, Op, Param, ParamValue


def random_state(
    rng: np.random.Generator, num_qubits: int, *, batch: int | None = None
) -> ComplexArray:
    """Haar-random pure state(s): ``(2**n,)`` or ``(batch, 2**n)``."""
    shape = (1 << num_qubits,) if batch is None else (batch, 1 << num_qubits)
    z = rng.normal(size=shape) + 1j * rng.normal(size=shape)
    out: ComplexArray = z / np.linalg.norm(z, axis=-1, keepdims=True)
    return out


def random_product_state(rng: np.random.Generator, num_qubits: int) -> ComplexArray:
    """Tensor product of independent Haar-random one-qubit states."""
    psi: ComplexArray = np.ones(1, dtype=np.complex128)
    for _ in range(num_qubits):
        psi = np.asarray(np.kron(psi, random_state(rng, 1)), dtype=np.complex128)
    return psi


def random_circuit(
    rng: np.random.Generator,
    *,
    num_qubits: int,
    num_gates: int,
    gate_names: Sequence[str] | None = None,
    symbolic: bool = False,
    max_controls: int = 3,
) -> Circuit:
    """A random circuit over ``gate_names`` (default: the whole gate table).

    Gates that do not fit the register are skipped. With ``symbolic=True`` every parameter is a
    distinct symbol ``p0, p1, ...`` (returned unbound). Angles are uniform in ``[-2pi, 2pi]``.
    """
    names = [
        g
        for g in (gate_names or sorted(_gates.GATES))
        if (_gates.GATES[g].num_qubits or 2) <= num_qubits
    ]
    if not names:
        raise ValueError(f"no gate of {gate_names} fits num_qubits={num_qubits}")
    ops: list[Op] = []
    k = 0
    while len(ops) < num_gates:
        spec = _gates.GATES[str(rng.choice(names))]
        arity = spec.num_qubits
        if arity is None:
            arity = int(rng.integers(2, min(num_qubits, max_controls + 1) + 1))
        qubits = tuple(int(q) for q in rng.choice(num_qubits, size=arity, replace=False))
        params: list[ParamValue] = []
        for _ in range(spec.num_params):
            if symbolic:
                params.append(Param(f"p{k}"))
                k += 1
            else:
                params.append(float(rng.uniform(-2 * np.pi, 2 * np.pi)))
        ops.append(Op(spec.name, qubits, tuple(params)))
    return Circuit(num_qubits, tuple(ops))


__all__ = ["random_circuit", "random_product_state", "random_state"]
