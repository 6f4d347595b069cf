"""Laws of QEDFM (claims ``SUR-QEDFM-01..05``).

Every law takes the implementation under test (a coherence function, a density builder, a
measurement) and returns an :class:`~properties.outcome.Outcome` (named checks, each with its
derived tolerance; issue 10 C). This module stays free of Hypothesis: the ledger draws its states
with :func:`random_state` / :func:`random_unitary` from an installed wheel.

``SUR-QEDFM-02`` is checked against an *independent optimisation*: :func:`min_relative_entropy`
minimises ``S(rho || delta)`` over diagonal states ``delta = diag(softmax(z))`` with
``scipy.optimize.minimize``, evaluating the relative entropy with the generic matrix logarithm
of a Hermitian positive-definite matrix (eigendecomposition ``V diag(log lambda) V^H``,
:func:`logm_hermitian`), with no use of the closed form ``S(Delta rho) - S(rho)``. Its
suboptimality is certified by the Frank-Wolfe gap of the convex objective
``g(delta) = S(rho||diag delta)`` on the simplex,
``g(delta) - min g <= grad g . delta - min_k grad_k g``, where
``grad_k g = -rho_kk / (delta_k ln 2)`` (derivative of ``-Tr rho log2 diag(delta)``); the same
gradient, pulled back through the softmax, drives the optimiser.

Tolerance derivation (one place). Entropies come from ``eigvalsh`` (backward stable: eigenvalues
off by ``<= d eps ||rho||_2 <= d eps``) and ``-sum lambda log2 lambda``; the project's
``entropy_tolerance(d)`` (nats) bounds one entropy, so a difference of two entropies in bits is
off by ``<= 2 entropy_tolerance(d) / ln 2`` (:func:`bits_tolerance`). The Hermitian logarithm of
a diagonal ``delta`` is exact to ``d eps`` relative, so the optimiser's objective carries the same
``bits_tolerance``. Hermiticity, trace and positivity of a
density built from ``N`` rank-one terms are exact up to ``2 (N + 2) eps`` entrywise / ``4 d N eps``
for eigenvalues (:func:`density_tolerance`).

Other constants. ``gtol = 1e-12`` of the optimiser is only a stopping rule: the law does not
trust it, it certifies the optimum by the Frank-Wolfe gap. The evidence checks the closed form
``S(rho||Delta rho)`` only where ``min_k rho_kk > 1e-6``: there ``|log2 rho_kk| <= 20``, so the
cross term ``Tr rho log2 Delta rho`` (a ``d``-term sum of entries bounded by 20) is off by at
most ``20 d eps``, inside one :func:`properties.tolerances.entropy_tolerance` (``64 d eps`` and
up) and hence inside :func:`bits_tolerance`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import scipy.optimize

from properties.outcome import Outcome, at_least, at_most, combine, within
from properties.tolerances import EPS, entropy_tolerance
from reference._types import ComplexArray, FloatArray

Coherence = Callable[[ComplexArray], float]


def random_state(rng: np.random.Generator, d: int, rank: int) -> np.ndarray:
    """A random rank-``rank`` density matrix of dimension ``d`` (Dirichlet mixture of random
    complex unit vectors). Hypothesis-free, so the ledger can use it from an installed wheel."""
    v = rng.normal(size=(rank, d)) + 1j * rng.normal(size=(rank, d))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    w = rng.dirichlet(np.ones(rank))
    out: np.ndarray = np.einsum("k,ki,kj->ij", w, v, v.conj())
    return out


def random_unitary(rng: np.random.Generator, d: int) -> np.ndarray:
    """A Haar-random ``d x d`` unitary (QR with the phases of R's diagonal fixed)."""
    q, r = np.linalg.qr(rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))
    out: np.ndarray = q * (np.diag(r) / np.abs(np.diag(r)))
    return out


def bits_tolerance(d: int) -> float:
    """``2 entropy_tolerance(d) / ln 2``: a difference of two computed entropies, in bits."""
    return 2.0 * entropy_tolerance(d) / math.log(2.0)


