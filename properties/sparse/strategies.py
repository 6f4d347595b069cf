"""Hypothesis strategies for seed 002's sparse attention (instances satisfying Theorem 1.3)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from properties.sparse import laws


@st.composite
def instances(draw: st.DrawFn, *, max_n: int = 8) -> laws.Instance:
    """``(tau, k)``-good instances with ``|x_ij| <= eta`` off ``S_i``, ``eta in (0, 0.1)``,
    ``tau in [-eta/2, 6]``, found entries in ``[tau, tau + 30]``; ``Q K^T == X`` exactly."""
    n = draw(st.integers(1, max_n))
    eta = draw(st.floats(1e-4, 0.0999))
    tau = draw(st.floats(-eta / 2, 6.0))
    k = draw(st.integers(1, n))
    hi = min(eta, tau)
    sub = draw(arrays(np.float64, (n, n), elements=st.floats(-eta, hi, exclude_max=True)))
    flags = draw(arrays(np.bool_, (n, n)))
    flags &= np.cumsum(flags, axis=1) <= k  # at most k found entries per row
    big = draw(arrays(np.float64, (n, n), elements=st.floats(tau, tau + 30.0)))
    X = np.where(flags, big, sub)
    dv = draw(st.integers(1, 3))
    V = draw(arrays(np.float64, (n, dv), elements=st.floats(-10.0, 10.0)))
    seed = draw(st.integers(0, 2**32 - 1))
    Q, K = laws.realise(X, np.random.default_rng(seed))
    return laws.Instance(Q=Q, K=K, V=V, X=X, tau=tau, k=k, eta=eta, family="hypothesis")


__all__ = ["instances"]
