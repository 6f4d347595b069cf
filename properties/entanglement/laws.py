"""Laws of entanglement-based attention (seed 001, ``S001-P01`` .. ``S001-P15``, ``S001-P25``).

Every law takes the implementation under test as its first argument(s) and returns an
:class:`~properties.outcome.Outcome`: named checks, each numeric one with its deviation and its
derived tolerance (a wrong shape or a non-finite value is a failed boolean check). The
implementations are:

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

Tolerances (derived, not tuned; the models are in :mod:`properties.entanglement.bounds`):

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
* **concurrence error**: ``C = 2 sqrt(1 - P0)`` with ``P0`` known within ``delta`` moves by
  at most :func:`properties.tolerances.two_sqrt_tolerance` (Lipschitz ``delta / sqrt(1 - P0)``
  away from ``C ~ 0``, ``2 sqrt(delta)`` near it); ``P0`` (an average of purities) moves by
  :func:`~properties.tolerances.purity_shift` of the state error and rounds by
  :func:`~properties.tolerances.purity_rounding`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt

from properties.entanglement.bounds import (
    close_each,
    concurrence_tolerance,
    cswap_probability_tolerance,
    literal_two_tolerance,
    matrix_form_state_error,
    max_angle,
    pair_state_error,
    score_tolerance,
)
from properties.outcome import Outcome, at_least, at_most, close, combine, true, within
from properties.tolerances import (
    EPS,
    LN2,
    entropy_tolerance,
    fannes_tolerance,
    purity_rounding,
    purity_shift,
    state_tolerance,
    two_sqrt_tolerance,
)
from reference import quantum_info as qi
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit
from reference.mechanisms import entanglement as ent

ScoreFn = Callable[..., FloatArray]
"""``fn(Q, K, theta, *, config=EntanglementConfig) -> (n, m)`` scores."""

PairScore = Callable[[FloatArray, FloatArray], Any]
"""``score(Q (n, d), K (m, d)) -> (n, m)``: a score function with its parameters bound."""

StateFn = Callable[..., Any]
"""``states(Q, K, theta, *, config=EntanglementConfig) -> (n * m, 4**n_r)`` pair states."""

ProbsFn = Callable[[ComplexArray], Any]
"""``(B, 2**n)`` pure states -> ``(B, 2**n)`` control distribution of the c-SWAP test."""


def _states(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: Any
) -> ComplexArray:
    return np.asarray(states(Q, K, theta, config=cfg), dtype=np.complex128)


# ---------------------------------------------------------------------------------------------
# S001-P01 .. P04


def law_state_normalised(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> Outcome:
    """``S001-P01``: every simulated pair state has unit norm (within the state tolerance)."""
    psi = _states(states, cfg, Q, K, theta)
    tmpl = ent.pair_template(cfg, Q.shape[1])
    tol = math.sqrt(1 << tmpl.num_qubits) * state_tolerance(tmpl)
    norms = np.linalg.norm(psi, axis=1)
    return close("||psi|| = 1", norms, np.ones_like(norms), tol)


def law_entropy_bounds(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> Outcome:
    """``S001-P02``: ``0 <= S_A <= n_r ln 2`` for every pair (Fannes-Audenaert tolerance)."""
    n_r = cfg.register_qubits(Q.shape[1])
    a = np.asarray(fn(Q, K, theta, config=cfg), dtype=np.float64)
    tol = score_tolerance(cfg, Q.shape[1], Q, K, theta)
    return combine(
        at_least("S_A >= 0", a, 0.0, tol),
        at_most("S_A <= n_r ln 2", a, n_r * LN2, tol),
    )


def law_scores_within(
    score: PairScore, Q: FloatArray, K: FloatArray, *, lo: float, hi: float, tol: float
) -> Outcome:
    """``S001-P02`` (declared-bounds form): every score lies in ``[lo, hi]`` within ``tol``
    (``[0, n_r ln 2]`` for the entropy, ``[0, 1/2]`` for the SWAP-test ``P(1)``, ``S001-P11``):
    two checks, ``A >= lo`` and ``A <= hi``."""
    a = np.asarray(score(Q, K), dtype=np.float64)
    return combine(
        at_least(f"A >= {lo:.6g}", a, lo, tol),
        at_most(f"A <= {hi:.6g}", a, hi, tol),
    )


def law_pairwise(score: PairScore, Q: FloatArray, K: FloatArray, *, tol: float) -> Outcome:
    """Paper Eq. 4, ``A_ij = ME(U(q_i) (x) U(k_j))``: ``A`` has shape ``(n, m)`` (boolean), is
    finite (boolean), and ``A[i, j]`` depends only on ``(q_i, k_j)``: query 1 alone against the
    keys reversed, minus one, equals that part of the full matrix within ``tol``."""
    a = np.asarray(score(Q, K), dtype=np.float64)
    shape_ok = a.shape == (Q.shape[0], K.shape[0])
    checks = [
        true("A has shape (n, m)", shape_ok),
        true("A is finite", bool(np.all(np.isfinite(a)))),
    ]
    if shape_ok:
        sub = np.asarray(score(Q[1:2], K[::-1][1:]), dtype=np.float64)
        want = a[1:2, ::-1][:, 1:]
        checks.append(close("A[i, j] depends only on (q_i, k_j)", sub, want, tol))
    return combine(checks)


def law_entropy_symmetric(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> Outcome:
    """``S001-P03``: ``S_A = S_B`` for the pure query-key state (Schmidt symmetry).

    Tolerance: the two entropies come from the same state through two SVDs (of ``M`` and
    ``M^T``): :func:`entropy_tolerance` each, plus ``64 D eps`` for the two reshapes'
    different summation orders."""
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, qb = cfg.registers(n_r)
    sa = qi.entanglement_entropy(psi, list(qa))
    sb = qi.entanglement_entropy(psi, list(qb))
    tol = 2 * entropy_tolerance(1 << n_r) + 64 * (1 << n_r) * EPS
    return close("S_A = S_B", sa, sb, tol)


def law_zero_theta_product(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray
) -> Outcome:
    """``S001-P04``: all CRX angles 0 -> product state -> ``S_A = 0`` (within the tolerance)."""
    n_r = cfg.register_qubits(Q.shape[1])
    theta = np.zeros(cfg.theta_shape(n_r))
    a = np.asarray(fn(Q, K, theta, config=cfg), dtype=np.float64)
    return close("S_A(theta = 0) = 0", a, np.zeros_like(a), score_tolerance(cfg, Q.shape[1], Q, K))


def law_theta_multiple_of_2pi(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, ks: npt.ArrayLike
) -> Outcome:
    """``S001-P05``: ``theta = 2 pi k`` (integers ``k``) -> ``CRX = (Z (x) I)^k`` is local, so
    ``S_A = 0``."""
    theta = 2 * math.pi * np.asarray(ks, dtype=np.float64)
    a = np.asarray(fn(Q, K, theta, config=cfg), dtype=np.float64)
    tol = score_tolerance(cfg, Q.shape[1], Q, K, theta)
    return close("S_A(theta in 2 pi Z) = 0", a, np.zeros_like(a), tol)


def _unchanged(
    name: str,
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    before: tuple[FloatArray, FloatArray, FloatArray],
    after: tuple[FloatArray, FloatArray, FloatArray],
) -> Outcome:
    """``fn(before) = fn(after)`` for two ``(Q, K, theta)`` inputs claimed to give the same
    scores, within the score tolerance of the changed inputs (larger angles)."""
    a = np.asarray(fn(*before, config=cfg), dtype=np.float64)
    b = np.asarray(fn(*after, config=cfg), dtype=np.float64)
    return close(name, b, a, score_tolerance(cfg, before[0].shape[1], *after))


def law_theta_period_4pi(
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
    index: int,
) -> Outcome:
    """``S001-P06``: ``S_A`` is ``4 pi``-periodic in each CRX angle (``theta.flat[index]``)."""
    t2 = np.array(theta, dtype=np.float64)
    t2.flat[index] += 4 * math.pi
    return _unchanged("S_A(theta + 4 pi e_i) = S_A(theta)", fn, cfg, (Q, K, theta), (Q, K, t2))


def law_feature_period_2pi(
    fn: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
    index: int,
    *,
    on_key: bool,
) -> Outcome:
    """``S001-P07``: angle encodings: ``S_A`` is ``2 pi``-periodic in every query/key feature
    (``R(x + 2 pi) = -R(x)``, a global phase); feature ``index`` of every row is shifted."""
    Q2, K2 = np.array(Q), np.array(K)
    (K2 if on_key else Q2)[:, index] += 2 * math.pi / cfg.feature_scale
    return _unchanged("S_A(x + 2 pi e_i) = S_A(x)", fn, cfg, (Q, K, theta), (Q2, K2, theta))


def iqp_periodicity_violation(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> float:
    """``S001-P07`` (IQP part): margin by which shifting query feature 0 by ``2 pi`` changes
    ``S_A`` beyond the tolerance (``> 0``: periodicity fails for IQP, as the claim says)."""
    Q2 = np.array(Q)
    Q2[:, 0] += 2 * math.pi
    a = np.asarray(fn(Q, K, theta, config=cfg), dtype=np.float64)
    b = np.asarray(fn(Q2, K, theta, config=cfg), dtype=np.float64)
    tol = score_tolerance(cfg, Q.shape[1], Q2, K, theta)
    return float(np.max(np.abs(a - b))) - tol


# ---------------------------------------------------------------------------------------------
# S001-P08, P09


def law_additivity(
    states: StateFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> Outcome:
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
    return combine(
        close("S_A = sum_m S(rho_A_m)", total, parts.sum(axis=-1), tol),
        at_most("S(rho_A_m) <= ln 2", parts, LN2, tol),
    )


def law_fast_equals_general(
    fast: ScoreFn,
    general: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray | None,
) -> Outcome:
    """``S001-P08``: the pair-product fast path equals the general simulation (every measure).

    Tolerance: entropy, :func:`score_tolerance`. Concurrence: each path's ``P0`` (an average of
    purities) is within :func:`purity_shift` of the exact one (state error ``delta``), so they
    differ by ``2 * 4 delta`` plus :func:`purity_rounding`; :func:`concurrence_tolerance` turns
    that into ``C`` (Lipschitz away from ``C ~ 0``). SWAP ``P(1) = (1 - F)/2``: ``F`` (a
    squared overlap, or a purity for the pair state) moves by at most ``4 delta`` per
    computation, ``P(1)`` by half of it; ``4 delta`` plus the rounding for the two."""
    a = np.asarray(fast(Q, K, theta, config=cfg), dtype=np.float64)
    b = np.asarray(general(Q, K, theta, config=cfg), dtype=np.float64)
    tol: Any = score_tolerance(cfg, Q.shape[1], Q, K, *(() if theta is None else (theta,)))
    delta = pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K))
    dim = 1 << ent.pair_template(cfg, Q.shape[1]).num_qubits
    if cfg.measure == "concurrence":
        tol = concurrence_tolerance(b, 2 * purity_shift(delta) + purity_rounding(dim))
    elif cfg.measure == "swap":
        tol = 4 * delta + purity_rounding(dim)
    return close_each(f"fast path = general ({cfg.measure})", a, b, tol)


def law_matrix_form_equals_gates(
    matrix: ScoreFn,
    gates: ScoreFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray | None,
) -> Outcome:
    """The general path's two computations agree: the matrix form (register unitaries once per
    token, CRX wall as an entrywise phase) equals the gate-by-gate simulation of the pair circuit,
    for every measure (``S001-P01`` .. ``P04`` are stated of that state).

    Tolerance: each computation is within its state bound of the exact pair state
    (:func:`pair_state_error` for the gates, :func:`matrix_form_state_error` for the matrix form;
    the matrix form's spectrum comes from ``M M^H``, whose rounding ``g(D) + 64 D eps`` in 2-norm
    is at most ``D`` times that in trace distance, added to its state error). Entropy: the
    Fannes-Audenaert bound of each, summed (triangle inequality through the exact value). SWAP
    ``P(1)`` and the concurrence: the same conversions as :func:`law_fast_equals_general`, with
    the two state errors summed (``P0`` moves by :func:`purity_shift` of the sum; the
    concurrence is Lipschitz in ``P0`` away from ``C ~ 0``)."""
    a = np.asarray(matrix(Q, K, theta, config=cfg), dtype=np.float64)
    b = np.asarray(gates(Q, K, theta, config=cfg), dtype=np.float64)
    d = Q.shape[1]
    n_r = cfg.register_qubits(d)
    dim = 1 << n_r
    ang = max_angle(cfg, Q, K, *(() if theta is None else (theta,)))
    d_gates = pair_state_error(cfg, d, ang)
    d_matrix = matrix_form_state_error(cfg, d, ang)
    tol: Any
    if cfg.measure == "entropy":
        read = dim * (2 * dim * EPS / (1 - dim * EPS) + 64 * dim * EPS)
        tol = fannes_tolerance(d_gates, dim) + fannes_tolerance(d_matrix + read, dim)
    elif cfg.measure == "concurrence":
        p0_err = purity_shift(d_gates + d_matrix) + purity_rounding(dim * dim)
        tol = concurrence_tolerance(b, p0_err)
    else:
        tol = 4 * (d_gates + d_matrix) + purity_rounding(dim * dim)
    return close_each(f"matrix form = gates ({cfg.measure})", a, b, tol)


def transpose_under_reversal(
    fn: ScoreFn, cfg: ent.EntanglementConfig, Q: FloatArray, K: FloatArray, theta: FloatArray
) -> Outcome:
    """``S001-A02`` / ``S001-P09``: reversing the CRX direction transposes the roles of query and
    key: ``A_rev(q, k) = A(k, q)`` (entropy; Schmidt symmetry)."""
    rev = replace(
        cfg,
        crx_direction="key_to_query" if cfg.crx_direction == "query_to_key" else "query_to_key",
    )
    a = np.asarray(fn(Q, K, theta, config=rev), dtype=np.float64)
    b = np.asarray(fn(K, Q, theta, config=cfg), dtype=np.float64).T
    tol = score_tolerance(cfg, Q.shape[1], Q, K, theta)
    return close("A_reversed(q, k) = A(k, q)", a, b, tol)


def asymmetry(score: PairScore, X: FloatArray) -> FloatArray:
    """``S001-P09``: ``|A(x_i, x_j) - A(x_j, x_i)|`` for all token pairs of ``X`` (``(n, n)``)."""
    a = np.asarray(score(X, X), dtype=np.float64)
    return np.asarray(np.abs(a - a.T), dtype=np.float64)


def law_declared_symmetry(
    score: PairScore, X: FloatArray, *, symmetric: bool, tol: float
) -> Outcome:
    """``S001-P09``: a declared (a)symmetry on the tokens ``X``.

    ``symmetric=True`` claims ``A(q, k) = A(k, q)`` for every pair: a numeric check of ``max
    |A - A^T|`` against ``tol`` (universal: every case must hold). ``symmetric=False`` claims
    some pair is asymmetric (the entanglement measures with a directed CRX): a boolean check
    "some ``|A(x_i, x_j) - A(x_j, x_i)| > tol``" (existential: one case holding decides; the
    caller aggregates it so).
    """
    asym = float(np.max(asymmetry(score, X)))
    if symmetric:
        return within("A(x_i, x_j) = A(x_j, x_i)", asym, tol)
    return true("some |A(x_i, x_j) - A(x_j, x_i)| > tol", math.isfinite(asym) and asym > tol)


# ---------------------------------------------------------------------------------------------
# S001-P10 .. P15


def law_bell_ln2(pair_circuit: Callable[..., Circuit]) -> Outcome:
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
    return combine(
        close("S(Bell) = ln 2", s1, LN2, tol),
        close("S(CRX(pi) on RX(pi/2)|0> (x) |0>) = ln 2", s2, LN2, tol),
    )


def law_swap_test_identity(
    swap_test_circuit: Callable[..., Circuit], states_a: ComplexArray, states_b: ComplexArray
) -> Outcome:
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
    return combine(
        close("P(1) = (1 - |<a|b>|^2)/2", p1, want, tol),
        at_least("P(1) >= 0", p1, 0.0, tol),
        at_most("P(1) <= 1/2", p1, 0.5, tol),
    )


def law_cswap_expansion(
    probabilities: ProbsFn, expansion: ProbsFn, states: ComplexArray
) -> Outcome:
    """``S001-P12``: the c-SWAP test's control distribution (``probabilities``, e.g. the simulated
    circuit) equals ``expansion`` (``2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2``), and odd
    parities have probability 0. Tolerance model: the reference c-SWAP circuit's gate count."""
    p = np.asarray(probabilities(states), dtype=np.float64)
    pp = np.asarray(expansion(states), dtype=np.float64)
    n = int(states.shape[1]).bit_length() - 1
    odd = np.array([bin(z).count("1") % 2 == 1 for z in range(1 << n)])
    tol = cswap_probability_tolerance(n)
    return combine(
        close("P(z) = 2^-n sum_alpha (-1)^|z & alpha| Tr rho_alpha^2", p, pp, tol),
        within("P(odd parity) = 0", float(np.max(np.abs(np.sum(p[:, odd], axis=1)))), tol),
    )


