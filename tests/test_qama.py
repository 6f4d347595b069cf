"""Unit tests of QAMA, QAOA and GroQ-RAG: hand oracles, forward pass, QAOA counts and expectation,
Grover retrieval query counting, registry circuits, and bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference import simulate as sim
from reference.algorithms import qaoa
from reference.algorithms.qubo import QUBO, SimulatedAnnealing, all_energies, brute_force
from reference.mechanisms import groq_rag, qama
from reference.registry import MECHANISMS, circuits


def _jh(hh: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(hh, n, n))
    j = 0.5 * (a + np.swapaxes(a, -1, -2))
    j[:, np.arange(n), np.arange(n)] = 0.0
    return j, rng.normal(size=(hh, n))


def test_penalty_weight_oracle() -> None:
    """p = (0.8/2) sqrt(2/pi) N/(H-1): N = 4, H = 3 gives 0.4 * 0.797885 * 2."""
    assert qama.penalty_weight(num_tokens=4, num_heads=3) == pytest.approx(
        0.4 * math.sqrt(2 / math.pi) * 2
    )


def test_sur_qama_01_matrix_entries() -> None:
    """SUR-QAMA-01: the three kinds of entries, H = 2, N = 3 (index h N + j)."""
    j, h = _jh(2, 3, 0)
    model = qama.qama_qubo(j, h)
    q = model.matrix
    p = qama.penalty_weight(num_tokens=3, num_heads=2)
    assert q[0, 1] == -j[0, 0, 1]
    assert q[4, 5] == -j[1, 1, 2]
    assert q[2, 2] == pytest.approx(-0.16 * 3 * h[0, 2])
    assert q[1, 4] == p
    assert q[1, 5] == 0.0


def test_forward_shapes_and_output_formula() -> None:
    rng = np.random.default_rng(3)
    hh, n, d = 2, 5, 3
    q, k, v = (rng.normal(size=(hh, n, d)) for _ in range(3))
    e = rng.normal(size=d)
    out = qama.qama_forward(q, k, v, e, rng=rng)
    assert out.y.shape == (n, hh * d)
    assert out.x.shape == (hh, n)
    for head in range(hh):
        np.testing.assert_allclose(
            out.y[:, head * d : (head + 1) * d], out.token_energy[head][:, None] * e
        )
    assert out.energy == pytest.approx(brute_force(out.qubo).energy)
    sa = qama.qama_forward(q, k, v, e, rng=rng, solver=SimulatedAnnealing(sweeps=100, restarts=8))
    assert sa.energy >= out.energy - 1e-12


def test_couplings_symmetric_zero_diagonal_scaled() -> None:
    rng = np.random.default_rng(4)
    q, k = rng.normal(size=(3, 4, 5)), rng.normal(size=(3, 4, 5))
    j = qama.couplings(q, k)
    raw = np.einsum("hjc,hkc->hjk", q, k) / math.sqrt(5)
    np.testing.assert_allclose(
        j, np.where(np.eye(4, dtype=bool), 0.0, 0.5 * (raw + raw.transpose(0, 2, 1)))
    )


def test_single_head_follows_code_no_penalty() -> None:
    """H = 1: the code skips the penalty (``if t > 1``); the QUBO is the attention part only."""
    j, h = _jh(1, 4, 1)
    assert np.allclose(
        qama.qama_qubo(j, h).matrix,
        qama.qama_qubo(j, h, params=qama.QAMAParams(penalty=0.0)).matrix,
    )


def test_v1_weights_oracle() -> None:
    """q = 2 bits: (x0, x1) -> (x0 + 2 x1)/3."""
    assert qama.bits_to_weights([[0, 0], [1, 0], [0, 1], [1, 1]], 2).tolist() == pytest.approx(
        [0.0, 1 / 3, 2 / 3, 1.0]
    )


def test_js_coupling_of_identical_distributions_is_zero() -> None:
    q = np.zeros((1, 2, 3))
    j = qama.js_couplings(q, q, normalize="none", zero_diagonal=False)
    np.testing.assert_allclose(j, 0.0, atol=1e-15)


def test_js_coupling_bounded_by_one_bit() -> None:
    rng = np.random.default_rng(0)
    j = qama.js_couplings(
        10 * rng.normal(size=(2, 4, 6)), 10 * rng.normal(size=(2, 4, 6)), normalize="none"
    )
    assert np.all(j >= -1e-15)
    assert np.all(j <= 1.0 + 1e-15)


def test_resource_counts() -> None:
    """SUR-QAMA-06: H N spins, coupler bound H C(N,2) + N C(H,2)."""
    assert qama.resource_counts(num_heads=3, num_tokens=5, q_bits=4) == {
        "spins": 15,
        "coupler_bound": 3 * 10 + 5 * 3,
        "spins_v1": 60,
    }


# ---------------------------------------------------------------------------------------------
# QAOA


@pytest.mark.parametrize(("hh", "n"), [(2, 2), (2, 3), (3, 2)])
def test_qaoa_gate_count_per_layer(hh: int, n: int) -> None:
    """Gate count per layer 3 nnz(J) + nnz(h) + H N (survey §7 (4))."""
    j, h = _jh(hh, n, hh + n)
    model = qama.qama_qubo(j, h)
    c = qaoa.qaoa_circuit(model, layers=3)
    assert len(c) == hh * n + 3 * qaoa.layer_gate_count(model)
    assert c.parameters == ("gamma_0", "beta_0", "gamma_1", "beta_1", "gamma_2", "beta_2")


def test_qaoa_expectation_batched_equals_single_and_dense() -> None:
    j, h = _jh(2, 2, 7)
    model = qama.qama_qubo(j, h)
    rng = np.random.default_rng(0)
    g, b = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    batch = qaoa.expectation(model, g, b)
    for i in range(6):
        bound = qaoa.qaoa_circuit(model, layers=2, gammas=list(g[i]), betas=list(b[i]))
        psi = sim.statevector(bound)
        assert batch[i] == pytest.approx(float(np.abs(psi) ** 2 @ all_energies(model)), abs=1e-12)
        assert float(qaoa.expectation(model, g[i], b[i])) == pytest.approx(batch[i], abs=1e-12)


def test_qaoa_zero_angles_give_uniform_average() -> None:
    j, h = _jh(2, 2, 8)
    model = qama.qama_qubo(j, h)
    e = qaoa.expectation(model, [0.0], [0.0])
    assert float(e) == pytest.approx(all_energies(model).mean(), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# GroQ-RAG


def test_selection_qubo_entries() -> None:
    """SUR-GROQ-02: Q_ii = -r_i + lam(1-2k), Q_ij = alpha S_ij/2 + lam, offset lam k^2."""
    r = np.array([0.3, 0.5, 0.9])
    s = np.array([[1, 0.2, 0.4], [0.2, 1, 0.6], [0.4, 0.6, 1]])
    m = groq_rag.selection_qubo(r, s, alpha=0.5, lam=2.0, k=2)
    assert m.matrix[0, 0] == pytest.approx(-0.3 - 6.0)
    assert m.matrix[1, 2] == pytest.approx(2.15)
    assert m.offset == 8.0


def test_retrieve_best_finds_max_and_counts_queries() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(size=256)
    hits = 0
    queries = []
    for _ in range(20):
        res = groq_rag.retrieve_best(scores, rng=rng, delta=0.05)
        hits += res.index == int(np.argmax(scores))
        queries.append(res.queries)
        assert res.loads == 256
    assert hits >= 18
    # O(sqrt N) per run: within the Durr-Hoyer budget times the number of runs (+1 per run)
    runs = math.ceil(math.log2(1 / 0.05))
    assert max(queries) <= runs * (math.ceil(22.5 * 16 + 1.4 * 64) + 2)


def test_retrieve_above_returns_marked_or_none() -> None:
    rng = np.random.default_rng(1)
    scores = np.linspace(0, 1, 64)
    res = groq_rag.retrieve_above(scores, tau=0.95, rng=rng)
    assert res.index is None or scores[res.index] >= 0.95
    assert res.queries >= 1


def test_retrieval_circuit_success_matches_formula() -> None:
    scores = np.array([0.1, 0.2, 0.95, 0.3, 0.4, 0.5, 0.6, 0.7])
    c = groq_rag.retrieval_circuit(scores, tau=0.9, measure=False)
    p = float(np.abs(sim.statevector(c)[2]) ** 2)
    assert p == pytest.approx(groq_rag.success_probability(num_items=8, num_marked=1, iterations=2))


def test_registry_circuits_build() -> None:
    assert {"qama", "groq-rag"} <= set(MECHANISMS)
    cs = circuits()
    layer = cs["qaoa-layer"].build()
    assert layer.num_qubits == 4
    assert set(layer.parameters) == {"gamma", "beta"}
    assert cs["groq-grover-retrieval"].build().num_qubits == 3
    assert set(cs["groq-qaoa-selection"].build().parameters) == {"gamma", "beta"}


# ---------------------------------------------------------------------------------------------
# bad input

NAN = float("nan")
J22, H22 = _jh(2, 2, 0)
BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "H=1 penalty formula",
        lambda: qama.penalty_weight(num_tokens=4, num_heads=1),
        ValueError,
        "num_heads",
    ),
    (
        "H=1 params penalty_for",
        lambda: qama.QAMAParams().penalty_for(num_tokens=3, num_heads=1),
        ValueError,
        "num_heads",
    ),
    (
        "N=0 penalty",
        lambda: qama.penalty_weight(num_tokens=0, num_heads=2),
        ValueError,
        "num_tokens",
    ),
    ("NaN c_q", lambda: qama.QAMAParams(c_q=NAN), ValueError, "c_q"),
    ("negative c_p", lambda: qama.QAMAParams(c_p=-1.0), ValueError, "c_p"),
    ("negative explicit penalty", lambda: qama.QAMAParams(penalty=-0.5), ValueError, "penalty"),
    (
        "J non-symmetric",
        lambda: qama.qama_qubo(np.array([[[0.0, 1.0], [0.0, 0.0]]] * 2), H22),
        ValueError,
        "J",
    ),
    ("J non-zero diagonal", lambda: qama.qama_qubo(J22 + np.eye(2), H22), ValueError, "J"),
    ("J NaN", lambda: qama.qama_qubo(np.full((2, 2, 2), NAN), H22), ValueError, "J"),
    ("h wrong shape", lambda: qama.qama_qubo(J22, np.zeros((2, 3))), ValueError, "h"),
    (
        "q k shapes differ",
        lambda: qama.couplings(np.zeros((2, 3, 4)), np.zeros((2, 3, 5))),
        ValueError,
        "q",
    ),
    ("q 2-d", lambda: qama.couplings(np.zeros((3, 4)), np.zeros((3, 4))), ValueError, "q"),
    ("e wrong length", lambda: qama.fields(np.zeros((2, 3, 4)), np.zeros(3)), ValueError, "e"),
    ("v NaN", lambda: qama.fields(np.full((2, 3, 4), NAN), np.zeros(4)), ValueError, "v"),
    ("q_bits zero", lambda: qama.bit_weights(0), ValueError, "q_bits"),
    ("v1 nonpositive rows", lambda: qama.entropy_fields(-np.ones((1, 2, 3))), ValueError, "v"),
    (
        "v1 unknown normalize",
        lambda: qama.js_couplings(np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), normalize="bn"),
        ValueError,
        "normalize",
    ),  # type: ignore[arg-type]
    (
        "forward beyond brute force",
        lambda: qama.qama_forward(
            np.zeros((3, 8, 2)),
            np.zeros((3, 8, 2)),
            np.zeros((3, 8, 2)),
            np.zeros(2),
            rng=np.random.default_rng(0),
        ),
        ValueError,
        "max_variables",
    ),
    (
        "QAOA layers 0",
        lambda: qaoa.qaoa_circuit(QUBO.from_matrix([[1.0]]), layers=0),
        ValueError,
        "layers",
    ),
    (
        "QAOA gammas length",
        lambda: qaoa.qaoa_circuit(QUBO.from_matrix([[1.0]]), layers=2, gammas=[0.1]),
        ValueError,
        "gammas",
    ),
    (
        "QAOA expectation shapes",
        lambda: qaoa.expectation(QUBO.from_matrix([[1.0]]), np.zeros((2, 1)), np.zeros((3, 1))),
        ValueError,
        "gammas",
    ),
    (
        "QAOA expectation NaN",
        lambda: qaoa.expectation(QUBO.from_matrix([[1.0]]), [NAN], [0.0]),
        ValueError,
        "finite",
    ),
    (
        "selection k too large",
        lambda: groq_rag.selection_qubo([0.1, 0.2], np.eye(2), alpha=1, lam=1, k=3),
        ValueError,
        "k",
    ),
    (
        "selection negative lam",
        lambda: groq_rag.selection_qubo([0.1], np.eye(1), alpha=1, lam=-1, k=1),
        ValueError,
        "lam",
    ),
    (
        "selection S shape",
        lambda: groq_rag.selection_qubo([0.1, 0.2], np.eye(3), alpha=1, lam=1, k=1),
        ValueError,
        "S",
    ),
    (
        "selection S non-symmetric",
        lambda: groq_rag.selection_qubo([0.1, 0.2], [[1, 0.5], [0, 1]], alpha=1, lam=1, k=1),
        ValueError,
        "S",
    ),
    (
        "selection r NaN",
        lambda: groq_rag.selection_qubo([NAN], np.eye(1), alpha=1, lam=1, k=1),
        ValueError,
        "r",
    ),
    (
        "cosine zero query",
        lambda: groq_rag.cosine_scores(np.zeros(3), np.ones((2, 3))),
        ValueError,
        "query",
    ),
    (
        "cosine zero chunk",
        lambda: groq_rag.cosine_scores(np.ones(3), np.array([[1.0, 0, 0], [0, 0, 0]])),
        ValueError,
        "chunks",
    ),
    (
        "retrieval circuit length",
        lambda: groq_rag.retrieval_circuit(np.ones(6), tau=0.5),
        ValueError,
        "scores",
    ),
    (
        "retrieval nothing marked",
        lambda: groq_rag.retrieval_circuit(np.zeros(4), tau=0.5),
        ValueError,
        "tau",
    ),
    (
        "retrieve NaN scores",
        lambda: groq_rag.retrieve_best([NAN, 1.0], rng=np.random.default_rng(0)),
        ValueError,
        "scores",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
