"""Tolerance formulas of the laws, each derivation written once (DESIGN.md, "The ledger").

A law compares a computed value with its exact counterpart; the allowed deviation is derived from
the rounding model of the computation (``EPS`` = unit round-off of float64, doubled where two
computations are compared) or from a Lipschitz / continuity bound, never picked to pass. Laws and
evidence modules import these formulas; nothing else defines ``EPS``.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, within
from reference.algorithms.qubo import QUBO
from reference.circuit import Circuit

EPS = float(np.finfo(np.float64).eps)
LN2 = math.log(2.0)
"""Machine epsilon of float64 (``2**-52``)."""


def binary_entropy(t: float) -> float:
    """``h(t) = -t ln t - (1 - t) ln(1 - t)`` in nats (``h(0) = 0``)."""
    if t <= 0.0:
        return 0.0
    if t >= 0.5:
        return LN2
    return -t * math.log(t) - (1 - t) * math.log1p(-t)


def concurrence_pure_tolerance(num_qubits: int) -> float:
    """Error bound of :func:`reference.quantum_info.concurrence_pure`.

    ``C = 2**(1-n/2) sqrt(X)`` where ``X = (2**n - 2) - sum of purities`` suffers cancellation near
    product states: each purity carries an absolute error of at most ``4 * 2**n * eps``, so ``X`` is
    off by ``delta <= 4**n * 4 * eps`` and ``sqrt`` turns that into at most ``sqrt(delta)``.
    """
    return float(2.0 ** (1 - num_qubits / 2) * math.sqrt(4.0**num_qubits * 4 * EPS))


def entropy_tolerance(dim: int) -> float:
    """Error bound for entropies from an SVD: ``64 * dim * eps`` plus the dropped-mass bound of
    :data:`reference.quantum_info.ZERO_PROB` terms (``dim * 4e-14``)."""
    return 64 * dim * EPS + dim * 4e-14


def state_tolerance(circuit: Circuit) -> float:
    """``4 * (m + 1) * 2**kmax * eps`` for a circuit of ``m`` gates of at most ``kmax`` qubits."""
    m = len(circuit.gate_ops)
    kmax = max((len(op.qubits) for op in circuit.gate_ops), default=1)
    return 4.0 * (m + 1) * (1 << kmax) * EPS


def permutation_tolerance(n_tokens: int, dim: int, layers: int, magnitude: float) -> float:
    """Bound on the change of the CLS output caused only by reordering floating-point sums when
    the non-CLS tokens are permuted: per layer, projections (``d`` terms), logits (``d`` terms),
    the softmax normaliser (``N`` terms, Lipschitz 1/2) and the mix (``N`` terms) each reorder a
    sum, ``(2d + 2N) eps * magnitude^2`` to first order with ``magnitude`` bounding the entries
    of the hidden states and weights; compounded over ``layers`` by the same factor."""
    per = 2.0 * (2 * dim + 2 * n_tokens) * EPS * (1.0 + magnitude) ** 2
    return float(per * (1.0 + magnitude) ** (2 * (layers - 1)) * 8.0)


def softmax_tolerance(n: int) -> float:
    """Row-sum error of a softmax over ``n`` entries: each ``exp`` and division rounds once
    (``2 eps`` relative per weight) and the sum of ``n`` weights adds ``n eps``: ``(n + 2) eps``;
    doubled for the reference's own summation."""
    return 2.0 * (n + 2) * EPS


def fannes_tolerance(delta: float, dim_sub: int) -> float:
    """Entropy change bound for pure states ``delta`` apart in 2-norm (Fannes-Audenaert), plus
    the ``ZERO_PROB`` cut-off of both computations."""
    t = min(max(delta, 0.0), 1.0)
    return t * math.log(max(dim_sub - 1, 1)) + binary_entropy(t) + 2 * entropy_tolerance(dim_sub)


def grover_tolerance(num_items: int, iterations: int) -> float:
    """``2 (4 (r + 1)(N + 2) eps + 16 (r + 1) eps)`` (see the module docstring)."""
    r1 = iterations + 1
    return 2.0 * (4.0 * r1 * (num_items + 2) * EPS + 16.0 * r1 * EPS)


def energy_tolerance(qubo: QUBO) -> float:
    """``2 (n^2 + 1) eps (sum|Q| + |offset| + 1)``: round-off of two computed energies."""
    n = qubo.num_variables
    return 2.0 * (n * n + 1) * EPS * (float(np.abs(qubo.matrix).sum()) + abs(qubo.offset) + 1.0)


def row_tolerance(n: int) -> float:
    """``8 (n + 2) eps``: round-off allowance of an entrywise / row-l1 attention error."""
    return 8.0 * (n + 2) * EPS