def density_tolerance(n_terms: int, d: int) -> float:
    """``4 d (N + 2) eps``: entrywise / eigenvalue allowance of a sum of ``N`` rank-one terms."""
    return 4.0 * d * (n_terms + 2) * EPS


def logm_hermitian(sigma: ComplexArray) -> ComplexArray:
    """Natural logarithm of a Hermitian positive-definite matrix by its eigendecomposition."""
    lam, vec = np.linalg.eigh(0.5 * (sigma + sigma.conj().T))
    out: ComplexArray = (vec * np.log(lam)) @ vec.conj().T
    return out


def relative_entropy_generic(rho: ComplexArray, sigma: ComplexArray) -> float:
    """``S(rho||sigma) = Tr rho (log2 rho - log2 sigma)`` with ``Tr rho log rho`` from the
    eigenvalues (``0 log 0 = 0``) and ``log sigma`` from :func:`logm_hermitian`."""
    lam = np.clip(np.linalg.eigvalsh(0.5 * (rho + rho.conj().T)), 0.0, None)
    lam = lam[lam > 0]
    neg_s = float((lam * np.log2(lam)).sum())
    log_sigma = logm_hermitian(sigma) / math.log(2.0)
    return neg_s - float(np.trace(rho @ log_sigma).real)


def min_relative_entropy(rho: ComplexArray) -> tuple[float, FloatArray, float]:
    """``min_delta S(rho || diag(delta))`` over the interior of the simplex by BFGS on
    ``delta = softmax(z)`` from the uniform point. Returns ``(value, delta, frank_wolfe_gap)``."""
    d = rho.shape[0]

    def f(z: FloatArray) -> float:
        delta = np.exp(z - z.max())
        delta = delta / delta.sum()
        return relative_entropy_generic(rho, np.diag(delta).astype(complex))

    def jac(z: FloatArray) -> FloatArray:
        delta = np.exp(z - z.max())
        delta = delta / delta.sum()
        g = -np.diag(rho).real / (delta * math.log(2.0))
        out: FloatArray = delta * (g - g @ delta)
        return out

    res = scipy.optimize.minimize(
        f, np.zeros(d), jac=jac, method="BFGS", options={"gtol": 1e-12, "maxiter": 500}
    )
    z = res.x
    delta = np.exp(z - z.max())
    delta = delta / delta.sum()
    value = f(z)
    grad = -np.diag(rho).real / (delta * math.log(2.0))
    gap = float(grad @ delta - grad.min())
    return value, delta, max(gap, 0.0)


def law_min_over_incoherent(
    coherence: Coherence, rho: ComplexArray, samples: FloatArray
) -> tuple[Outcome, float]:
    """SUR-QEDFM-02: ``C_re(rho) = min_{delta incoherent} S(rho||delta)``.

    (i) no incoherent state beats ``C_re``: ``S(rho||delta) >= C_re - tol`` for the optimiser's
    minimiser and for every row of ``samples`` (random points of the simplex); (ii) the optimiser
    reaches it: ``S(rho||delta*) - C_re <= FW gap + tol``. Returns ``(outcome, gap)``."""
    d = rho.shape[0]
    tol = bits_tolerance(d)
    c = float(coherence(rho))
    value, _, gap = min_relative_entropy(rho)
    lows = [relative_entropy_generic(rho, np.diag(s).astype(complex)) for s in samples]
    outcome = combine(
        at_least("no incoherent delta below C_re", min([value, *lows]), c, tol),
        at_most("optimum - C_re <= Frank-Wolfe gap", value - c, gap, tol),
    )
    return outcome, gap


def law_equals_dephased_relative_entropy(coherence: Coherence, rho: ComplexArray) -> Outcome:
    """SUR-QEDFM-02 (first equality): ``C_re(rho) = S(rho || Delta rho)`` (generic formula),
    for ``rho`` whose diagonal is strictly positive (``Delta rho`` full rank)."""
    sigma = np.diag(np.diag(rho).real).astype(complex)
    dev = abs(float(coherence(rho)) - relative_entropy_generic(rho, sigma))
    return within("C_re = S(rho||Delta rho)", dev, bits_tolerance(rho.shape[0]))


