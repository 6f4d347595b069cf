"""Laws of entanglement-based attention (seed 001, ``S001-P01`` .. ``S001-P15``, ``S001-P25``).

Every law takes the implementation under test as its first argument(s) and returns a *slack*:
``>= 0`` when the law holds, negative when it fails. The implementations are:

* :data:`ScoreFn` ``fn(Q, K, theta, *, config) -> (n, m)``, like
  :func:`reference.mechanisms.entanglement.scores`;
* :data:`PairScore` ``score(Q, K) -> (n, m)``, a score with everything else bound (the protocol of
  the variant family :mod:`proofs.variants.score_function`);
* :data:`StateFn` ``states(Q, K, theta, *, config) -> (n * m, 4**n_r)`` pair statevectors, like
  :func:`reference.mechanisms.entanglement.pair_states_general`;
* circuit builders and read-outs of :mod:`reference.estimators.swap_test` (same signatures).

The reference binds them in :mod:`properties.entanglement.test_laws` and in the ledger
(:mod:`proofs.evidence.entanglement`); a user's variant meets the same functions
(:mod:`proofs.variants.score_function`). The reference's symbolic circuits appear here only as
the *tolerance model* (their gate counts bound the rounding of any faithful implementation).

Tolerances (derived, not tuned):

* **state error**: a circuit of ``m`` gates of at most ``k`` qubits computes each amplitude
  with error ``<= 4 (m + 1) 2**k eps`` (:func:`properties.core.laws.state_tolerance`), so the
  2-norm error of a ``D``-dimensional state is at most ``sqrt(D)`` times that. Rounding an
  angle ``t`` costs at most ``eps |t|`` in the angle and so ``eps |t| / 2`` in the state, per
  gate.
* **entropy error**: if two pure states are ``delta`` apart in 2-norm, the trace distance of any of
  their reduced states is ``T <= delta`` and Fannes-Audenaert gives
  ``|S - S'| <= T ln(D_A - 1) + h(T)`` with ``h`` the binary entropy (nats). The reference's
  ``ZERO_PROB`` cut-off adds at most ``D_A * 4e-14``
  (:func:`properties.core.laws.entropy_tolerance`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from properties.tolerances import (
    EPS,
    LN2,
    entropy_tolerance,
    fannes_tolerance,
    state_tolerance,
)
from reference import quantum_info as qi
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit
from reference.estimators.swap_test import cswap_concurrence_circuit
from reference.mechanisms import entanglement as ent

ScoreFn = Callable[..., FloatArray]
"""``fn(Q, K, theta, *, config=EntanglementConfig) -> (n, m)`` scores."""

PairScore = Callable[[FloatArray, FloatArray], Any]
"""``score(Q (n, d), K (m, d)) -> (n, m)``: a score function with its parameters bound."""

StateFn = Callable[..., Any]
"""``states(Q, K, theta, *, config=EntanglementConfig) -> (n * m, 4**n_r)`` pair states."""

ProbsFn = Callable[[ComplexArray], Any]
"""``(B, 2**n)`` pure states -> ``(B, 2**n)`` control distribution of the c-SWAP test."""


def pair_state_error(cfg: ent.EntanglementConfig, d: int, max_angle: float) -> float:
    """2-norm error bound of a simulated pair state (gate rounding plus angle rounding)."""
    tmpl = ent.pair_template(cfg, d)
    dim = 1 << tmpl.num_qubits
    return math.sqrt(dim) * state_tolerance(tmpl) + len(tmpl.ops) * EPS * (abs(max_angle) + 1.0)


def max_angle(cfg: ent.EntanglementConfig, *arrays: npt.ArrayLike) -> float:
    """Largest gate angle that features / theta produce (IQP products included)."""
    m = max((float(np.max(np.abs(np.asarray(a)))) for a in arrays if np.size(a)), default=0.0)
    m *= abs(cfg.feature_scale) if cfg.feature_scale else 1.0
    if cfg.encoding == "iqp":
        m = max(m, m * m, 2 * (math.pi + m) ** 2 if cfg.phi2 == "havlicek" else 0.0)
    return m


def score_tolerance(cfg: ent.EntanglementConfig, d: int, *arrays: npt.ArrayLike) -> float:
    """Tolerance of one entropy score: Fannes bound for the register, for two computations."""
    n_r = cfg.register_qubits(d)
    delta = pair_state_error(cfg, d, max_angle(cfg, *arrays))
    return 2 * fannes_tolerance(delta, 1 << n_r)


def _states(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: Any
) -> ComplexArray:
    return np.asarray(states(Q, K, theta, config=cfg), dtype=np.complex128)


# ---------------------------------------------------------------------------------------------
# S001-P01 .. P04


def law_state_normalised(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P01``: every simulated pair state has unit norm (within the state tolerance)."""
    psi = _states(states, cfg, Q, K, theta)
    dev = float(np.max(np.abs(np.linalg.norm(psi, axis=1) - 1.0)))
    tmpl = ent.pair_template(cfg, Q.shape[1])
    return math.sqrt(1 << tmpl.num_qubits) * state_tolerance(tmpl) - dev


