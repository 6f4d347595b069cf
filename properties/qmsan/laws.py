"""Laws of QMSAN's mixed-state scores, swap test, positional encoding and shot noise
(claims ``SUR-QMSAN-01..05``).

Each law takes the implementation under test and returns a slack (``>= 0`` when it holds).

Tolerances (derivations): a reduced state ``M M^dag`` of a statevector within ``s`` of the exact
one (``s = state_tolerance(circuit)``, :mod:`properties.tolerances`) is within ``2 s`` in the max
norm (``||A A^dag - B B^dag|| <= ||A - B|| (||A|| + ||B||)``); its eigenvalues move by at most
``D * 2 s`` (Weyl, Frobenius <= D max); ``Tr(rho sigma)`` of such states by ``4 s`` plus ``D^2``
products summed (``D^2 eps``). The shot-noise law is statistical: see
:func:`law_shot_variance`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from reference._types import ComplexArray, FloatArray

TraceSimilarity = Callable[[ComplexArray, ComplexArray], FloatArray]
"""``f(rho (N, D, D), sigma (M, D, D)) -> (N, M)``: ``[s, j] = Tr(rho_s sigma_j)``."""


def law_density_matrices(rho: ComplexArray, tol: float) -> float:
    """SUR-QMSAN-01: every ``rho`` is Hermitian, PSD and unit-trace (within ``tol``)."""
    herm = float(np.max(np.abs(rho - np.conj(np.swapaxes(rho, -1, -2)))))
    herm_part = 0.5 * (rho + np.conj(np.swapaxes(rho, -1, -2)))
    eig = float(np.min(np.linalg.eigvalsh(herm_part)))
    tr = float(np.max(np.abs(np.trace(rho, axis1=-2, axis2=-1) - 1.0)))
    return min(tol - herm, tol + eig, tol - tr)


def law_trace_bounds(
    f: TraceSimilarity, rho: ComplexArray, sigma: ComplexArray, tol: float
) -> float:
    """SUR-QMSAN-02: ``0 <= Tr(rho sigma) <= sqrt(Tr rho^2 Tr sigma^2) <= 1``, and the identity
    ``1 - Tr(rho sigma) = ||rho - sigma||_F^2 / 2 + (1 - Tr rho^2)/2 + (1 - Tr sigma^2)/2`` that
    makes "equality with 1 iff rho = sigma is pure" exact (all three terms are >= 0)."""
    a = np.asarray(f(rho, sigma))
    if a.shape != (rho.shape[0], sigma.shape[0]):
        return -1.0
    pr = np.real(np.einsum("sab,sba->s", rho, rho))
    ps = np.real(np.einsum("jab,jba->j", sigma, sigma))
    cs = np.sqrt(np.outer(pr, ps))
    diff = rho[:, None] - sigma[None, :]
    fro = np.real(np.einsum("sjab,sjab->sj", diff, diff.conj()))
    identity = 0.5 * fro + 0.5 * (1 - pr)[:, None] + 0.5 * (1 - ps)[None, :]
    return min(
        tol + float(a.min()),
        tol + float(np.min(cs - a)),
        tol + float(np.min(1 - cs)),
        4 * tol - float(np.max(np.abs((1 - a) - identity))),
    )


def law_swap_test(p0: FloatArray, alpha: FloatArray, tol: float) -> float:
    """SUR-QMSAN-03: ``P(0) = (1 + Tr(rho sigma))/2`` for every pair."""
    return tol - float(np.max(np.abs(np.asarray(p0) - (1 + np.asarray(alpha)) / 2)))


def law_kept_pairs_swap(
    swap_p0: Callable[[ComplexArray, ComplexArray, int], float],
    a: ComplexArray,
    b: ComplexArray,
    kept: int,
    tol: float,
) -> float:
    """SUR-QMSAN-03 (second part): a CSWAP on only the ``kept`` leading pairs of two pure
    ``n``-qubit states gives ``P(0) = (1 + Tr(rho_A sigma_A))/2`` of their reduced states
    (computed here by reshaping, independently of the implementation)."""
    ma = a.reshape(1 << kept, -1)
    mb = b.reshape(1 << kept, -1)
    ra, rb = ma @ ma.conj().T, mb @ mb.conj().T
    want = (1 + float(np.real(np.trace(ra @ rb)))) / 2
    return tol - abs(swap_p0(a, b, kept) - want)


def law_positional(
    states_with: ComplexArray,
    states_without: ComplexArray,
    qubits_with: int,
    qubits_without: int,
    alpha_none: FloatArray,
    identical: tuple[int, int],
    tol: float,
) -> float:
    """SUR-QMSAN-04: the positional encoding adds no qubit and keeps every norm at 1; with it
    off, identical tokens ``s, t`` get identical score rows (so any difference with it on comes
    from the schedule)."""
    if qubits_with != qubits_without:
        return -1.0
    norms = np.linalg.norm(states_with, axis=1)
    s, t = identical
    return min(
        tol - float(np.max(np.abs(norms - 1))),
        tol - float(np.max(np.abs(alpha_none[s] - alpha_none[t]))),
    )


def law_shot_variance(estimates: FloatArray, alpha: float, shots: int, z: float = 5.0) -> float:
    """SUR-QMSAN-05: ``R`` independent estimates ``alpha^ = 2 P^(0) - 1`` from ``S`` shots have
    mean ``alpha`` and variance ``v = (1 - alpha^2)/S``.

    Test (normal approximation of the sample mean and sample variance, ``R`` large): with
    ``p = (1 + alpha)/2``, the excess kurtosis of ``alpha^`` is ``kappa = (1 - 6 p (1-p)) /
    (S p (1-p))``, and ``Var(s^2) = v^2 (2/(R-1) + kappa/R)``. The law holds when
    ``|mean - alpha| <= z sqrt(v/R)`` and ``|s^2 - v| <= z sqrt(Var(s^2))``; with ``z = 5`` a
    true law fails with probability about 1e-6 per check, and a variance off by a relative
    ``5 sqrt(2/R + kappa/R)`` (0.16 for ``R = 2000``) is caught about half the time.
    Returns the smaller of the two margins in units of their standard deviations, minus 0
    (``>= 0`` holds)."""
    e = np.asarray(estimates, dtype=np.float64).ravel()
    r = e.shape[0]
    v = (1 - alpha**2) / shots
    p = (1 + alpha) / 2
    if p * (1 - p) == 0:  # alpha = +-1: every estimate must equal alpha exactly
        return z if bool(np.all(e == alpha)) else -1.0
    kappa = (1 - 6 * p * (1 - p)) / (shots * p * (1 - p))
    sd_var = v * math.sqrt(2 / (r - 1) + kappa / r)
    m_dev = abs(float(e.mean()) - alpha) / math.sqrt(v / r)
    v_dev = abs(float(e.var(ddof=1)) - v) / sd_var
    return z - max(m_dev, v_dev)
