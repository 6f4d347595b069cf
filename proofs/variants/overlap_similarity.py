"""Variant family: a complex overlap similarity in the QCSAM position (survey §4).

Protocol: a callable with ``similarity = "overlap"`` taking unit state vectors ``q (N, D)`` and
``k (M, D)`` (``D = 2**n``) and returning the complex ``(N, M)`` matrix ``[i, j] = <k_j|q_i>``.

Laws: ``SUR-QCSAM-01`` ``|alpha| <= 1`` and ``conj(alpha_ij) = <q_i|k_j>``; ``SUR-QCSAM-02``
``alpha`` is what the measurement estimates: ``Re`` and ``Im`` from the interference circuit
(``P(0) = (1 + Re <k|q>)/2``, with ``S^dag`` ``(1 + Im <k|q>)/2``, k on the ``|0>`` branch);
``SUR-QCSAM-04`` phase covariance (``k -> e^{i phi} k`` rotates ``alpha`` by ``e^{-i phi}``,
keeps ``|alpha|^2``).

    python -m proofs check my_sim.py:overlap
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.outcome import Outcome, true
from properties.qcsam import laws
from properties.tolerances import state_tolerance
from reference.mechanisms import qcsam

CASES = 12


class ReferenceOverlap:
    """``[i, j] = <k_j|q_i>`` (the reference definition)."""

    similarity = "overlap"

    def __call__(self, q: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.asarray(np.einsum("js,is->ij", np.conj(k), q))


REFERENCE = ReferenceOverlap()


def _matches(obj: object) -> bool:
    return callable(obj) and getattr(obj, "similarity", None) == "overlap"


def _states(rng: np.random.Generator, count: int, dim: int) -> np.ndarray:
    z = rng.normal(size=(count, dim)) + 1j * rng.normal(size=(count, dim))
    return np.asarray(z / np.linalg.norm(z, axis=1, keepdims=True))


def _run(obj: object) -> list[LawResult]:
    f: Callable[[np.ndarray, np.ndarray], np.ndarray] = obj  # type: ignore[assignment]
    rng = np.random.default_rng(2503)
    c01: list[tuple[Outcome, dict[str, Any]]] = []
    c02: list[tuple[Outcome, dict[str, Any]]] = []
    c04: list[tuple[Outcome, dict[str, Any]]] = []
    for i in range(CASES):
        dim = 1 << int(rng.integers(1, 4))
        q = _states(rng, int(rng.integers(1, 4)), dim)
        k = _states(rng, int(rng.integers(1, 4)), dim)
        case = {
            "case": i,
            "q": [[str(z) for z in r] for r in q],
            "k": [[str(z) for z in r] for r in k],
        }
        tol = laws.inner_tolerance(dim)
        c01.append((laws.law_overlap_bound_and_conjugate(f, q, k, tol), case))
        a = np.asarray(f(q, k))
        ptol = laws.probability_tolerance(
            state_tolerance(qcsam.interference_circuit(1, part="imag"))
        )
        if a.shape != (q.shape[0], k.shape[0]):
            c02.append((true(f"alpha shape {a.shape} == {(q.shape[0], k.shape[0])}", False), case))
        else:
            est = np.array(
                [
                    [
                        complex(
                            2 * qcsam.interference_probability(k[j], q[s], part="real") - 1,
                            2 * qcsam.interference_probability(k[j], q[s], part="imag") - 1,
                        )
                        for j in range(k.shape[0])
                    ]
                    for s in range(q.shape[0])
                ]
            )
            # each part of the estimate 2 P - 1 is off by 2 ptol; the modulus by at most twice
            # that per part summed, plus the two computations of the overlap (tol)
            c02.append(
                (laws.close_abs("alpha = circuit estimate (Re, Im)", a, est, 4 * ptol + tol), case)
            )
        phi = float(rng.uniform(0.1, 2 * math.pi - 0.1))
        ptol_phase = laws.phase_tolerance(dim)
        c04.append((laws.law_phase_covariance(f, q, k, phi, ptol_phase), case | {"phi": phi}))
    return [
        summarize_cases("SUR-QCSAM-01", "|alpha| <= 1 and conj(alpha_ij) = <q_i|k_j>", c01),
        summarize_cases("SUR-QCSAM-02", "alpha = the interference-circuit estimate (Re, Im)", c02),
        summarize_cases(
            "SUR-QCSAM-04", "k -> e^{i phi} k: alpha -> e^{-i phi} alpha, |alpha|^2 kept", c04
        ),
    ]


FAMILY = VariantFamily(
    name="overlap-similarity",
    signature="sim(q (N, D), k (M, D)) -> (N, M) complex <k_j|q_i>; attribute similarity='overlap'",
    description='sim(q (N, D), k (M, D)) -> (N, M) complex <k_j|q_i>, similarity = "overlap" '
    "(QCSAM, survey §4)",
    matches=_matches,
    run=_run,
)

__all__ = ["FAMILY", "REFERENCE", "ReferenceOverlap"]