def law_entropy_bounds(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P02``: ``0 <= S_A <= n_r ln 2`` for every pair (slack: distance to nearer bound)."""
    n_r = cfg.register_qubits(Q.shape[1])
    return law_scores_within(
        lambda q, k: fn(q, k, theta, config=cfg),
        Q,
        K,
        lo=0.0,
        hi=n_r * LN2,
        tol=score_tolerance(cfg, Q.shape[1], Q, K, theta),
    )


def law_scores_within(
    score: PairScore, Q: FloatArray, K: FloatArray, *, lo: float, hi: float, tol: float
) -> float:
    """``S001-P02`` (declared-bounds form): every score lies in ``[lo, hi]`` within ``tol``
    (``[0, n_r ln 2]`` for the entropy, ``[0, 1/2]`` for the SWAP-test ``P(1)``, ``S001-P11``).
    Slack: distance to the nearer bound plus ``tol``."""
    a = np.asarray(score(Q, K), dtype=np.float64)
    return float(min(np.min(a - lo), np.min(hi - a))) + tol


def law_pairwise(score: PairScore, Q: FloatArray, K: FloatArray, *, tol: float) -> float:
    """Paper Eq. 4, ``A_ij = ME(U(q_i) (x) U(k_j))``: ``A`` has shape ``(n, m)``, is finite, and
    ``A[i, j]`` depends only on ``(q_i, k_j)``: query 1 alone against the keys reversed, minus
    one, equals that part of the full matrix within ``tol``. A wrong shape or a non-finite entry
    gives slack ``-1``."""
    a = np.asarray(score(Q, K), dtype=np.float64)
    if a.shape != (Q.shape[0], K.shape[0]) or not np.all(np.isfinite(a)):
        return -1.0
    sub = np.asarray(score(Q[1:2], K[::-1][1:]), dtype=np.float64)
    want = a[1:2, ::-1][:, 1:]
    dev = float(np.max(np.abs(sub - want))) if sub.shape == want.shape else 1.0
    return tol - dev


def law_entropy_symmetric(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P03``: ``S_A = S_B`` for the pure query-key state (Schmidt symmetry)."""
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, qb = cfg.registers(n_r)
    sa = qi.entanglement_entropy(psi, list(qa))
    sb = qi.entanglement_entropy(psi, list(qb))
    return 2 * entropy_tolerance(1 << n_r) + 64 * (1 << n_r) * EPS - float(np.max(np.abs(sa - sb)))


def law_zero_theta_product(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray
) -> float:
    """``S001-P04``: all CRX angles 0 -> product state -> ``S_A = 0`` (within the tolerance)."""
    n_r = cfg.register_qubits(Q.shape[1])
    theta = np.zeros(cfg.theta_shape(n_r))
    a = np.asarray(fn(Q, K, theta, config=cfg))
    return score_tolerance(cfg, Q.shape[1], Q, K) - float(np.max(np.abs(a)))


def law_theta_multiple_of_2pi(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, ks: npt.ArrayLike
) -> float:
    """``S001-P05``: ``theta = 2 pi k`` (integers ``k``) -> ``CRX = (Z (x) I)^k`` is local, so
    ``S_A = 0``."""
    theta = 2 * math.pi * np.asarray(ks, dtype=np.float64)
    a = np.asarray(fn(Q, K, theta, config=cfg))
    return score_tolerance(cfg, Q.shape[1], Q, K, theta) - float(np.max(np.abs(a)))


def _unchanged_slack(
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    before: tuple[FloatArray, FloatArray, FloatArray],
    after: tuple[FloatArray, FloatArray, FloatArray],
) -> float:
    """``tol - max |fn(before) - fn(after)|`` for two ``(Q, K, theta)`` inputs claimed to give the
    same scores; ``tol`` is the score tolerance of the changed inputs (larger angles)."""
    a = np.asarray(fn(*before, config=cfg))
    b = np.asarray(fn(*after, config=cfg))
    return score_tolerance(cfg, before[0].shape[1], *after) - float(np.max(np.abs(a - b)))


def law_theta_period_4pi(
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
    index: int,
) -> float:
    """``S001-P06``: ``S_A`` is ``4 pi``-periodic in each CRX angle (``theta.flat[index]``)."""
    t2 = np.array(theta, dtype=np.float64)
    t2.flat[index] += 4 * math.pi
    return _unchanged_slack(fn, cfg, (Q, K, theta), (Q, K, t2))


def law_feature_period_2pi(
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
    index: int,
    *,
    on_key: bool,
) -> float:
    """``S001-P07``: angle encodings: ``S_A`` is ``2 pi``-periodic in every query/key feature
    (``R(x + 2 pi) = -R(x)``, a global phase); feature ``index`` of every row is shifted."""
    Q2, K2 = np.array(Q), np.array(K)
    (K2 if on_key else Q2)[:, index] += 2 * math.pi / cfg.feature_scale
    return _unchanged_slack(fn, cfg, (Q, K, theta), (Q2, K2, theta))


def iqp_periodicity_violation(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P07`` (IQP part): margin by which shifting query feature 0 by ``2 pi`` changes
    ``S_A`` beyond the tolerance (``> 0``: periodicity fails for IQP, as the claim says)."""
    Q2 = np.array(Q)
    Q2[:, 0] += 2 * math.pi
    return -_unchanged_slack(fn, cfg, (Q, K, theta), (Q2, K, theta))


# ---------------------------------------------------------------------------------------------
# S001-P08, P09


def law_additivity(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P08``: angle encodings: ``S_A = sum_m S(rho_{A_m})`` with each term ``<= ln 2``.

    Both sides come from the *general* simulated state (single-qubit reduced entropies vs. the
    register entropy), so the law checks the pair-product structure itself.
    """
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, _ = cfg.registers(n_r)
    total = qi.entanglement_entropy(psi, list(qa))
    parts = np.stack([qi.entanglement_entropy(psi, [q]) for q in qa], axis=-1)
    tol = score_tolerance(cfg, Q.shape[1], Q, K, theta) + n_r * fannes_tolerance(
        pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K, theta)), 2
    )
    dev = float(np.max(np.abs(total - parts.sum(axis=-1))))
    over = float(np.max(parts - LN2))
    return min(tol - dev, tol - over)


