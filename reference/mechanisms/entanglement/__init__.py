r"""Entanglement-based attention scores (seed 001, "Quantum entanglement for attention models").

Specification: ``claims/seed001-entanglement-attention.md`` §1-§4 and §10; claims ``S001-P01`` ..
``S001-P15``, ``S001-P25`` and the reconstructed defaults ``S001-A01`` .. ``S001-A05``, ``A10``,
``A11``, ``A13`` .. ``A15``, ``A17``, ``A18``.

For a query vector :math:`q` and a key vector :math:`k` (both in :math:`\mathbb R^d`) the pair
state is

.. math::

    |\Psi(q,k)\rangle = \prod_{l=1}^{L}\Big[\prod_m \mathrm{CRX}_{A_m\to B_m}(\theta_m)
    \,\big(U(q)_A\otimes U(k)_B\big)\Big]|0\rangle^{\otimes 2n_r}

and the attention logit is a measure of it (paper Eq. 4, :math:`A_{ij} = \mathrm{ME}(\cdot)`):

* ``"entropy"``: von Neumann entanglement entropy of the query register, in **nats** (``S001-P25``);
* ``"swap"``: SWAP-test probability :math:`P(1) = (1 - |\langle\phi(q)|\phi(k)\rangle|^2)/2`
  of the encoded states without the PQC (``S001-A10``, ``S001-A18``);
* ``"concurrence"``: :math:`C_n = 2\sqrt{1 - P(0^n)}` of the controlled-SWAP test (``S001-A11``);
  the paper's literal :math:`2\sqrt{P(\text{even})}` is kept only as
  :func:`concurrence_paper_literal`, which is identically 2 on pure states (refuted, ``S001-P14``).

Feature maps (``U``): super-dense angle ``RX RY RX RY`` per qubit (4 features/qubit), dense angle
``RX RY`` (2/qubit), IQP (per layer ``H``, ``RZ(x_i)``, ``RZZ(x_i x_j)`` on all pairs of the
register; PennyLane form, ``S001-A04``). With the angle encodings every gate acts on ``A_m``,
``B_m`` or the pair ``(A_m, B_m)``, so the state is a product of ``n_r`` two-qubit states
(``S001-P08``); :func:`pair_states_fast` and the fast path of :func:`scores` use that.

Modules: :mod:`.config` (options, boundary validation), :mod:`.circuits` (pair circuit, its
bindings, the query-key SWAP test), :mod:`.fast` (pair-product path), :mod:`.general` (the
general path: dispatch, gate-by-gate batched simulation), :mod:`.matrix_form` (the general path
in matrix form, ``M <- Phi o (U_A M U_B^T)``, used by default), :mod:`.scorer` (the encoder's
score functions). The SWAP test and the controlled-SWAP concurrence estimators are in
:mod:`reference.estimators.swap_test`.

Configuration: one way. Every hyper-parameter is a field of :class:`EntanglementConfig`, passed
as ``config=``; the only per-call options are how to compute (``path`` of :func:`scores`,
``chunk_bytes``, ``method``), never a config field.

Notation map (paper -> code): :math:`q_i, k_j` -> rows of ``Q``, ``K``; :math:`n_r` -> ``n_r``
(qubits per register); :math:`L` -> ``layers``; :math:`\theta` -> ``theta``; ME -> ``measure``;
:math:`S_A` -> :func:`scores` with ``measure="entropy"``.

Conventions (:mod:`reference.circuit`): qubit 0 is the most significant bit;
``R_P(t) = exp(-i t P / 2)``; ``CRX(t) = |0><0| (x) I + |1><1| (x) RX(t)``, control first.

>>> import numpy as np
>>> rng = np.random.default_rng(3)
>>> Q, K = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
>>> cfg = EntanglementConfig(encoding="dense")
>>> A = scores(Q, K, np.array([0.4, -1.1]), config=cfg)
>>> A.shape
(3, 5)
>>> bool(np.all((A >= 0) & (A <= 2 * np.log(2))))
True
>>> B = scores(Q, K, np.array([0.4, -1.1]), config=cfg, path="general")
>>> bool(np.allclose(A, B, atol=1e-12))
True
"""

