"""The Renyi-2 hardware score of seed 001 (:mod:`reference.estimators.scores`)."""

from __future__ import annotations

import numpy as np
import pytest

from properties.tolerances import entropy_tolerance
from reference.estimators.scores import renyi2_scores, weight_change
from reference.estimators.two_copy import renyi2_estimator
from reference.mechanisms import entanglement as ent


@pytest.mark.parametrize("encoding", ["super_dense", "dense", "iqp"])
def test_renyi2_is_below_the_von_neumann_score(encoding: str) -> None:
    rng = np.random.default_rng(3)
    d = {"super_dense": 8, "dense": 4, "iqp": 2}[encoding]
    Q, K = rng.normal(size=(3, d)), rng.normal(size=(4, d))
    th = rng.normal(size=2)
    s_vn = ent.scores(Q, K, th, config=ent.EntanglementConfig(encoding=encoding, layers=2))  # type: ignore[arg-type]
    s_2 = renyi2_scores(Q, K, th, config=ent.EntanglementConfig(encoding=encoding, layers=2))  # type: ignore[arg-type]
    assert np.all(s_2 >= 0)
    assert np.all(s_2 - s_vn <= entropy_tolerance(4))


def test_renyi2_score_is_what_the_two_copy_test_measures() -> None:
    q, k, th = [0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3], [0.4, -1.1]
    A2 = renyi2_scores([q], [k], th, config=ent.EntanglementConfig(encoding="dense", layers=2))
    est = renyi2_estimator(
        ent.pair_circuit(q, k, th, config=ent.EntanglementConfig(encoding="dense", layers=2)),
        [0, 1],
    )
    # Renyi-2 slope 2^(k+1) = 8 on a 9-qubit circuit's event probability (~1e-15 each)
    assert abs(A2[0, 0] - est.exact()[0]) <= 1e-12


def test_weight_change() -> None:
    a = np.array([[0.0, 1.0], [2.0, 2.0]])
    assert weight_change(a, a).tolist() == [0.0, 0.0]
    assert (
        weight_change(a, np.zeros((2, 2)))[1] == 0.0 and weight_change(a, np.zeros((2, 2)))[0] > 0
    )
    with pytest.raises(ValueError, match="A2 has shape"):
        weight_change(a, np.zeros(2))
