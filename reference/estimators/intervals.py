r"""Confidence intervals and shot budgets for probabilities estimated from counts (issue 14).

Every hardware estimator of :mod:`reference.estimators` reduces to the frequency ``k / n`` of one
event (an outcome set) among ``n`` shots, whose probability ``p`` is a known function of the
score. This module gives, for that frequency:

* :func:`clopper_pearson`: the exact binomial interval at level ``1 - delta`` (two-sided,
  ``delta / 2`` per tail). Its coverage is ``>= 1 - delta`` for every ``p`` and ``n`` (claim
  ``H-EST-06`` measures it).
* :func:`hoeffding_shots`: the smallest ``n`` with ``2 exp(-2 n eps^2) <= delta``, i.e.
  ``n = ceil(ln(2 / delta) / (2 eps^2))`` (Hoeffding's inequality; algebra proved in ``H-EST-04``).
* :func:`hoeffding_halfwidth`: ``sqrt(ln(2 / delta) / (2 n))``. The Clopper-Pearson interval lies
  inside ``k/n +- hoeffding_halfwidth(n, delta)`` (any ``p`` outside it has a binomial tail
  ``<= exp(-2 n t^2) < delta / 2`` by Hoeffding), so with ``n >= hoeffding_shots(eps, delta)`` the
  reported interval has half-width ``<= eps`` and covers ``p`` with probability ``>= 1 - delta``
  (claim ``H-EST-05``).
* :func:`bonferroni`: ``delta / m`` per interval makes ``m`` intervals hold simultaneously with
  probability ``>= 1 - delta`` (the union bound), used for several ``<Z_j>`` at once.

Notation map: ``epsilon`` -> half-width on the probability (or on the score, after the score's
own conversion, see :mod:`reference.estimators.quantities`); ``delta`` -> failure probability;
``shots`` -> ``n``; ``k`` -> number of shots in the event.

>>> hoeffding_shots(0.05, 0.05)
738
>>> lo, hi = clopper_pearson(40, 100, 0.05)
>>> round(float(lo), 4), round(float(hi), 4)
(0.3033, 0.5028)
>>> bool(hoeffding_halfwidth(738, 0.05) <= 0.05)
True
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy import stats

from reference._types import FloatArray
from reference._validate import finite_scalar, integer


def check_epsilon(epsilon: object) -> float:
    """``epsilon`` in ``(0, 1]``."""
    return finite_scalar("epsilon", epsilon, lo=0.0, hi=1.0, lo_open=True)


def check_delta(delta: object) -> float:
    """``delta`` in ``(0, 1)``."""
    return finite_scalar("delta", delta, lo=0.0, hi=1.0, lo_open=True, hi_open=True)


def hoeffding_shots(epsilon: float, delta: float) -> int:
    """Smallest ``n`` with ``2 exp(-2 n epsilon^2) <= delta``: ``ceil(ln(2/delta) / (2 eps^2))``.

    With that many shots ``|k/n - p| <= epsilon`` with probability ``>= 1 - delta``.
    """
    eps = check_epsilon(epsilon)
    d = check_delta(delta)
    n = math.ceil(math.log(2.0 / d) / (2.0 * eps * eps))
    # guard the ceiling against round-off in the last place
    while 2.0 * math.exp(-2.0 * n * eps * eps) > d:
        n += 1
    return max(n, 1)


def hoeffding_halfwidth(shots: int, delta: float) -> float:
    """``sqrt(ln(2 / delta) / (2 shots))``: the Hoeffding half-width at ``shots``."""
    n = integer("shots", shots, lo=1)
    d = check_delta(delta)
    return math.sqrt(math.log(2.0 / d) / (2.0 * n))


def bonferroni(delta: float, m: int) -> float:
    """``delta / m``: per-interval failure probability for ``m`` simultaneous intervals."""
    return check_delta(delta) / integer("m", m, lo=1)


def clopper_pearson(
    k: npt.ArrayLike, n: npt.ArrayLike, delta: float
) -> tuple[FloatArray, FloatArray]:
    """Exact (Clopper-Pearson) interval for a binomial proportion at level ``1 - delta``.

    ``lo = Beta^{-1}(delta/2; k, n-k+1)`` (0 when ``k = 0``), ``hi = Beta^{-1}(1-delta/2; k+1,
    n-k)`` (1 when ``k = n``). ``k`` and ``n`` broadcast (vectorised over repetitions).
    """
    d = check_delta(delta)
    ka = np.asarray(k)
    na = np.asarray(n)
    if not (np.issubdtype(ka.dtype, np.integer) and np.issubdtype(na.dtype, np.integer)):
        raise TypeError(f"k, n must be integer arrays, got {ka.dtype} and {na.dtype}")
    if np.any(na < 1) or np.any(ka < 0) or np.any(ka > na):
        raise ValueError("k, n: need 0 <= k <= n and n >= 1")
    kf = ka.astype(np.float64)
    nf = na.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(ka == 0, 0.0, stats.beta.ppf(d / 2.0, kf, nf - kf + 1.0))
        hi = np.where(ka == na, 1.0, stats.beta.ppf(1.0 - d / 2.0, kf + 1.0, nf - kf))
    return np.asarray(lo, np.float64), np.asarray(hi, np.float64)


__all__ = [
    "bonferroni",
    "check_delta",
    "check_epsilon",
    "clopper_pearson",
    "hoeffding_halfwidth",
    "hoeffding_shots",
]
