"""Variant family: a mixed-state similarity in the QMSAN position (survey §5).

Protocol: a callable with ``similarity = "trace"`` taking density matrices ``rho (N, D, D)`` and
``sigma (M, D, D)`` and returning the real ``(N, M)`` matrix ``[s, j] = Tr(rho_s sigma_j)``.

Laws: ``SUR-QMSAN-02`` ``0 <= f <= sqrt(Tr rho^2 Tr sigma^2) <= 1`` and the identity
``1 - f = ||rho - sigma||_F^2/2 + (1 - Tr rho^2)/2 + (1 - Tr sigma^2)/2`` (so ``f = 1`` iff
``rho = sigma`` pure); ``SUR-QMSAN-03`` ``(1 + f)/2`` is the swap-test ``P(0)`` of the kept pairs
of two pure states whose reduced states are ``rho`` and ``sigma``.

    python -m proofs check my_sim.py:trace
"""

from __future__ import annotations

from typing import Any

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.outcome import Outcome, combine
from properties.qmsan import laws
from reference.mechanisms import qmsan

CASES = 12


class ReferenceTrace:
    """``[s, j] = Tr(rho_s sigma_j)`` (the reference)."""

    similarity = "trace"

    def __call__(self, rho: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        return qmsan.trace_products(rho, sigma)


REFERENCE = ReferenceTrace()


def _matches(obj: object) -> bool:
    return callable(obj) and getattr(obj, "similarity", None) == "trace"


def _pure(rng: np.random.Generator, n: int) -> np.ndarray:
    z = rng.normal(size=1 << n) + 1j * rng.normal(size=1 << n)
    return np.asarray(z / np.linalg.norm(z))


def _reduce(a: np.ndarray, kept: int) -> np.ndarray:
    m = a.reshape(1 << kept, -1)
    return np.asarray(m @ m.conj().T)


def _run(obj: object) -> list[LawResult]:
    rng = np.random.default_rng(2403)
    c02: list[tuple[Outcome, dict[str, Any]]] = []
    c03: list[tuple[Outcome, dict[str, Any]]] = []
    for i in range(CASES):
        n = int(rng.integers(2, 4))
        kept = int(rng.integers(1, n))
        a, b = _pure(rng, n), _pure(rng, n)
        rho = np.stack([_reduce(a, kept), _reduce(_pure(rng, n), kept)])
        sigma = np.stack([_reduce(b, kept), rho[0]])
        if i % 3 == 0:
            rho[1] = sigma[1] = _reduce(np.kron(_pure(rng, kept), _pure(rng, n - kept)), kept)
        case = {"case": i, "n": n, "kept": kept, "a": [str(z) for z in a], "b": [str(z) for z in b]}
        d = 1 << kept
        # the reduced states carry the law's own 2^(n - kept)-term rounding (inside the kept-pairs
        # allowance) on top of the D^2-term trace products
        tol = laws.trace_product_tolerance(d) + laws.kept_swap_tolerance(n, kept)
        c02.append((laws.law_trace_bounds(obj, rho, sigma, tol), case))  # type: ignore[arg-type]

        def swap_from_variant(x: np.ndarray, y: np.ndarray, m: int) -> float:
            r = obj(_reduce(x, m)[None], _reduce(y, m)[None])  # type: ignore[operator]
            return float((1 + np.asarray(r)[0, 0]) / 2)

        tol_k = laws.kept_swap_tolerance(n, kept)
        s_circ = laws.law_kept_pairs_swap(
            qmsan.kept_pairs_swap_p0, a, b, kept, tol_k, name="swap circuit P(0) = (1 + f)/2"
        )
        s_var = laws.law_kept_pairs_swap(
            swap_from_variant, a, b, kept, tol_k, name="(1 + variant f)/2 = (1 + Tr rho sigma)/2"
        )
        c03.append((combine(s_circ, s_var), case))
    return [
        summarize_cases(
            "SUR-QMSAN-02", "0 <= f <= sqrt(Tr rho^2 Tr sigma^2) <= 1; 1 - f identity", c02
        ),
        summarize_cases("SUR-QMSAN-03", "(1 + f)/2 = swap-test P(0) on the kept pairs", c03),
    ]


FAMILY = VariantFamily(
    name="trace-similarity",
    signature=(
        "f(rho (N, D, D), sigma (M, D, D)) -> (N, M) Tr(rho sigma); attribute similarity='trace'"
    ),
    description='f(rho (N, D, D), sigma (M, D, D)) -> (N, M) Tr(rho sigma), similarity = "trace" '
    "(QMSAN, survey §5)",
    matches=_matches,
    run=_run,
)

__all__ = ["FAMILY", "REFERENCE", "ReferenceTrace"]