def law_fast_equals_general(
    fast: ScoreFn,
    general: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray | None,
) -> float:
    """``S001-P08``: the pair-product fast path equals the general simulation (every measure)."""
    a = np.asarray(fast(Q, K, theta, config=cfg))
    b = np.asarray(general(Q, K, theta, config=cfg))
    tol = score_tolerance(cfg, Q.shape[1], Q, K, *(() if theta is None else (theta,)))
    if cfg.measure == "concurrence":
        # C = 2 sqrt(1 - P0): |dC| <= |dP0| / sqrt(1 - P0) ... bounded via |dC| <= 2 sqrt(|dP0|)
        delta = pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K))
        tol = 2 * math.sqrt(8 * delta + 64 * EPS)
    elif cfg.measure == "swap":
        delta = pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K))
        tol = 4 * delta + 64 * EPS
    return tol - float(np.max(np.abs(a - b)))


def matrix_form_state_error(cfg: ent.EntanglementConfig, d: int, max_angle: float) -> float:
    """2-norm error bound of a pair state computed in matrix form (:mod:`.matrix_form`).

    Derivation (``D = 2**n_r``, ``u = eps``, ``g(k) = 2 k u / (1 - k u)`` the complex product
    bound): a computed product of two matrices with inner dimension ``D`` errs entrywise by at
    most ``g(D) |A| |B|``, so in Frobenius norm by ``g(D) ||A||_F ||B||_F``: ``g(D) sqrt(D)`` when
    one factor is a unitary (``||U||_F = sqrt(D)``) and the other the state (``||M||_F = 1``),
    ``g(D) D`` for two unitaries. The register unitaries are simulated column by column: each
    column errs by ``sqrt(D) state_tolerance(register circuit)`` plus the angle rounding, so
    ``||dU||_2 <= ||dU||_F <= sqrt(D)`` times that; rotating the target register into the Hadamard
    frame adds two unitary products. Each of the ``L`` layers then applies ``U_A`` and ``U_B``
    (``2 (||dU|| + g(D) sqrt(D))``) and the phase ``Phi`` (each entry ``exp`` of a sum of ``n_r``
    angle terms: relative error ``(n_r + 4) u (1 + n_r max_angle)``). Unitary evolution does not
    amplify earlier errors, so they add; the frame is undone by one more product."""
    from reference.mechanisms.entanglement.matrix_form import register_template

    reg = register_template(cfg, d)
    dim = 1 << reg.num_qubits
    n_r = reg.num_qubits

    def g(k: int) -> float:
        return 2 * k * EPS / (1 - k * EPS)

    col = math.sqrt(dim) * state_tolerance(reg) + len(reg.ops) * EPS * (abs(max_angle) + 1.0)
    du = math.sqrt(dim) * col + 2 * g(dim) * dim
    phase = (n_r + 4) * EPS * (1.0 + n_r * abs(max_angle))
    per_layer = 2 * (du + g(dim) * math.sqrt(dim)) + phase
    return cfg.layers * per_layer + g(dim) * math.sqrt(dim)