def law_concurrence_forms(
    probabilities: ProbsFn, from_p0: Callable[[FloatArray], Any], states: ComplexArray
) -> Outcome:
    """``S001-P13``: ``from_p0(P(0^n))`` of the c-SWAP distribution ``probabilities`` equals the
    Carvalho form; for ``n = 2`` also ``2 |ad - bc|`` and ``2 sqrt(P(11))`` (named checks).

    Tolerance, per state: ``P(0^n)`` is within ``tol_p =``
    :func:`cswap_probability_tolerance` of its exact value, so ``C = 2 sqrt(1 - P0)`` is within
    :func:`concurrence_tolerance` ``(C, tol_p)``: the Lipschitz bound ``|dC| <= dP0 /
    sqrt(1 - P0)`` away from ``C ~ 0``; where ``1 - P0 <= tol_p`` (``C <= 2 sqrt(tol_p)``) it
    does not apply and the 1/2-Hoelder bound ``2 sqrt(tol_p)`` is used. The Carvalho form's
    radicand ``X = (2**n - 2) - sum purities`` is off by ``4**n 4 eps``
    (:func:`properties.tolerances.concurrence_pure_tolerance`), which the same square-root
    bound turns into an error of ``C``; the two are added. ``2|ad - bc|``: ``8 eps``
    (two complex products and a difference); ``2 sqrt(P(11))``: the square-root bound at
    ``P(11)`` within ``tol_p``.
    """
    n = int(states.shape[1]).bit_length() - 1
    p = np.asarray(probabilities(states), dtype=np.float64)
    c_sw = np.asarray(from_p0(p[:, 0]), dtype=np.float64)
    c_carv = qi.concurrence_pure(states)
    tol_p = cswap_probability_tolerance(n)
    tol_sw = concurrence_tolerance(c_sw, tol_p)
    # Carvalho: C = 2^(1 - n/2) sqrt(X); X = (C / 2^(1 - n/2))^2 known within 4^n 4 eps
    scale = 2.0 ** (1 - n / 2)
    x_carv = (np.asarray(c_carv) / scale) ** 2
    tol_carv = scale / 2 * two_sqrt_tolerance(x_carv, 4.0**n * 4 * EPS)
    checks = [close_each("2 sqrt(1 - P(0^n)) = Carvalho C_n", c_sw, c_carv, tol_sw + tol_carv)]
    if n == 2:
        a, b, c, d = states[:, 0], states[:, 1], states[:, 2], states[:, 3]
        woot = 2 * np.abs(a * d - b * c)
        checks.append(close_each("2 sqrt(1 - P(00)) = 2|ad - bc|", c_sw, woot, tol_sw + 8 * EPS))
        p11 = np.clip(p[:, 3], 0, None)
        tol11 = two_sqrt_tolerance(p11, tol_p) + 8 * EPS
        checks.append(close_each("2 sqrt(P(11)) = 2|ad - bc|", 2 * np.sqrt(p11), woot, tol11))
    return combine(checks)


