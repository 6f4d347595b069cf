"""The Renyi-2 hardware score of seed 001 (:mod:`reference.estimators.scores`)."""

from __future__ import annotations

import numpy as np
import pytest

from properties.tolerances import EPS, entropy_tolerance, state_tolerance
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.estimators.scores import renyi2_scores, weight_change
from reference.estimators.two_copy import renyi2_estimator
from reference.mechanisms import entanglement as ent
from reference.mechanisms.entanglement.scorer import RENYI2, EntanglementScorer


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


# ---------------------------------------------------------------------------------------------
# the registered "renyi2" score of the entanglement mechanism and the encoder


def _purity_tol(circuit: Circuit, n_r: int) -> float:
    """``|ln P - ln P'| <= |P - P'| / min(P, P') <= 2^n_r |P - P'|`` (``P >= 2^-n_r``).

    Each amplitude is off by at most ``d = state_tolerance(circuit)``, so ``||e||_2 <= sqrt(D) d``
    and ``||rho'_A - rho_A||_1 <= || |psi'><psi'| - |psi><psi| ||_1 <= 2 sqrt(D) d + D d^2``;
    ``|Tr rho'^2 - Tr rho^2| = |Tr((rho' - rho)(rho' + rho))| <= 2 ||rho' - rho||_1``. The reduced
    density matrix adds ``64 D eps``; the scorer's own path (fast 2x2 determinants or the general
    simulation of the same circuit) is bounded by the same round-off, hence the factor 2.
    """
    d = state_tolerance(circuit)
    dim = 1 << circuit.num_qubits
    return 2 * 2**n_r * (2 * (2 * np.sqrt(dim) * d + dim * d * d) + 64 * dim * EPS)


@pytest.mark.parametrize("layers", [1, 3])
@pytest.mark.parametrize("encoding", ["super_dense", "dense", "iqp"])
def test_renyi2_scorer_is_minus_ln_purity_of_the_pair_statevector(
    encoding: str, layers: int
) -> None:
    rng = np.random.default_rng(layers)
    d = {"super_dense": 8, "dense": 4, "iqp": 2}[encoding]
    n_r = {"super_dense": 2, "dense": 2, "iqp": 2}[encoding]
    Q, K = rng.normal(size=(3, d)), rng.normal(size=(2, d))
    th = rng.normal(size=n_r)
    cfg = ent.EntanglementConfig(encoding=encoding, layers=layers)  # type: ignore[arg-type]
    scorer = EntanglementScorer(theta=(th,), measure=RENYI2, encoding=encoding, layers=layers)
    got = scorer(Q, K, 0)
    for i in range(3):
        for j in range(2):
            c = ent.pair_circuit(Q[i], K[j], th, config=cfg)
            pur = float(qi.subsystem_purity(sim.statevector(c), list(range(n_r))))
            assert abs(got[i, j] - (-np.log(pur))) <= _purity_tol(c, n_r)
    assert np.array_equal(scorer.batched(Q[None], K[None], 0)[0], got)


@pytest.mark.parametrize("encoding", ["super_dense", "dense", "iqp"])
def test_renyi2_scorer_is_at_most_the_entropy_scorer(encoding: str) -> None:
    """H-EST-07 through the registered scorers: 0 <= S_2 <= S_vN (up to the SVD round-off)."""
    rng = np.random.default_rng(5)
    d = {"super_dense": 8, "dense": 4, "iqp": 2}[encoding]
    th = (rng.normal(size=2),)
    Q, K = rng.normal(size=(4, d)), rng.normal(size=(5, d))
    s2 = EntanglementScorer(theta=th, measure="renyi2", encoding=encoding, layers=2)(Q, K, 0)
    svn = EntanglementScorer(theta=th, measure="entropy", encoding=encoding, layers=2)(Q, K, 0)
    assert np.all(s2 >= 0) and np.all(s2 - svn <= entropy_tolerance(4))
    assert np.any(svn - s2 > 1e-3)  # partial entanglement: strictly below somewhere


def test_encoder_offers_the_renyi2_score() -> None:
    """EncoderConfig(score="renyi2"): the logits are renyi2_scores / sqrt(d) of each layer."""
    from reference.algorithms import attention as att
    from reference.pipeline import encoder as enc

    assert "renyi2" in enc.score_names()
    rng = np.random.default_rng(8)
    cfg = enc.EncoderConfig(score="renyi2", encoding="dense")
    p = enc.init_params(rng, cfg)
    out = enc.forward(p, rng.normal(size=(3, 12)), cfg)
    for layer in range(2):
        z = out.hidden[layer]
        s = renyi2_scores(
            z @ p.w_q[layer].T,
            z @ p.w_k[layer].T,
            p.theta[layer],
            config=ent.EntanglementConfig(encoding="dense", layers=4),
        )
        assert np.allclose(out.weights[layer], att.softmax(s / np.sqrt(12)), atol=1e-13)


def test_renyi2_scorer_bad_input() -> None:
    with pytest.raises(ValueError, match="measure"):
        EntanglementScorer(theta=(np.zeros(2),), measure="renyi3", encoding="dense").config
