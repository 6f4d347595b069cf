"""Tolerance formulas of the laws, each derivation written once (DESIGN.md, "The ledger").

A law compares a computed value with its exact counterpart; the allowed deviation is derived from
the rounding model of the computation (``EPS`` = unit round-off of float64, doubled where two
computations are compared) or from a Lipschitz / continuity bound, never picked to pass. Laws and
evidence modules import these formulas; nothing else defines ``EPS``.
"""

from __future__ import annotations

import math

import numpy as np

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
