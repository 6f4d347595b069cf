"""Helpers shared by the evidence modules of :mod:`proofs.evidence.sparse`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

import numpy as np

from proofs.ledger import (
    JSON,
)
from properties.outcome import Outcome
from properties.sparse import laws
from reference._types import FloatArray
from reference.mechanisms import sparse

Case: TypeAlias = tuple[Outcome, Mapping[str, JSON]]
"""One law outcome and the case it ran on (what :func:`proofs.ledger.held_or_failed` folds)."""


def _run(
    inst: laws.Instance, rng: np.random.Generator, **kw: object
) -> sparse.SparseAttentionResult:
    return sparse.sparse_attention(
        inst.Q,
        inst.K,
        inst.V,
        tau=inst.tau,
        k=inst.k,
        rng=rng,
        **kw,  # type: ignore[arg-type]
    )


def reference_approx(rng: np.random.Generator, **kw: object) -> sparse.SparseAttentionApproximation:
    """The reference (Algorithms 1-2, exact scan) as the implementation the laws check."""

    def approx(
        Q: FloatArray, K: FloatArray, V: FloatArray, *, tau: float, k: int
    ) -> sparse.SparseAttentionResult:
        kwargs: dict[str, Any] = dict(kw)
        return sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=rng, **kwargs)

    return approx


def _case(inst: laws.Instance) -> Mapping[str, JSON]:
    return inst.to_json()


def _instances(rng: np.random.Generator, count: int) -> Iterator[laws.Instance]:
    for _ in range(count):
        yield laws.random_instance(rng)
