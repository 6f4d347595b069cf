"""Laws of QMSAN's mixed-state scores, swap test, positional encoding and shot noise
(claims ``SUR-QMSAN-01..05``).

Each law takes the implementation under test and returns an
:class:`~properties.outcome.Outcome`: one named check per condition (issue 10 C).

Tolerances (derivations, one place):

* a reduced state ``M M^dag`` of a statevector within ``s`` of the exact one (``s =
  state_tolerance(circuit)``, :mod:`properties.tolerances`) is within ``2 s`` in the max norm
  (``||A A^dag - B B^dag|| <= ||A - B|| (||A|| + ||B||)``); its eigenvalues move by at most
  ``D * 2 s`` (Weyl, Frobenius <= D max). The checks then compute an eigenvalue, a trace or a
  score from it (one more computation of the same order), so the allowance is doubled:
  :func:`reduced_state_tolerance` ``= 2 D 2 s``;
* ``Tr(rho sigma)`` of two given density matrices is a ``D^2``-term complex sum with
  ``sum |rho_ab||sigma_ba| <= ||rho||_F ||sigma||_F <= 1``: ``gamma_{D^2} <= 2 D^2 eps``, doubled
  for the complex multiply and again for two computations compared:
  :func:`trace_product_tolerance` ``= 8 D^2 eps``; the identity of :func:`law_trace_bounds`
  combines four such sums (``Tr rho sigma``, both purities, the Frobenius distance): ``4 x``;
* the kept-pairs swap test (:func:`kept_swap_tolerance`) simulates ``h``, ``kept`` CSWAPs and
  ``h`` on ``2n + 1`` qubits: ``s = state_tolerance = 4 (kept + 3) 8 eps``, a probability ``2 s``,
  the marginal sums ``4^n`` probabilities (``4^n eps``); the law's reduced states are
  ``2^{n-kept}``-term sums (``2 * 2^{n-kept} eps`` per entry, ``<= 2 * 2^n eps`` after the
  ``D^2``-term trace with ``D = 2^kept``) and the trace itself ``2 D^2 eps``;
* the shot-noise law is statistical: see :func:`law_shot_variance`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.outcome import Outcome, at_least, at_most, close, combine, true, within
from properties.tolerances import EPS
from reference._types import ComplexArray, FloatArray

TraceSimilarity = Callable[[ComplexArray, ComplexArray], FloatArray]
"""``f(rho (N, D, D), sigma (M, D, D)) -> (N, M)``: ``[s, j] = Tr(rho_s sigma_j)``."""


def reduced_state_tolerance(s: float, kept: int) -> float:
    """``2 D 2 s`` with ``D = 2**kept`` (module docstring)."""
    return 2.0 * (1 << kept) * 2.0 * s


def trace_product_tolerance(dim: int) -> float:
    """``8 D^2 eps`` (module docstring)."""
    return 8.0 * dim * dim * EPS


def kept_swap_tolerance(n: int, kept: int) -> float:
    """``2 s + (4^n + 2 D^2 + 2 * 2^n) eps`` with ``s = 32 (kept + 3) eps`` (module
    docstring)."""
    s = 4.0 * (kept + 3) * 8.0 * EPS
    d = 1 << kept
    return 2.0 * s + (4.0**n + 2.0 * d * d + 2.0 * (1 << n)) * EPS


def law_density_matrices(rho: ComplexArray, tol: float) -> Outcome:
    """SUR-QMSAN-01: every ``rho`` is Hermitian, PSD and unit-trace (within ``tol``)."""
    herm = float(np.max(np.abs(rho - np.conj(np.swapaxes(rho, -1, -2)))))
    herm_part = 0.5 * (rho + np.conj(np.swapaxes(rho, -1, -2)))
    eig = float(np.min(np.linalg.eigvalsh(herm_part)))
    tr = float(np.max(np.abs(np.trace(rho, axis1=-2, axis2=-1) - 1.0)))
    return combine(
        within("Hermitian", herm, tol),
        at_least("eigenvalues >= 0", eig, 0.0, tol),
        within("Tr rho = 1", tr, tol),
    )


def law_trace_bounds(
    f: TraceSimilarity, rho: ComplexArray, sigma: ComplexArray, tol: float
) -> Outcome:
    """SUR-QMSAN-02: ``0 <= Tr(rho sigma) <= sqrt(Tr rho^2 Tr sigma^2) <= 1``, and the identity
    ``1 - Tr(rho sigma) = ||rho - sigma||_F^2 / 2 + (1 - Tr rho^2)/2 + (1 - Tr sigma^2)/2`` that
    makes "equality with 1 iff rho = sigma is pure" exact (all three terms are >= 0).
    ``tol``: :func:`trace_product_tolerance` (or the reduced-state one for model states)."""
    a = np.asarray(f(rho, sigma))
    if a.shape != (rho.shape[0], sigma.shape[0]):
        return true(f"f shape {a.shape} == {(rho.shape[0], sigma.shape[0])}", False)
    if np.iscomplexobj(a):
        a = np.real(a)
    pr = np.real(np.einsum("sab,sba->s", rho, rho))
    ps = np.real(np.einsum("jab,jba->j", sigma, sigma))
    cs = np.sqrt(np.outer(pr, ps))
    diff = rho[:, None] - sigma[None, :]
    fro = np.real(np.einsum("sjab,sjab->sj", diff, diff.conj()))
    identity = 0.5 * fro + 0.5 * (1 - pr)[:, None] + 0.5 * (1 - ps)[None, :]
    return combine(
        at_least("Tr(rho sigma) >= 0", a, 0.0, tol),
        at_most("Tr(rho sigma) <= sqrt(Tr rho^2 Tr sigma^2)", a, cs, tol),
        at_most("sqrt(Tr rho^2 Tr sigma^2) <= 1", cs, 1.0, tol),
        close("1 - f = |rho - sigma|_F^2/2 + (1 - purities)/2", 1 - a, identity, 4 * tol),
    )


def law_swap_test(p0: FloatArray, alpha: FloatArray, tol: float) -> Outcome:
    """SUR-QMSAN-03: ``P(0) = (1 + Tr(rho sigma))/2`` for every pair."""
    p = np.asarray(p0, dtype=np.float64)
    return close("P(0) = (1 + Tr(rho sigma))/2", p, (1 + np.asarray(alpha)) / 2, tol)


def law_kept_pairs_swap(
    swap_p0: Callable[[ComplexArray, ComplexArray, int], float],
    a: ComplexArray,
    b: ComplexArray,
    kept: int,
    tol: float,
    name: str = "CSWAP on kept pairs: P(0) = (1 + Tr(rho_A sigma_A))/2",
) -> Outcome:
    """SUR-QMSAN-03 (second part): a CSWAP on only the ``kept`` leading pairs of two pure
    ``n``-qubit states gives ``P(0) = (1 + Tr(rho_A sigma_A))/2`` of their reduced states
    (computed here by reshaping, independently of the implementation); ``tol``:
    :func:`kept_swap_tolerance`."""
    ma = a.reshape(1 << kept, -1)
    mb = b.reshape(1 << kept, -1)
    ra, rb = ma @ ma.conj().T, mb @ mb.conj().T
    want = (1 + float(np.real(np.trace(ra @ rb)))) / 2
    return within(name, abs(float(swap_p0(a, b, kept)) - want), tol)


def law_positional(
    states_with: ComplexArray,
    states_without: ComplexArray,
    qubits_with: int,
    qubits_without: int,
    alpha_none: FloatArray,
    identical: tuple[int, int],
    tol: float,
) -> Outcome:
    """SUR-QMSAN-04: the positional encoding adds no qubit and keeps every norm at 1; with it
    off, identical tokens ``s, t`` get identical score rows (so any difference with it on comes
    from the schedule)."""
    norms = np.linalg.norm(states_with, axis=1)
    s, t = identical
    return combine(
        true("no extra qubit", qubits_with == qubits_without),
        within("||state|| = 1", float(np.max(np.abs(norms - 1))), tol),
        close("identical tokens, identical rows (encoding off)", alpha_none[s], alpha_none[t], tol),
    )


def law_shot_variance(estimates: FloatArray, alpha: float, shots: int, z: float = 5.0) -> Outcome:
    """SUR-QMSAN-05: ``R`` independent estimates ``alpha^ = 2 P^(0) - 1`` from ``S`` shots have
    mean ``alpha`` and variance ``v = (1 - alpha^2)/S``.

    Test (normal approximation of the sample mean and sample variance, ``R`` large): with
    ``p = (1 + alpha)/2``, the excess kurtosis of ``alpha^`` is ``kappa = (1 - 6 p (1-p)) /
    (S p (1-p))``, and ``Var(s^2) = v^2 (2/(R-1) + kappa/R)``. The law holds when
    ``|mean - alpha| <= z sqrt(v/R)`` and ``|s^2 - v| <= z sqrt(Var(s^2))``; with ``z = 5`` a
    true law fails with probability about 1e-6 per check, and a variance off by a relative
    ``5 sqrt(2/R + kappa/R)`` (0.16 for ``R = 2000``) is caught about half the time.
    The two checks' deviations are in standard deviations, their tolerance ``z`` (utilisation =
    the deviation in units of ``z`` sd)."""
    e = np.asarray(estimates, dtype=np.float64).ravel()
    r = e.shape[0]
    v = (1 - alpha**2) / shots
    p = (1 + alpha) / 2
    if p * (1 - p) == 0:  # alpha = +-1: every estimate must equal alpha exactly
        return true("alpha = +-1: every estimate equals alpha", bool(np.all(e == alpha)))
    kappa = (1 - 6 * p * (1 - p)) / (shots * p * (1 - p))
    sd_var = v * math.sqrt(2 / (r - 1) + kappa / r)
    m_dev = abs(float(e.mean()) - alpha) / math.sqrt(v / r)
    v_dev = abs(float(e.var(ddof=1)) - v) / sd_var
    return combine(
        within("sample mean within z sd of alpha", m_dev, z),
        within("sample variance within z sd of (1 - alpha^2)/S", v_dev, z),
    )