from __future__ import annotations

import functools
import math
from typing import Final, get_args

import numpy as np
import numpy.typing as npt

from reference._mechanism import CircuitExample, Mechanism
from reference._types import FloatArray
from reference._validate import choice, integer, real_array
from reference.circuit import Circuit
from reference.estimators.swap_test import cswap_concurrence_circuit, parity_even
from reference.mechanisms.entanglement.circuits import (
    pair_bindings,
    pair_circuit,
    pair_swap_test_circuit,
    pair_template,
)
from reference.mechanisms.entanglement.config import (
    ANGLE_ENCODINGS,
    ANGLE_GATES,
    FEATURES_PER_QUBIT,
    EntanglementConfig,
    PathName,
    feature_index,
    resolve_config,
    validate_inputs,
)
from reference.mechanisms.entanglement.fast import (
    fast_scores,
    pair_state_vector,
    pair_states_fast,
    qubit_unitaries,
    scores_fast,
)
from reference.mechanisms.entanglement.general import (
    entropy_of_density_matrix,
    general_scores,
    pair_states_general,
    scores_general,
)
from reference.mechanisms.entanglement.scorer import SCORERS, EntanglementScorer


def fast_path_applies(config: EntanglementConfig) -> bool:
    """Whether :func:`scores_fast` applies: angle encodings (pair-product states, ``S001-P08``)."""
    return resolve_config(config).is_angle_encoding


def scores(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    path: PathName = "auto",
) -> FloatArray:
    """Entanglement-based attention scores ``A[i, j] = ME(|Psi(Q_i, K_j)>)`` (paper Eq. 4).

    Args:
        Q: queries ``(n, d)``; K: keys ``(m, d)``; ``d`` a multiple of the features per qubit
            (4 super-dense, 2 dense, 1 IQP). Real and finite (complex input is rejected).
        theta: CRX angles ``(n_r,)`` (``(layers, n_r)`` without sharing, ``S001-A03``); may be
            ``None`` for the encoding-only SWAP test.
        config: every hyper-parameter (encoding, measure, layers, the reconstructed choices):
            an :class:`EntanglementConfig`; ``None`` = the defaults.
        path: how to compute, not what: ``"auto"`` (the fast pair-product path when it applies,
            ``S001-P08``), ``"general"`` (batched simulation of every pair circuit, at most
            ``MAX_PAIR_QUBITS`` qubits) or ``"fast"`` (angle encodings only; any ``d``).

    Returns:
        ``(n, m)`` scores: entropies in nats, SWAP-test ``P(1)`` (or fidelity), or ``C_n``. Not
        symmetric in general (``S001-P09``). ``n = 0`` or ``m = 0`` gives an empty ``(n, m)``
        array (after every other check).
    """
    cfg = resolve_config(config)
    choice("path", path, get_args(PathName))
    if path == "fast" and not cfg.is_angle_encoding:
        raise ValueError(
            f"path='fast' does not apply to encoding={cfg.encoding!r} (angle encodings only)"
        )
    Qa, Ka, th = validate_inputs(Q, K, theta, cfg)
    if Qa.shape[0] == 0 or Ka.shape[0] == 0:
        return np.zeros((Qa.shape[0], Ka.shape[0]))
    if path == "general" or not cfg.is_angle_encoding:
        return general_scores(Qa, Ka, th, cfg)
    return fast_scores(Qa, Ka, th, cfg)


def logits(A: npt.ArrayLike, *, d: int, config: EntanglementConfig | None = None) -> FloatArray:
    """Attention logits from scores ``A`` (``(n, m)``): ``A / sqrt(d)`` (``S001-A05``, literal
    Eq. 3, ``logit_scale="inv_sqrt_d"``) or ``A`` unchanged (``logit_scale="none"``)."""
    cfg = resolve_config(config)
    a = real_array("A", A, ndim=2, shape_text="(n, m)")
    d = integer("d", d, lo=1)
    return a / math.sqrt(d) if cfg.logit_scale == "inv_sqrt_d" else a