def law_coherence_bounds(coherence: Coherence, rho: ComplexArray) -> Outcome:
    """SUR-QEDFM-01: ``0 <= C_re <= log2 d`` and, for the "iff" part, the Pinsker lower bound
    ``C_re = S(rho||Delta rho) >= ||rho - Delta rho||_1^2 / (2 ln 2)`` (positive exactly when
    ``rho`` is not diagonal)."""
    d = rho.shape[0]
    tol = bits_tolerance(d)
    c = float(coherence(rho))
    off = rho - np.diag(np.diag(rho))
    trace_norm = float(np.abs(np.linalg.eigvalsh(0.5 * (off + off.conj().T))).sum())
    pinsker = trace_norm**2 / (2.0 * math.log(2.0))
    return combine(
        at_least("C_re >= 0", c, 0.0, tol),
        at_most("C_re <= log2 d", c, math.log2(d), tol),
        at_least("C_re >= Pinsker bound", c, pinsker, tol),
    )


def law_coherence_extremes(coherence: Coherence, d: int, diag: FloatArray) -> Outcome:
    """SUR-QEDFM-01: ``C_re(diag) = 0`` and ``C_re(|+><+|) = log2 d`` (``|+> = 1/sqrt(d)``)."""
    tol = bits_tolerance(d)
    plus = np.full((d, d), 1.0 / d, dtype=complex)
    return combine(
        within("C_re(diagonal) = 0", abs(float(coherence(np.diag(diag).astype(complex)))), tol),
        within("C_re(|+><+|) = log2 d", abs(float(coherence(plus)) - math.log2(d)), tol),
    )


def law_invariance(
    coherence: Coherence, rho: ComplexArray, phases: npt.ArrayLike, perm: npt.ArrayLike
) -> Outcome:
    """SUR-QEDFM-03: ``C_re(D rho D^dagger) = C_re(rho) = C_re(P rho P^T)`` for a diagonal
    unitary ``D = diag(exp(i phases))`` and a basis permutation ``P``."""
    tol = 2.0 * bits_tolerance(rho.shape[0])
    dd = np.exp(1j * np.asarray(phases, dtype=np.float64))
    p = np.asarray(perm, dtype=np.int64)
    c = float(coherence(rho))
    c_d = float(coherence(dd[:, None] * rho * dd.conj()[None, :]))
    c_p = float(coherence(rho[np.ix_(p, p)]))
    return combine(
        within("C_re(D rho D^dagger) = C_re(rho)", abs(c_d - c), tol),
        within("C_re(P rho P^T) = C_re(rho)", abs(c_p - c), tol),
    )


def law_density_matrix(rho: ComplexArray, n_terms: int) -> Outcome:
    """SUR-QEDFM-04: Hermitian, PSD, unit trace, purity in ``[1/d, 1]`` (each within
    :func:`density_tolerance`)."""
    d = rho.shape[-1]
    tol = density_tolerance(n_terms, d)
    herm = float(np.max(np.abs(rho - rho.conj().T)))
    lam = np.linalg.eigvalsh(0.5 * (rho + rho.conj().T))
    tr = abs(float(np.trace(rho).real) - 1.0)
    purity = float(np.sum(np.abs(rho) ** 2))
    return combine(
        within("Hermitian", herm, tol),
        at_least("eigenvalues >= 0", float(lam.min()), 0.0, tol),
        within("Tr rho = 1", tr, tol),
        at_least("purity >= 1/d", purity, 1.0 / d, tol),
        at_most("purity <= 1", purity, 1.0, tol),
    )


def law_measurement(probs: FloatArray, n_terms: int, d: int) -> Outcome:
    """SUR-QEDFM-05: for a complete orthonormal projective measurement, ``p_k in [0, 1]`` and
    ``sum_k p_k = 1`` (allowance :func:`density_tolerance` plus ``2 d eps`` for the basis)."""
    tol = density_tolerance(n_terms, d) + 2.0 * d * EPS
    return combine(
        at_least("p_k >= 0", float(probs.min()), 0.0, tol),
        at_most("p_k <= 1", float(probs.max()), 1.0, tol),
        within("sum_k p_k = 1", float(np.max(np.abs(probs.sum(axis=-1) - 1.0))), tol),
    )
