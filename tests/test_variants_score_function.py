"""The score-function variant family (seed 001, Eq. 4): laws hold on the reference's score
functions and catch broken variants with a counterexample."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from proofs.__main__ import check_variant
from proofs.variants import families
from proofs.variants.score_function import FAMILY, REFERENCE_VARIANTS, ReferenceScore


@pytest.mark.parametrize("name", sorted(REFERENCE_VARIANTS))
def test_reference_score_functions_satisfy_every_law(name: str) -> None:
    v = REFERENCE_VARIANTS[name]
    assert FAMILY.matches(v)
    results = FAMILY.run(v)
    assert {r.claim_id for r in results} == {"S001-Eq4", "S001-P02", "S001-P09"}
    assert all(r.holds for r in results), [r for r in results if not r.holds]


def test_family_is_discovered_and_cli_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert "score-function" in {f.name for f in families()}
    assert check_variant("proofs.variants.score_function:entropy_dense") == 0
    assert "every applicable law holds" in capsys.readouterr().out


def test_wrongly_declared_symmetry_is_refuted() -> None:
    """S001-P09: the directed CRX makes the entropy score asymmetric."""
    v = replace(REFERENCE_VARIANTS["entropy-dense"], symmetric=True)
    bad = [r for r in FAMILY.run(v) if not r.holds]
    assert [r.claim_id for r in bad] == ["S001-P09"]
    assert bad[0].counterexample is not None


def test_bound_violation_is_refuted() -> None:
    """S001-P02: entropies in bits exceed the nats bound n_r ln 2."""

    class Bits(ReferenceScore):
        def __call__(self, Q: np.ndarray, K: np.ndarray) -> np.ndarray:
            return super().__call__(Q, K) / np.log(2) + 0.5

    base = REFERENCE_VARIANTS["entropy-dense"]
    v = Bits(base.config, base.feature_dim, base.theta, base.bounds, base.symmetric)
    bad = {r.claim_id for r in FAMILY.run(v) if not r.holds}
    assert "S001-P02" in bad


def test_non_pairwise_variant_is_refuted() -> None:
    """Eq. 4: a score that depends on the other keys (row softmax) is not a pair function."""

    class Softmaxed:
        feature_dim = 2

        def __call__(self, Q: np.ndarray, K: np.ndarray) -> np.ndarray:
            a = Q @ K.T
            e = np.exp(a - a.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)

    res = FAMILY.run(Softmaxed())
    assert not res[0].holds
    assert res[0].claim_id == "S001-Eq4"


def test_non_variant_does_not_match() -> None:
    assert not FAMILY.matches(np.sum)
    assert not FAMILY.matches(type("X", (), {"feature_dim": True})())


def test_family_checks_variants_with_the_laws_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    """The family calls properties.entanglement.laws on the variant (no inline copy): a law that
    reports a violation is seen in the family's result."""
    from properties.entanglement import laws

    seen: list[object] = []

    def refuting_bounds(score: object, *args: object, **kw: object) -> float:
        seen.append(score)
        return -1.0

    monkeypatch.setattr(laws, "law_scores_within", refuting_bounds)
    v = REFERENCE_VARIANTS["entropy-dense"]
    bad = {r.claim_id for r in FAMILY.run(v) if not r.holds}
    assert bad == {"S001-P02"}
    assert seen and all(s is v for s in seen)


def test_wrongly_declared_asymmetry_is_refuted() -> None:
    """S001-P09 (existential form): a symmetric score declared asymmetric has no asymmetric pair
    on any case, so the declaration is refuted and the failing check named."""
    v = replace(REFERENCE_VARIANTS["swap-iqp"], symmetric=False)
    res = {r.claim_id: r for r in FAMILY.run(v)}
    assert not res["S001-P09"].holds
    assert "no case holds" in res["S001-P09"].detail
    assert res["S001-P09"].counterexample is not None