def entrywise(name: str, deviation: npt.ArrayLike, tolerance: npt.ArrayLike) -> Outcome:
    """A numeric check from entrywise deviations and tolerances: the entry with the largest
    ``deviation / tolerance`` is reported (its deviation and its own tolerance)."""
    dev = np.asarray(deviation, dtype=np.float64).ravel()
    tol = np.broadcast_to(np.asarray(tolerance, dtype=np.float64), np.shape(deviation)).ravel()
    if dev.size == 0:
        return within(name, 0.0, 0.0)
    if not np.all(np.isfinite(dev)):
        return within(name, math.inf, float(np.max(tol)))
    i = int(np.argmax(dev / tol))
    return within(name, float(dev[i]), float(tol[i]))


def wootters_density_tolerance() -> float:
    """Error bound of :func:`reference.quantum_info.concurrence_wootters` on a pure ``|a><a|``
    (``H-CORE-10``), independent of the state.

    Rounding model (``u = eps``): the outer product ``a a^H`` errs by ``||F||_2 <= ||F||_F <=
    sqrt(5) u < 3 u`` (one complex product per entry, ``sum |a_i a_j|^2 = 1``); ``eigh`` is
    backward stable with ``||E||_2 <= 4 n u = 16 u`` (``n = 4``), so the computed spectrum is
    that of ``rho + G``, ``||G|| <= eta = 19 u``. ``rho`` and ``rho~ = (Y(x)Y) rho* (Y(x)Y)``
    (a signed permutation: exact) have eigenvalues ``{1, 0, 0, 0}``: the three small ones are
    within ``eta ~ 4.2e-15`` of 0, below ``EIG_FLOOR = 1e-14``, and are zeroed exactly, so no
    ``sqrt(EIG_FLOOR)`` term enters (that would be the bound only if the floor were below the
    eigen-solver's error). The top eigenvector moves by ``sin t <= eta / (1 - 2 eta)``
    (Davis-Kahan, gap 1) and its eigenvalue by ``eta``; rebuilding ``sqrt(rho) = v sqrt(l) v^H``
    (4-term sums) rounds by ``8 u``. Each square root is thus within ``s = eta/2 + 2 sin t + 8 u``
    of the exact projector; their product within ``2 s + 8 u`` (4-term inner products); the
    SVD adds ``16 u`` backward error, and by Weyl every singular value moves by at most
    ``sigma = 2 s + 24 u``. ``C = l1 - l2 - l3 - l4``: ``4 sigma`` (``~ 540 u ~ 1.2e-13``)."""
    eta = 19.0 * EPS
    s = eta / 2 + 2 * eta / (1 - 2 * eta) + 8 * EPS
    return 4.0 * (2 * s + 24 * EPS)


