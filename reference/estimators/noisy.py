"""The expected value of an estimator under the App. F noise model (issue 14, item 3).

:func:`noisy_value` runs the estimator's measurement circuit through the density-matrix simulator
with a noise model (:func:`reference.noise.kyiv_noise_model`, or any
:data:`reference.simulate.NoiseModel`) and returns ``g(P_noisy(event))``: what the estimate
converges to with infinitely many shots on that device. Its distance to :meth:`exact
<reference.estimators.base.EventEstimator.exact>` is the bias that more shots will not remove; the
interval of a finite-shot estimate covers the *noisy* value, not the exact one.

The App. F model defines channels for one- and two-qubit gates only; a measurement circuit with a
three-qubit gate (the controlled-SWAP of the ancilla two-copy test, SWAP test and c-SWAP test; the
multi-controlled Z of Grover) is refused with the gate named: use the Bell form for purity and
Renyi-2 (two-qubit gates only), or decompose to a device gate set first.

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
from reference.estimators.base import EventEstimator


def noisy_value(est: EventEstimator, noise: sim.NoiseModel) -> FloatArray:
    """``(m,)`` scores the estimator converges to under ``noise`` (density-matrix simulation)."""
    big = sorted({op.gate for op in est.circuit.gate_ops if len(op.qubits) > 2})
    if big:
        raise ValueError(
            f"noise: the measurement circuit of {est.quantity!r} ({est.method}) uses the "
            f"{big[0]!r} gate on three or more qubits, which the App. F noise "
            "model does not define; use method='bell' for purity/renyi2"
        )
    n = est.circuit.num_qubits
    if n > 13:
        raise ValueError(
            f"noise: the measurement circuit has {n} qubits; density matrices are limited to 13"
        )
    rho = sim.density_matrix(est.circuit, noise=noise)
    return est.exact(rho)


__all__ = ["noisy_value"]
