"""Hypothesis strategies for seed 002's sparse attention (instances satisfying Theorem 1.3).

Hypothesis draws the sizes, thresholds, a density and a seed; the arrays come from a
``numpy.random.Generator`` with that seed, so entries are not one repeated fill value and most
instances have found entries (measured in ``tests/test_strategy_coverage.py``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from properties.sparse import laws

SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def instances(draw: st.DrawFn, *, max_n: int = 8) -> laws.Instance:
    """``(tau, k)``-good instances with ``|x_ij| <= eta`` off ``S_i``, ``eta in (0, 0.1)``,
    ``tau in [-eta/2, 6]``, found entries in ``[tau, tau + 30]``; ``Q K^T == X`` exactly.
    Each entry is a found-entry candidate with probability ``density`` (0.25 .. 1), then at most
    ``k`` per row are kept."""
    n = draw(st.integers(1, max_n))
    eta = draw(st.floats(1e-4, 0.0999))
    tau = draw(st.floats(-eta / 2, 6.0))
    k = draw(st.integers(1, n))
    density = draw(st.sampled_from([0.25, 0.5, 0.75, 1.0]))
    dv = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(SEEDS))
    hi = min(eta, tau)
    sub = rng.uniform(-eta, hi, (n, n))
    sub = np.where(sub < hi, sub, -eta)  # keep off-S entries strictly below min(eta, tau)
    flags = rng.random((n, n)) < density
    flags &= np.cumsum(flags, axis=1) <= k  # at most k found entries per row
    big = rng.uniform(tau, tau + 30.0, (n, n))
    X = np.where(flags, big, sub)
    V = rng.uniform(-10.0, 10.0, (n, dv))
    Q, K = laws.realise(X, rng)
    return laws.Instance(Q=Q, K=K, V=V, X=X, tau=tau, k=k, eta=eta, family="hypothesis")


@st.composite
def score_pairs(
    draw: st.DrawFn, *, min_n: int = 2, max_n: int = 7, max_d: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """``(Q (n, d), K (n, d))`` with entries ``scale * U(-1, 1)``, ``scale`` in ``{0.1, 1, 3, 9}``:
    scores ``|q . k| <= 9^2 d <= 324``, so a row's spread is ``<= 648 < 700`` and ``exp`` of the
    shifted scores never underflows to 0; rows are non-constant almost surely (``n >= 2`` keys
    by default; ``n = 1`` makes every row a single, trivially normalised weight)."""
    n = draw(st.integers(min_n, max_n))
    d = draw(st.integers(1, max_d))
    scale = draw(st.sampled_from([0.1, 1.0, 3.0, 9.0]))
    rng = np.random.default_rng(draw(SEEDS))
    return scale * rng.uniform(-1, 1, (n, d)), scale * rng.uniform(-1, 1, (n, d))


__all__ = ["instances", "score_pairs"]