def two_sqrt_tolerance(x_hat: object, delta: float) -> np.ndarray:
    """Bound on ``|2 sqrt(x) - 2 sqrt(x_hat)|`` when ``|x - x_hat| <= delta`` and ``x >= 0``
    (elementwise; ``x_hat`` clipped at 0): the concurrence ``C = 2 sqrt(1 - P0)`` of a ``P0``
    known within ``delta`` (``S001-P13``, ``P15``, ``A11``, the concurrence paths of ``P08``).

    ``2 sqrt(x) - 2 sqrt(x_hat) = 2 (x - x_hat) / (sqrt(x) + sqrt(x_hat))`` and ``x >= x_hat -
    delta``, so away from ``C ~ 0`` the Lipschitz bound ``|dC| <= 2 delta / (sqrt(x_hat) +
    sqrt(x_hat - delta)) ~ dP0 / sqrt(1 - P0)`` holds. It does not apply where ``x_hat <= delta``
    (``C`` within ``2 sqrt(delta)`` of 0, where ``sqrt`` has unbounded slope): there only the
    1/2-Hoelder bound ``2 sqrt(delta)`` does; the smaller of the two is returned."""
    x = np.clip(np.asarray(x_hat, dtype=np.float64), 0.0, None)
    holder = 2.0 * math.sqrt(max(delta, 0.0))
    den = np.sqrt(x) + np.sqrt(np.clip(x - delta, 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        lip = np.where(den > 0, 2.0 * delta / np.where(den > 0, den, 1.0), np.inf)
    return np.asarray(np.minimum(lip, holder), dtype=np.float64)


def purity_rounding(dim: int) -> float:
    """``4 dim eps``: rounding of a subsystem purity ``Tr rho_alpha^2`` of a ``dim``-amplitude
    unit state (the reduced matrix is a sum of ``dim / D_alpha`` products per entry and the trace
    of its square a sum of ``D_alpha^2`` squares; together at most ``2 dim`` roundings of terms
    summing to at most 1), doubled for the comparison of two computations."""
    return 4.0 * dim * EPS


def purity_shift(delta: float) -> float:
    """``4 delta``: how far any subsystem purity moves when a pure state moves by ``delta`` in
    2-norm: ``|Tr rho^2 - Tr sigma^2| = |Tr (rho - sigma)(rho + sigma)| <= ||rho - sigma||_1
    ||rho + sigma||_op <= 2 delta * 2`` (partial trace contracts the trace norm, and
    ``|| |a><a| - |b><b| ||_1 <= 2 ||a - b||``). An average of purities (``P(0^n)``) moves as
    much; a product of ``n`` factors ``(1 + p_m) / 2 <= 1`` moves at most ``n * 2 delta``."""
    return 4.0 * delta


BLACK_BOX_ROUNDINGS = 1 << 22
"""Rounding budget of a user's variant (a black box: no gate count or rounding model is known).

The variant checker cannot derive a tolerance from a circuit it does not see, so it states one:
a deviation of at most ``2**22`` unit round-offs (``~ 9.3e-10``) of the scores' scale. A
double-precision implementation that performs fewer than ``2**22`` roundings per value (a
simulated state of ``2**16`` amplitudes through ``64`` gates is ``~ 2**22``) stays inside it;
an error that is not round-off (a wrong gate, angle or qubit) moves an order-1 score by far
more. Used for ``law_pairwise`` / ``law_scores_within`` / ``law_declared_symmetry`` in
:mod:`proofs.variants.score_function`."""


def black_box_tolerance(scale: float = 1.0) -> float:
    """``BLACK_BOX_ROUNDINGS * eps * max(1, scale)``: see :data:`BLACK_BOX_ROUNDINGS`."""
    return float(BLACK_BOX_ROUNDINGS * EPS * max(1.0, abs(scale)))


# ---------------------------------------------------------------------------------------------
# windows of fitted complexity exponents (S002-C29, S002-C34, S002-F07; issue 10 C)

STAT_Z = 4.0
"""Standard errors allowed between a statistic (a fitted exponent, a sample standard deviation)
and its target: a normal deviate beyond 4 has two-sided probability 6.3e-5, so a correct
implementation fails the window about once in 16,000 runs (the ledger's seeds are fixed, so a
pass is reproducible)."""


def slope_standard_error(sizes: object, means: object, sems: object) -> float:
    """Standard error of the least-squares slope of ``log(mean)`` on ``log(size)``.

    The slope is ``sum_i w_i log(mean_i)`` with ``w_i = (x_i - mean x) / sum_j (x_j - mean x)^2``
    and ``x = log(size)``; a sample mean with standard error ``sem_i`` has ``log(mean_i)`` with
    standard error ``sem_i / mean_i`` (delta method), independent across sizes, so the slope's
    standard error is ``sqrt(sum_i (w_i sem_i / mean_i)^2)``."""
    x = np.log(np.asarray(sizes, dtype=np.float64))
    m = np.asarray(means, dtype=np.float64)
    s = np.asarray(sems, dtype=np.float64)
    w = (x - x.mean()) / float(np.sum((x - x.mean()) ** 2))
    return float(np.sqrt(np.sum((w * s / m) ** 2)))


def log_factor_window(n_min: float) -> float:
    """``1 / ln(n_min)``: how far a hidden logarithmic factor (an ``O~``, a tree depth) can raise
    a fitted exponent. The local log-log slope of ``n^a log n`` is ``a + 1 / ln n``, decreasing
    in ``n``, and a least-squares slope is a positive average of local slopes, so over sizes
    ``>= n_min`` the fitted exponent is at most ``a + 1 / ln(n_min)``."""
    return 1.0 / math.log(n_min)


# ---------------------------------------------------------------------------------------------
# encoder defaults (S001-A06, A12, A21)


def mix_tolerance(m: int, scale: float) -> float:
    """``4 (m + 1) eps scale``: entrywise error of ``W @ V`` with ``m`` terms per entry, rows of
    ``W`` summing to 1 and ``|V| <= scale`` (each product and each of the ``m`` additions rounds
    once: ``(m + 1) eps scale``), times 2 for the two computations compared and 2 to spare (the
    form of :func:`properties.encoder.laws.law_convex_combination`)."""
    return 4.0 * (m + 1) * EPS * scale


def density_matrix_tolerance(circuit: Circuit, *, channels_per_gate: int, kraus: int) -> float:
    """Entrywise error of a noisy density-matrix simulation: every gate and every channel after
    it maps ``rho -> sum_r K_r rho K_r^dag`` over ``<= kraus`` operators of ``<= kmax`` qubits;
    each entry is a sum of ``4^kmax`` products per operator (``2 4^kmax eps`` relative to
    ``max|rho| <= 1``), so ``m (1 + channels_per_gate)`` such steps give at most
    ``2 (steps + 1) kraus 4^kmax eps``; doubled for two simulations compared."""
    m = len(circuit.gate_ops)
    kmax = max((len(op.qubits) for op in circuit.gate_ops), default=1)
    steps = m * (1 + channels_per_gate)
    return 4.0 * (steps + 1) * kraus * 4.0**kmax * EPS