def concurrence_paper_literal(control_probs: npt.ArrayLike) -> FloatArray:
    """The seed's concurrence formula read literally: ``2 sqrt(P(even number of 1s, incl. 0^n))``.

    **Refuted** (``S001-P14``): on pure states odd-parity outcomes never occur
    (``S001-P12``), so this is identically 2. Kept with the mechanism only to record the
    refutation (it is not an estimator); use
    :func:`reference.estimators.swap_test.concurrence_from_p0` (``S001-A11``).

    ``control_probs``: ``(..., 2**n)`` distribution of the controlled-SWAP control register.
    """
    p = real_array("control_probs", control_probs, ndim=(1, 2), shape_text="(2**n,) or (B, 2**n)")
    dim = p.shape[-1]
    if dim < 2 or dim & (dim - 1):
        raise ValueError(f"control_probs has length {dim}, not a power of two >= 2")
    even = parity_even(dim.bit_length() - 1)
    return np.asarray(2.0 * np.sqrt(np.sum(p[..., even], axis=-1)), dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# registry

_EXAMPLE_FEATURES: Final[dict[str, tuple[list[float], list[float]]]] = {
    "super_dense": (
        [0.3, -0.7, 1.1, 0.2, -0.4, 0.9, 0.5, -1.2],
        [0.8, 0.1, -0.6, 1.3, 0.2, -0.9, 0.7, 0.4],
    ),
    "dense": ([0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3]),
    "iqp": ([0.3, -0.7, 1.1], [0.8, 0.1, -0.6]),
}


def _example_pair(encoding: str) -> Circuit:
    q, k = _EXAMPLE_FEATURES[encoding]
    cfg = EntanglementConfig(encoding=encoding, layers=2)  # type: ignore[arg-type]
    return pair_circuit(q, k, None, config=cfg)


def _example_swap() -> Circuit:
    cfg = EntanglementConfig(encoding="dense", layers=2)
    return pair_swap_test_circuit(*_EXAMPLE_FEATURES["dense"], config=cfg)


def _example_cswap() -> Circuit:
    cfg = EntanglementConfig(encoding="super_dense", layers=1)
    prep = pair_circuit([0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3], None, config=cfg)
    return cswap_concurrence_circuit(2, prep=prep)


MECHANISM = Mechanism(
    name="entanglement",
    module=__name__,
    summary="Entanglement-based attention scores (seed 001): QFM + CRX PQC with data "
    "re-uploading; entanglement entropy, SWAP test, c-SWAP concurrence.",
    circuits=(
        *(
            CircuitExample(
                name=f"entanglement-pair-{enc.replace('_', '-')}",
                build=functools.partial(_example_pair, enc),
                description=f"{enc} pair circuit, 2 re-uploading layers, CRX angles symbolic "
                "(theta_0..), fixed example features",
            )
            for enc in ("super_dense", "dense", "iqp")
        ),
        CircuitExample(
            name="entanglement-swap-test",
            build=_example_swap,
            description="SWAP test of the dense-encoded query and key states (ancilla qubit 0)",
        ),
        CircuitExample(
            name="entanglement-cswap-concurrence",
            build=_example_cswap,
            description="controlled-SWAP concurrence test of a 2-qubit super-dense pair state "
            "(6 qubits, controls 0-1 measured), CRX angle symbolic",
        ),
    ),
    scorers=SCORERS,
)

__all__ = [
    "ANGLE_ENCODINGS",
    "ANGLE_GATES",
    "FEATURES_PER_QUBIT",
    "MECHANISM",
    "EntanglementConfig",
    "EntanglementScorer",
    "concurrence_paper_literal",
    "entropy_of_density_matrix",
    "fast_path_applies",
    "feature_index",
    "logits",
    "pair_bindings",
    "pair_circuit",
    "pair_state_vector",
    "pair_states_fast",
    "pair_states_general",
    "pair_swap_test_circuit",
    "pair_template",
    "qubit_unitaries",
    "scores",
    "scores_fast",
    "scores_general",
]
