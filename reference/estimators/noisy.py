"""The expected value of an estimator under the App. F noise model (issue 14, item 3).

:func:`noisy_value` runs the estimator's measurement circuit through the density-matrix simulator
with a noise model (:func:`reference.noise.kyiv_noise_model`, or any
:data:`reference.simulate.NoiseModel`) and returns ``g(P_noisy(event))``: what the estimate
converges to with infinitely many shots on that device. Its distance to :meth:`exact
<reference.estimators.base.EventEstimator.exact>` is the bias that more shots will not remove; the
interval of a finite-shot estimate covers the *noisy* value, not the exact one.

The App. F model defines channels for one- and two-qubit gates only, so three-qubit gates are first
rewritten exactly onto ``h, t, tdg, cx`` (:func:`two_qubit_form`: ``ccx`` by the standard
6-CNOT circuit of Nielsen & Chuang Fig. 4.9, ``cswap = cx(b,a) ccx(c,a,b) cx(b,a)``,
``ccz = h ccx h``, ``mcx`` / ``mcz`` with two controls as ``ccx`` / ``ccz``); the noise then acts
on those gates, which is an assumption about the device's gate set (stated, not hidden). Gates on
four or more qubits are refused with the gate named.

>>> from reference.core import bell
>>> from reference.noise import noise_model
>>> from reference.estimators.two_copy import purity_estimator
>>> est = purity_estimator(bell(), [0], method="bell")
>>> noisy = noisy_value(est, noise_model(p1=0.01, p2=0.02))
>>> bool(0.5 <= noisy[0] < 1.0), round(float(est.exact()[0]), 12)
(True, 0.5)
"""

from __future__ import annotations

from reference import simulate as sim
from reference._types import FloatArray
from reference.circuit import Circuit, Op
from reference.estimators.base import EventEstimator


def _ccx(a: int, b: int, t: int) -> list[Op]:
    """Toffoli on ``h, t, tdg, cx`` (Nielsen & Chuang Fig. 4.9; exact, no global phase)."""
    seq = [
        ("h", (t,)), ("cx", (b, t)), ("tdg", (t,)), ("cx", (a, t)), ("t", (t,)),
        ("cx", (b, t)), ("tdg", (t,)), ("cx", (a, t)), ("t", (b,)), ("t", (t,)),
        ("h", (t,)), ("cx", (a, b)), ("t", (a,)), ("tdg", (b,)), ("cx", (a, b)),
    ]  # fmt: skip
    return [Op(g, q) for g, q in seq]


def two_qubit_form(circuit: Circuit) -> Circuit:
    """``circuit`` with every three-qubit gate rewritten exactly on one- and two-qubit gates."""
    ops: list[Op] = []
    for op in circuit.ops:
        q = op.qubits
        if op.is_measure or len(q) <= 2:
            ops.append(op)
        elif op.gate in ("ccx", "mcx") and len(q) == 3:
            ops.extend(_ccx(*q))
        elif op.gate == "mcz" and len(q) == 3:
            ops.extend([Op("h", (q[2],)), *_ccx(*q), Op("h", (q[2],))])
        elif op.gate == "cswap":
            c, a, b = q
            ops.extend([Op("cx", (b, a)), *_ccx(c, a, b), Op("cx", (b, a))])
        else:
            raise ValueError(
                f"noise: gate {op.gate!r} on {len(q)} qubits has no rewrite onto one- and "
                "two-qubit gates here; the App. F noise model cannot be applied"
            )
    return Circuit(circuit.num_qubits, tuple(ops), circuit.num_clbits, circuit.name)


def noisy_value(est: EventEstimator, noise: sim.NoiseModel) -> FloatArray:
    """``(m,)`` scores the estimator converges to under ``noise`` (density-matrix simulation)."""
    circ = two_qubit_form(est.circuit)
    n = circ.num_qubits
    if n > 13:
        raise ValueError(
            f"noise: the measurement circuit has {n} qubits; density matrices are limited to 13"
        )
    rho = sim.density_matrix(circ, noise=noise)
    return est.exact(rho)


__all__ = ["noisy_value", "two_qubit_form"]