def law_matrix_form_equals_gates(
    matrix: ScoreFn,
    gates: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray | None,
) -> float:
    """The general path's two computations agree: the matrix form (register unitaries once per
    token, CRX wall as an entrywise phase) equals the gate-by-gate simulation of the pair circuit,
    for every measure (``S001-P01`` .. ``P04`` are stated of that state). Slack = tol - deviation.

    Tolerance: each computation is within its state bound of the exact pair state
    (:func:`pair_state_error` for the gates, :func:`matrix_form_state_error` for the matrix form;
    the matrix form's spectrum comes from ``M M^H``, whose rounding ``g(D) + 64 D eps`` in 2-norm
    is at most ``D`` times that in trace distance, added to its state error). Entropy: the
    Fannes-Audenaert bound of each, summed (triangle inequality through the exact value). SWAP
    ``P(1)`` and the concurrence: the same conversions as :func:`law_fast_equals_general`, with
    the two state errors summed."""
    a = np.asarray(matrix(Q, K, theta, config=cfg))
    b = np.asarray(gates(Q, K, theta, config=cfg))
    d = Q.shape[1]
    n_r = cfg.register_qubits(d)
    dim = 1 << n_r
    ang = max_angle(cfg, Q, K, *(() if theta is None else (theta,)))
    d_gates = pair_state_error(cfg, d, ang)
    d_matrix = matrix_form_state_error(cfg, d, ang)
    if cfg.measure == "entropy":
        read = dim * (2 * dim * EPS / (1 - dim * EPS) + 64 * dim * EPS)
        tol = fannes_tolerance(d_gates, dim) + fannes_tolerance(d_matrix + read, dim)
    elif cfg.measure == "concurrence":
        tol = 2 * math.sqrt(8 * (d_gates + d_matrix) + 64 * EPS)
    else:
        tol = 4 * (d_gates + d_matrix) + 64 * EPS
    if a.shape != b.shape:
        return -math.inf
    return tol - float(np.max(np.abs(a - b), initial=0.0))


