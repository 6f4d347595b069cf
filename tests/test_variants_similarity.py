"""The QCSAM overlap and QMSAN trace similarity families: the references hold every law; broken
variants (conjugated overlap, real QKSAN-style weight, fidelity instead of the trace product,
transposed product) are caught."""

from __future__ import annotations

import numpy as np
import pytest

from proofs.__main__ import check_variant
from proofs.variants import families
from proofs.variants import overlap_similarity as ov
from proofs.variants import trace_similarity as tr


class Conjugated:
    similarity = "overlap"

    def __call__(self, q: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.asarray(np.einsum("js,is->ij", k, np.conj(q)))  # <q_i|k_j>


class SquaredMagnitude:
    similarity = "overlap"

    def __call__(self, q: np.ndarray, k: np.ndarray) -> np.ndarray:
        return np.abs(ov.REFERENCE(q, k)) ** 2 + 0j


class Transposed:
    similarity = "trace"

    def __call__(self, rho: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        return np.real(np.einsum("sab,jab->sj", rho, sigma))  # Tr(rho sigma^T)


class RootTrace:
    similarity = "trace"

    def __call__(self, rho: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        return np.sqrt(np.clip(tr.REFERENCE(rho, sigma), 0, None))


def test_references_hold() -> None:
    names = {f.name for f in families()}
    assert {"overlap-similarity", "trace-similarity"} <= names
    for fam, ref in ((ov.FAMILY, ov.REFERENCE), (tr.FAMILY, tr.REFERENCE)):
        assert fam.matches(ref)
        res = fam.run(ref)
        assert res and all(r.holds for r in res), [r for r in res if not r.holds]
    assert check_variant("proofs.variants.overlap_similarity:REFERENCE") == 0
    assert check_variant("proofs.variants.trace_similarity:REFERENCE") == 0


@pytest.mark.parametrize(
    ("variant", "family", "claims"),
    [
        (Conjugated(), ov.FAMILY, {"SUR-QCSAM-01", "SUR-QCSAM-02", "SUR-QCSAM-04"}),
        (SquaredMagnitude(), ov.FAMILY, {"SUR-QCSAM-02", "SUR-QCSAM-04"}),
        (Transposed(), tr.FAMILY, {"SUR-QMSAN-02", "SUR-QMSAN-03"}),
        (RootTrace(), tr.FAMILY, {"SUR-QMSAN-02", "SUR-QMSAN-03"}),
    ],
)
def test_broken_variants_are_refuted(variant: object, family: object, claims: set[str]) -> None:
    res = family.run(variant)  # type: ignore[attr-defined]
    bad = {r.claim_id for r in res if not r.holds}
    assert claims <= bad, bad
    assert all(r.counterexample is not None for r in res if not r.holds)