def law_pair_product_concurrence(
    states: StateFn,
    concurrence: Callable[[ComplexArray], Any],
    from_p0: Callable[[FloatArray], Any],
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
) -> Outcome:
    """``S001-P15``: pair-product states: ``C_n = 2 sqrt(1 - prod_m (1 + Tr rho_{A_m}^2) / 2)``.

    Left side: ``concurrence`` (the purity formula) on the ``2 n_r``-qubit states; right side:
    ``from_p0`` of the product of single-qubit purities of the same states.

    Tolerance (replaces ``2 sqrt(8 D delta + 1e3 eps)``): both sides are computed from the same
    simulated state, which is within ``delta =`` :func:`pair_state_error` of an exact
    pair-product state, for which they agree exactly. The left ``P0`` (an average of purities)
    moves by :func:`purity_shift` ``(delta) = 4 delta``; the right one (a product of ``n_r``
    factors ``(1 + p_m)/2 <= 1``) by ``n_r * 2 delta``; the purities round by
    :func:`purity_rounding` of the ``D = 4**n_r`` amplitudes, ``n_r + 1`` times (``n_r``
    single-qubit purities on the right, their average on the left). ``C`` then moves by
    :func:`concurrence_tolerance` at the right side's ``P0``.
    """
    psi = _states(states, cfg, Q, K, theta)
    n_r = cfg.register_qubits(Q.shape[1])
    qa, _ = cfg.registers(n_r)
    lhs = np.asarray(concurrence(psi))
    prod = np.ones(psi.shape[0])
    for q in qa:
        prod = prod * (1 + qi.subsystem_purity(psi, [q])) / 2
    rhs = np.asarray(from_p0(prod), dtype=np.float64)
    delta = pair_state_error(cfg, Q.shape[1], max_angle(cfg, Q, K, theta))
    dim = psi.shape[1]
    p0_err = purity_shift(delta) + n_r * 2 * delta + (n_r + 1) * purity_rounding(dim)
    tol = two_sqrt_tolerance(1.0 - prod, p0_err)
    return close_each("C_n (purities) = 2 sqrt(1 - prod_m (1 + Tr rho_A_m^2)/2)", lhs, rhs, tol)


def law_nats_vs_bits(
    fn: ScoreFn,
    states: StateFn,
    cfg: ent.EntanglementConfig,
    Q: FloatArray,
    K: FloatArray,
    theta: FloatArray,
) -> Outcome:
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
    return close("S_nats = S_bits ln 2", a, bits * LN2, tol)


__all__ = [
    "PairScore",
    "ScoreFn",
    "StateFn",
    "asymmetry",
    "close_each",
    "concurrence_tolerance",
    "cswap_probability_tolerance",
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
    "literal_two_tolerance",
    "matrix_form_state_error",
    "max_angle",
    "pair_state_error",
    "score_tolerance",
    "transpose_under_reversal",
]
