r"""The hardware-measurable score of seed 001: Renyi-2 entanglement entropy of the pair states.

Spec: issue 14 item 1 ("offer ``S_2`` as a hardware score option of the entanglement mechanism and
the encoder"); claim ``H-EST-07`` (``S_vN >= S_2``).

The paper's score ``A[i, j] = S_vN(rho_A(Q_i, K_j))`` (:func:`reference.mechanisms.entanglement.
scores`, ``measure="entropy"``) is not estimable from counts. :func:`renyi2_scores` gives
``A2[i, j] = S_2(rho_A) = -ln Tr rho_A^2`` of the same pair states, the quantity the two-copy
test (:mod:`reference.estimators.two_copy`) or shadows (:mod:`reference.estimators.shadows`)
measure. Consequences for attention: ``0 <= A2 <= A`` elementwise (equality iff ``rho_A`` is flat
on its support, e.g. product or maximally entangled pairs), so the logits shrink and the softmax
weights flatten where entanglement is partial; the ranking of keys within a row can change
(``S_2`` and ``S_vN`` are different functions of the Schmidt spectrum), so a model trained on
``S_vN`` and run on ``S_2`` sees different weights. :func:`weight_change` reports the row-wise
total-variation distance between the two softmax weightings.

Registered as the score ``"renyi2"`` of the entanglement mechanism and the Figure-1 encoder
(:mod:`reference.mechanisms.entanglement.scorer`; ``EncoderConfig(score="renyi2")``), which uses
:func:`renyi2_scores` for encodings without the pair-product structure.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> Q, K = rng.normal(size=(2, 4)), rng.normal(size=(3, 4))
>>> from reference.mechanisms.entanglement import scores
>>> from reference.mechanisms.entanglement import EntanglementConfig
>>> cfg = EntanglementConfig(encoding="dense", layers=2)
>>> A2 = renyi2_scores(Q, K, [0.4, -1.1], config=cfg)
>>> bool(np.all(A2 <= scores(Q, K, [0.4, -1.1], config=cfg) + 1e-12))
True
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference._types import FloatArray
from reference.mechanisms import entanglement as ent


def renyi2_scores(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike,
    *,
    config: ent.EntanglementConfig | None = None,
) -> FloatArray:
    """``(n, m)`` Renyi-2 entropies (nats) of the entropy subsystem of every pair state, for the
    entanglement mechanism configured by ``config`` (default: ``EntanglementConfig(encoding=
    "dense")``, the paper's encoding)."""
    cfg = ent.EntanglementConfig(encoding="dense") if config is None else config
    psi = ent.pair_states_general(Q, K, theta, config=cfg)
    Qa = np.asarray(Q, dtype=np.float64)
    Ka = np.asarray(K, dtype=np.float64)
    n_r = cfg.register_qubits(Qa.shape[1])
    qa, qb = cfg.registers(n_r)
    sub = list(qa if cfg.entropy_subsystem == "query" else qb)
    pur = np.asarray(qi.subsystem_purity(psi, sub), dtype=np.float64)
    s2 = -np.log(np.clip(pur, 2.0**-n_r, 1.0))
    return np.asarray(s2.reshape(Qa.shape[0], Ka.shape[0]), dtype=np.float64)


def _softmax(a: FloatArray) -> FloatArray:
    z = np.exp(a - a.max(axis=1, keepdims=True))
    return np.asarray(z / z.sum(axis=1, keepdims=True), dtype=np.float64)


def weight_change(A: npt.ArrayLike, A2: npt.ArrayLike, *, scale: float = 1.0) -> FloatArray:
    """Row-wise total-variation distance between ``softmax(scale A)`` and ``softmax(scale A2)``."""
    a = np.asarray(A, dtype=np.float64)
    b = np.asarray(A2, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 2:
        raise ValueError(f"A has shape {a.shape}, A2 has shape {b.shape}; need equal (n, m)")
    return np.asarray(
        0.5 * np.abs(_softmax(scale * a) - _softmax(scale * b)).sum(axis=1), dtype=np.float64
    )


__all__ = ["renyi2_scores", "weight_change"]
