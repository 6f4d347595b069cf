"""Shared Hypothesis strategies: circuits over the whole gate table, states, parameter batches.

The strategies draw structure with Hypothesis (so failures shrink to small circuits) and never use
global randomness. ``tests/test_strategies.py`` checks that they really produce the edge cases
(every gate, 1 qubit, symbolic parameters, multi-controlled gates with several controls).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from reference import gates as _gates
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit, Op, Param, ParamValue

GATE_NAMES: tuple[str, ...] = tuple(sorted(_gates.GATES))

angles = st.floats(
    min_value=-4 * math.pi, max_value=4 * math.pi, allow_nan=False, allow_infinity=False, width=64
)
"""Rotation angles, including 0 and multiples of pi via shrinking."""


@st.composite
def ops(
    draw: st.DrawFn,
    num_qubits: int,
    *,
    gate_names: tuple[str, ...] = GATE_NAMES,
    symbolic: bool = False,
    max_controls: int = 4,
) -> Op:
    """One op on ``num_qubits`` qubits; symbolic parameters are named ``p<k>`` by position."""
    names = [g for g in gate_names if (_gates.GATES[g].num_qubits or 2) <= num_qubits]
    name = draw(st.sampled_from(names))
    spec = _gates.GATES[name]
    arity = spec.num_qubits or draw(st.integers(2, min(num_qubits, max_controls + 1)))
    qubits = draw(st.permutations(range(num_qubits)))[:arity]
    params: list[ParamValue] = []
    for i in range(spec.num_params):
        if symbolic and draw(st.booleans()):
            params.append(draw(st.floats(-3, 3, allow_nan=False)) * Param(f"s{i}") + draw(angles))
        else:
            params.append(draw(angles))
    return Op(name, tuple(qubits), tuple(params))


@st.composite
def circuits(
    draw: st.DrawFn,
    *,
    min_qubits: int = 1,
    max_qubits: int = 6,
    max_gates: int = 30,
    gate_names: tuple[str, ...] = GATE_NAMES,
    symbolic: bool = False,
) -> Circuit:
    """Random circuits over ``gate_names`` (default: the whole gate table)."""
    n = draw(st.integers(min_qubits, max_qubits))
    usable = tuple(g for g in gate_names if (_gates.GATES[g].num_qubits or 2) <= n)
    if not usable:
        usable = ("h",)
    body = draw(st.lists(ops(n, gate_names=usable, symbolic=symbolic), max_size=max_gates))
    return Circuit(n, tuple(body))


@st.composite
def states(draw: st.DrawFn, *, min_qubits: int = 1, max_qubits: int = 6) -> ComplexArray:
    """Normalised statevectors ``(2**n,)``: Haar-like from a drawn seed, plus basis and product
    edge cases."""
    n = draw(st.integers(min_qubits, max_qubits))
    kind = draw(st.sampled_from(["haar", "basis", "product"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if kind == "basis":
        psi = np.zeros(1 << n, dtype=np.complex128)
        psi[draw(st.integers(0, (1 << n) - 1))] = 1.0
        return psi
    if kind == "product":
        from reference.testing import random_product_state

        return random_product_state(rng, n)
    from reference.testing import random_state

    return random_state(rng, n)


@st.composite
def bipartitions(draw: st.DrawFn, num_qubits: int) -> list[int]:
    """A proper, non-empty subsystem of ``range(num_qubits)`` (``num_qubits >= 2``)."""
    k = draw(st.integers(1, num_qubits - 1))
    return sorted(draw(st.permutations(range(num_qubits)))[:k])


@st.composite
def parameter_batches(
    draw: st.DrawFn, names: tuple[str, ...], *, max_batch: int = 8
) -> dict[str, FloatArray]:
    """``{name: (B,) array}`` for a batched simulation."""
    b = draw(st.integers(1, max_batch))
    return {n: np.array(draw(st.lists(angles, min_size=b, max_size=b))) for n in names}


__all__ = ["GATE_NAMES", "angles", "bipartitions", "circuits", "ops", "parameter_batches", "states"]