def transpose_under_reversal(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-A02`` / ``S001-P09``: reversing the CRX direction transposes the roles of query and
    key: ``A_rev(q, k) = A(k, q)`` (entropy; Schmidt symmetry). Slack = tol - deviation."""
    rev = replace(
        cfg,
        crx_direction="key_to_query" if cfg.crx_direction == "query_to_key" else "query_to_key",
    )
    a = np.asarray(fn(Q, K, theta, config=rev))
    b = np.asarray(fn(K, Q, theta, config=cfg)).T
    return score_tolerance(cfg, Q.shape[1], Q, K, theta) - float(np.max(np.abs(a - b)))


def asymmetry(score: PairScore, X: FloatArray) -> FloatArray:
    """``S001-P09``: ``|A(x_i, x_j) - A(x_j, x_i)|`` for all token pairs of ``X`` (``(n, n)``)."""
    a = np.asarray(score(X, X), dtype=np.float64)
    return np.asarray(np.abs(a - a.T), dtype=np.float64)


def law_declared_symmetry(score: PairScore, X: FloatArray, *, symmetric: bool, tol: float) -> float:
    """``S001-P09``: slack of a declared (a)symmetry on the tokens ``X``.

    ``symmetric=True`` claims ``A(q, k) = A(k, q)`` for every pair: slack ``tol - max asym``
    (a universal claim: the worst case over inputs is the minimum slack). ``symmetric=False``
    claims some pair is asymmetric (the entanglement measures with a directed CRX): slack
    ``max asym - tol`` (an existential claim: the best case over inputs decides).
    """
    asym = float(np.max(asymmetry(score, X)))
    return tol - asym if symmetric else asym - tol


# ---------------------------------------------------------------------------------------------
# S001-P10 .. P15


def law_bell_ln2(pair_circuit: Callable[..., Circuit]) -> float:
    """``S001-P10``: a Bell pair and ``CRX(pi)`` on ``|+>|0>``-like inputs give ``S = ln 2``.

    The second state is ``pair_circuit(q, k, theta, config=dense, 1 layer)`` (the signature of
    :func:`reference.mechanisms.entanglement.pair_circuit`) with ``q = (pi/2, 0)``
    (``RX(pi/2)|0>``, equal weights), ``k = (0, 0)``, ``theta = pi``.
    """
    bell = sim.statevector(Circuit.build(2).h(0).cx(0, 1).done())
    s1 = float(qi.entanglement_entropy(bell, [0]))
    cfg = ent.EntanglementConfig(encoding="dense", layers=1)
    c = pair_circuit([math.pi / 2, 0.0], [0.0, 0.0], [math.pi], config=cfg)
    s2 = float(qi.entanglement_entropy(sim.statevector(c), [0]))
    tol = fannes_tolerance(2 * state_tolerance(c), 2)
    return tol - max(abs(s1 - LN2), abs(s2 - LN2))


def law_swap_test_identity(
    swap_test_circuit: Callable[..., Circuit], states_a: ComplexArray, states_b: ComplexArray
) -> float:
    """``S001-P11``: the simulated SWAP-test circuit gives ``P(1) = (1 - |<a|b>|^2)/2 in [0, 1/2]``.

    ``swap_test_circuit(num_qubits, a, b)``: the builder under test (signature of
    :func:`reference.estimators.swap_test.swap_test_circuit`, ancilla qubit 0).
    ``states_a``, ``states_b``: ``(B, 2**n)`` pure states, loaded as the initial state of the
    ``2n + 1``-qubit circuit (ancilla 0, then ``a``, then ``b``).
    """
    b, dim = states_a.shape
    n = dim.bit_length() - 1
    c = swap_test_circuit(2 * n, tuple(range(n)), tuple(range(n, 2 * n)))
    init = np.zeros((b, 1 << (2 * n + 1)), dtype=np.complex128)
    init[:, : 1 << (2 * n)] = (states_a[:, :, None] * states_b[:, None, :]).reshape(b, -1)
    psi = sim.statevector(c, initial=init)
    p1 = np.sum(np.abs(psi[:, 1 << (2 * n) :]) ** 2, axis=1)
    want = 0.5 * (1 - qi.fidelity_pure(states_a, states_b))
    tol = 4 * math.sqrt(1 << (2 * n + 1)) * state_tolerance(c) + 16 * EPS
    dev = float(np.max(np.abs(p1 - want)))
    rng_dev = float(max(np.max(-p1), np.max(p1 - 0.5)))
    return min(tol - dev, tol - rng_dev)


def law_cswap_expansion(probabilities: ProbsFn, expansion: ProbsFn, states: ComplexArray) -> float:
    """``S001-P12``: the c-SWAP test's control distribution (``probabilities``, e.g. the simulated
    circuit) equals ``expansion`` (``2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2``), and odd
    parities have probability 0. Tolerance model: the reference c-SWAP circuit's gate count."""
    p = np.asarray(probabilities(states), dtype=np.float64)
    pp = np.asarray(expansion(states), dtype=np.float64)
    n = int(states.shape[1]).bit_length() - 1
    odd = np.array([bin(z).count("1") % 2 == 1 for z in range(1 << n)])
    circ = cswap_concurrence_circuit(n)
    tol = 4 * math.sqrt(1 << (3 * n)) * state_tolerance(circ) + (1 << n) * 64 * EPS
    dev = float(np.max(np.abs(p - pp)))
    odd_mass = float(np.max(np.sum(p[:, odd], axis=1)))
    return min(tol - dev, tol - odd_mass)


