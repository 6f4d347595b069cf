r"""QAOA for any QUBO as a circuit of the project IR (survey §7 (4); claim SUR-QAMA-C01).

With the Pauli form of :mod:`reference.algorithms.qubo` (``s = -Z``, ``|1> <-> x = 1``)::

    H_C = offset + sum_{i<j} J_ij Z_i Z_j - sum_i h_i Z_i,     <x|H_C|x> = x^T Q x + offset_Q,

one QAOA layer ``l`` is ``exp(-i beta_l sum_i X_i) exp(-i gamma_l H_C)`` up to global phase:

* ``h`` on every qubit first (``|+>^n``);
* per coupling ``J_ij != 0``: ``cx q[i], q[j]; rz(2 gamma J_ij) q[j]; cx q[i], q[j]``
  (``= exp(-i gamma J_ij Z_i Z_j)``; OpenQASM 3 ``stdgates.inc`` has no ``rzz``);
* per field ``h_i != 0``: ``rz(-2 gamma h_i) q[i]`` (``= exp(+i gamma h_i Z_i)``, the sign from
  ``s = -Z``);
* mixer ``rx(2 beta) q[i]`` on every qubit.

Gate count per layer: ``3 nnz(J) + nnz(h) + n`` (:func:`layer_gate_count`). Angles are
:class:`~reference.circuit.ParamExpr` of symbols ``gamma_l`` / ``beta_l`` unless numbers are given,
so the emitted OpenQASM 3 can declare them as inputs.

On a basis state ``|x>`` the cost layer multiplies by ``exp(-i gamma (E(x) - offset_I))``: the
``cx-rz-cx`` block gives ``exp(-i gamma J_ij z_i z_j)`` with ``z = 1 - 2x = -s``, so ``z_i z_j =
s_i s_j``, and ``rz(-2 gamma h_i)`` gives ``exp(+i gamma h_i z_i) = exp(-i gamma h_i s_i)``. Hence
the layer equals ``exp(-i gamma diag(x^T Q x))`` up to the global phase ``exp(i gamma offset_I)``.

>>> from reference.algorithms.qubo import QUBO
>>> c = qaoa_circuit(QUBO.from_matrix([[1.0, 0.5], [0.5, -1.0]]), layers=1)
>>> c.parameters, c.count_ops()
(('gamma_0', 'beta_0'), {'h': 2, 'cx': 2, 'rz': 3, 'rx': 2})
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from reference import simulate as _sim
from reference._types import ComplexArray, FloatArray
from reference._validate import integer, real_array
from reference.algorithms.qubo import QUBO, pauli_diagonal, to_ising
from reference.circuit import Circuit, CircuitBuilder, Param, ParamValue


def _angles(name: str, values: Sequence[ParamValue] | None, layers: int) -> tuple[ParamValue, ...]:
    if values is None:
        return tuple(Param(f"{name}_{l}") for l in range(layers))
    vals = tuple(values)
    if len(vals) != layers:
        raise ValueError(f"{name}s has {len(vals)} entries; expected layers={layers}")
    return vals


def cost_layer(b: CircuitBuilder, qubo: QUBO, gamma: ParamValue) -> CircuitBuilder:
    """Append ``exp(-i gamma H_C)`` (up to global phase) to the builder ``b``."""
    ising = to_ising(qubo)
    for i, j in zip(*np.nonzero(ising.J), strict=True):
        b.cx(int(i), int(j)).rz(int(j), gamma * (2.0 * float(ising.J[i, j]))).cx(int(i), int(j))
    for i in np.flatnonzero(ising.h):
        b.rz(int(i), gamma * (-2.0 * float(ising.h[i])))
    return b


def mixer_layer(b: CircuitBuilder, n: int, beta: ParamValue) -> CircuitBuilder:
    """Append ``exp(-i beta sum X_i)`` = ``rx(2 beta)`` on every qubit."""
    for i in range(n):
        b.rx(i, beta * 2.0)
    return b


def qaoa_circuit(
    qubo: QUBO,
    *,
    layers: int = 1,
    gammas: Sequence[ParamValue] | None = None,
    betas: Sequence[ParamValue] | None = None,
    initial_layer: bool = True,
    name: str = "qaoa",
) -> Circuit:
    """The depth-``layers`` QAOA circuit of ``qubo`` (``n`` qubits, qubit ``i`` = ``x_i``).

    ``gammas``/``betas`` default to symbols ``gamma_l``/``beta_l``.
    """
    integer("layers", layers, lo=1)
    g = _angles("gamma", gammas, layers)
    bt = _angles("beta", betas, layers)
    n = qubo.num_variables
    b = Circuit.build(n, name=name)
    if initial_layer:
        for i in range(n):
            b.h(i)
    for l in range(layers):
        cost_layer(b, qubo, g[l])
        mixer_layer(b, n, bt[l])
    return b.done()


def cost_layer_circuit(qubo: QUBO, gamma: ParamValue) -> Circuit:
    """The cost layer alone (no ``h``, no mixer), for SUR-QAMA-C01."""
    return cost_layer(Circuit.build(qubo.num_variables, name="qaoa_cost"), qubo, gamma).done()


def layer_gate_count(qubo: QUBO) -> int:
    """The formula ``3 nnz(J) + nnz(h) + n`` (survey §7 (4))."""
    ising = to_ising(qubo)
    return 3 * int(np.count_nonzero(ising.J)) + int(np.count_nonzero(ising.h)) + qubo.num_variables


def expectation(qubo: QUBO, gammas: npt.ArrayLike, betas: npt.ArrayLike) -> FloatArray:
    """``<psi(gamma, beta)| H_C |psi(gamma, beta)>`` for ``B`` parameter sets at once.

    ``gammas, betas: (B, p)`` (or ``(p,)`` for one set). One symbolic circuit simulated with batched
    bindings; the energy is ``probabilities @ diag(H_C)``. Returns ``(B,)`` (or a 0-d array).
    """
    ga = real_array("gammas", gammas, ndim=(1, 2), shape_text="(B, p) or (p,)", nonempty=True)
    ba = real_array("betas", betas, ndim=(1, 2), shape_text="(B, p) or (p,)", nonempty=True)
    single = ga.ndim == 1
    ga2, ba2 = np.atleast_2d(ga), np.atleast_2d(ba)
    if ga2.shape != ba2.shape:
        raise ValueError(f"gammas {ga.shape} and betas {ba.shape} must both be (B, p) or (p,)")
    p = ga2.shape[1]
    circ = qaoa_circuit(qubo, layers=p)
    bindings = {f"gamma_{l}": ga2[:, l] for l in range(p)} | {
        f"beta_{l}": ba2[:, l] for l in range(p)
    }
    psi = _sim.statevector(circ, bindings=bindings)
    psi2: ComplexArray = np.atleast_2d(psi)
    e: FloatArray = _sim.probabilities(psi2) @ pauli_diagonal(qubo)
    return e[0] if single else e


__all__ = [
    "cost_layer",
    "cost_layer_circuit",
    "expectation",
    "layer_gate_count",
    "mixer_layer",
    "qaoa_circuit",
]