def law_concurrence_forms(
    probabilities: ProbsFn, from_p0: Callable[[FloatArray], Any], states: ComplexArray
) -> float:
    """``S001-P13``: ``from_p0(P(0^n))`` of the c-SWAP distribution ``probabilities`` equals the
    Carvalho form; for ``n = 2`` also ``2 |ad - bc|`` and ``2 sqrt(P(11))``.

    Tolerance: ``P(0^n)`` has error ``<= tol_p``; ``2 sqrt(1 - P0)`` then moves by at most
    ``2 sqrt(tol_p)`` (square root is 1/2-Hölder).
    """
    n = int(states.shape[1]).bit_length() - 1
    p = np.asarray(probabilities(states), dtype=np.float64)
    c_sw = np.asarray(from_p0(p[:, 0]), dtype=np.float64)
    c_carv = qi.concurrence_pure(states)
    circ = cswap_concurrence_circuit(n)
    tol_p = 4 * math.sqrt(1 << (3 * n)) * state_tolerance(circ) + (1 << n) * 64 * EPS
    tol = 2 * math.sqrt(tol_p)
    dev = float(np.max(np.abs(c_sw - c_carv)))
    if n == 2:
        a, b, c, d = states[:, 0], states[:, 1], states[:, 2], states[:, 3]
        woot = 2 * np.abs(a * d - b * c)
        dev = max(dev, float(np.max(np.abs(c_sw - woot))))
        dev = max(dev, float(np.max(np.abs(2 * np.sqrt(np.clip(p[:, 3], 0, None)) - woot))))
    return tol - dev


def law_pair_product_concurrence(
    states: StateFn,
    concurrence: Callable[[ComplexArray], Any],
    from_p0: Callable[[FloatArray], Any],
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
) -> float:
    """``S001-P15``: pair-product states: ``C_n = 2 sqrt(1 - prod_m (1 + Tr rho_{A_m}^2) / 2)``.

    Left side: ``concurrence`` (the purity formula) on the ``2 n_r``-qubit states; right side:
    ``from_p0`` of the product of single-qubit purities of the same states.
    """
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, _ = cfg.registers(n_r)
    lhs = np.asarray(concurrence(psi))
    prod = np.ones(psi.shape[0])
    for q in qa:
        prod = prod * (1 + qi.subsystem_purity(psi, [q])) / 2
    rhs = np.asarray(from_p0(prod))
    delta = pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K, theta))
    tol = 2 * math.sqrt(8 * (1 << n_r) * delta + 1e3 * EPS)
    return tol - float(np.max(np.abs(lhs - rhs)))


def law_nats_vs_bits(
    fn: ScoreFn,
    states: StateFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
) -> float:
    """``S001-P25``: ``S_nats = S_bits * ln 2`` where ``S_bits`` uses ``log2`` of the Schmidt
    probabilities of the simulated state (an independent computation)."""
    a = np.asarray(fn(Q, K, theta, config=cfg)).reshape(-1)
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, _ = cfg.registers(n_r)
    s = qi.schmidt_coefficients(psi, list(qa)) ** 2
    s = np.where(s > qi.ZERO_PROB, s, 0.0)
    s = s / s.sum(axis=1, keepdims=True)
    bits = -np.sum(np.where(s > 0, s * np.log2(np.where(s > 0, s, 1.0)), 0.0), axis=1)
    tol = score_tolerance(cfg, Q.shape[1], Q, K, theta)
    return tol - float(np.max(np.abs(a - bits * LN2)))


__all__ = [
    "PairScore",
    "ScoreFn",
    "StateFn",
    "asymmetry",
    "iqp_periodicity_violation",
    "law_additivity",
    "law_bell_ln2",
    "law_concurrence_forms",
    "law_cswap_expansion",
    "law_declared_symmetry",
    "law_entropy_bounds",
    "law_entropy_symmetric",
    "law_fast_equals_general",
    "law_feature_period_2pi",
    "law_matrix_form_equals_gates",
    "law_nats_vs_bits",
    "law_pair_product_concurrence",
    "law_pairwise",
    "law_scores_within",
    "law_state_normalised",
    "law_swap_test_identity",
    "law_theta_multiple_of_2pi",
    "law_theta_period_4pi",
    "law_zero_theta_product",
    "matrix_form_state_error",
    "max_angle",
    "pair_state_error",
    "score_tolerance",
    "transpose_under_reversal",
]
