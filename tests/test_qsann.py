"""QSANN (spec §6.1): circuits as in the Paddle code, readouts and layers against an independent
per-token dense computation, heads, registry, bad input."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from properties.core.laws import dense_state
from reference import registry
from reference.circuit import Circuit
from reference.mechanisms import qsann as qs
from tests import _bad_input as bad_input

PAULI = {
    "I": np.eye(2),
    "X": np.array([[0, 1], [1, 0]]),
    "Y": np.array([[0, -1j], [1j, 0]]),
    "Z": np.diag([1.0, -1.0]),
}


def _pauli(s: str) -> np.ndarray:
    m = np.array([[1.0]])
    for ch in s:
        m = np.kron(m, PAULI[ch])
    return m


def _token_loop(x: np.ndarray, p: qs.QSANNParams, cfg: qs.QSANNConfig, layer: int):  # type: ignore[no-untyped-def]
    """Independent reference: bind each token's circuit, dense Kronecker simulation, explicit
    Pauli matrices, Paddle's double loop for alpha."""
    n, d = cfg.num_qubits, cfg.num_features
    obs = qs.value_observables(n, d)
    zq, zk, vals = [], [], []
    for tok in x:
        emb = qs.embedding_circuit(n, depth=cfg.run_embedding_depth, features=list(tok))
        states = []
        for th, depth in (
            (p.query[layer], cfg.depth_query),
            (p.key[layer], cfg.depth_key),
            (p.value[layer], cfg.depth_value),
        ):
            c = emb.then(qs.ansatz_circuit(n, depth=depth, params=list(th)))
            states.append(dense_state(c))
        z0 = _pauli("Z" + "I" * (n - 1))
        zq.append(np.real(states[0].conj() @ z0 @ states[0]))
        zk.append(np.real(states[1].conj() @ z0 @ states[1]))
        vals.append([np.real(states[2].conj() @ _pauli(o) @ states[2]) for o in obs])
    out = []
    for s in range(len(x)):
        acc, tot = np.zeros(d), 0.0
        for j in range(len(x)):
            a = np.exp(-((zk[j] - zq[s]) ** 2))
            acc += a * np.array(vals[j])
            tot += a
        out.append(acc / tot * np.pi)
    return np.array(zq), np.array(zk), np.array(vals), np.array(out)


@pytest.mark.parametrize(("n", "depth_ebd", "depth"), [(2, 1, 1), (3, 1, 2), (2, 2, 0)])
def test_layer_matches_independent_token_loop(n: int, depth_ebd: int, depth: int) -> None:
    cfg = qs.QSANNConfig(
        num_qubits=n, depth_ebd=depth_ebd, depth_query=depth, depth_key=depth + 1, depth_value=1
    )
    rng = np.random.default_rng(n + depth)
    p = qs.init_params(rng, cfg)
    x = rng.uniform(-np.pi, np.pi, (5, cfg.num_features))
    zq, zk, o = qs.readouts(x, p, cfg, 0)
    rq, rk, ro, ry = _token_loop(x, p, cfg, 0)
    assert np.allclose(zq, rq, atol=1e-12)
    assert np.allclose(zk, rk, atol=1e-12)
    assert np.allclose(o, ro, atol=1e-12)
    y, w = qs.layer_forward(x[None], p, cfg, 0)
    assert np.allclose(y[0], ry, atol=1e-12)
    assert np.allclose(w.sum(-1), 1.0)


def test_embedding_circuit_gate_order_matches_paddle() -> None:
    """RX(p[a][0])@i, RX(p[a][1])@j, RY(p[a+1][0])@i, RY(p[a+1][1])@j, CNOT(i, j); final RX RY."""
    c = qs.embedding_circuit(2)
    got = [(op.gate, op.qubits, str(op.params[0]) if op.params else "") for op in c.ops]
    assert got[:5] == [
        ("rx", (0,), "x_0"),
        ("rx", (1,), "x_1"),
        ("ry", (0,), "x_2"),
        ("ry", (1,), "x_3"),
        ("cx", (0, 1), ""),
    ]
    assert got[5:10] == [
        ("rx", (1,), "x_4"),
        ("rx", (0,), "x_5"),
        ("ry", (1,), "x_6"),
        ("ry", (0,), "x_7"),
        ("cx", (1, 0), ""),
    ]
    # final layer: row 2n + i = 4 + i -> features 8 + 2i, 9 + 2i
    assert got[10:] == [
        ("rx", (0,), "x_8"),
        ("ry", (0,), "x_9"),
        ("rx", (1,), "x_10"),
        ("ry", (1,), "x_11"),
    ]


def test_value_observables_cycle_like_paddle() -> None:
    """generate_observable: [Z.., Y.., X..] truncated or cycled to d."""
    assert qs.value_observables(2, 3) == ("ZI", "IZ", "YI")
    assert qs.value_observables(2, 13)[6:] == ("ZI", "IZ", "YI", "IY", "XI", "IX", "ZI")


def test_embedding_depth_default_is_one_like_paddle_forward() -> None:
    """Paddle's forward() always runs the embedding with depth=1, whatever depth_ebd is."""
    cfg = qs.QSANNConfig(num_qubits=2, depth_ebd=2)
    assert cfg.num_features == 20
    assert cfg.run_embedding_depth == 1
    full = qs.QSANNConfig(num_qubits=2, depth_ebd=2, embedding_depth=None)
    assert full.run_embedding_depth == 2
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, (3, 20))
    assert not np.allclose(qs.embedding_states(x, cfg), qs.embedding_states(x, full))
    x2 = x.copy()
    x2[:, 12:] += 1.0  # rows beyond n(2*1+1) = 6 are unused at depth 1
    assert np.allclose(qs.embedding_states(x, cfg), qs.embedding_states(x2, cfg))


def test_paper_form_adds_residual() -> None:
    rng = np.random.default_rng(4)
    cfg = qs.QSANNConfig()
    paper = qs.QSANNConfig(form="paper")
    p = qs.init_params(rng, cfg)
    x = rng.uniform(-1, 1, (2, 3, 12))
    y_pad, _w = qs.layer_forward(x, p, cfg, 0)
    y_pap, _ = qs.layer_forward(x, p, paper, 0)
    assert np.allclose(y_pap - x, y_pad / np.pi, atol=1e-13)


def test_heads_mean_and_cls() -> None:
    rng = np.random.default_rng(5)
    cfg = qs.QSANNConfig(num_layers=2)
    p = qs.init_params(rng, cfg)
    x = rng.uniform(-1, 1, (3, 4, 12))
    prob = qs.forward(p, x, cfg)
    h = qs.encode(p, x, cfg)
    ref = 1 / (1 + np.exp(-(h.mean(1) @ p.head_w + p.head_b)))
    assert prob.shape == (3,)
    assert np.allclose(prob, ref)
    ccfg = qs.QSANNConfig(num_layers=2, head="cls")
    cp = qs.init_params(rng, ccfg)
    hc = qs.encode(cp, x, ccfg)
    assert hc.shape == (3, 5, 12)
    assert np.allclose(
        qs.forward(cp, x, ccfg), 1 / (1 + np.exp(-(hc[:, 0] @ cp.head_w + cp.head_b)))
    )
    assert np.allclose(qs.forward(cp, x[1], ccfg), qs.forward(cp, x, ccfg)[1])


def test_registered_with_symbolic_circuits() -> None:
    assert "qsann" in registry.MECHANISMS
    circs = registry.circuits()
    q = circs["qsann-query"].build()
    assert isinstance(q, Circuit)
    assert not q.is_bound
    assert {s for s in q.symbols if s.startswith("query_")}
    assert q.measured_qubits == (0,)


def test_scorer_gives_gaussian_weights() -> None:
    """softmax of the QSANN scorer's logits = alpha / sum alpha."""
    rng = np.random.default_rng(6)
    cfg = qs.QSANNConfig()
    th = (rng.uniform(0, 6, qs.QSANNScorer.theta_size(cfg)),)
    sc = qs.QSANNScorer(config=cfg, theta=th)
    q, k = rng.uniform(-1, 1, (3, 12)), rng.uniform(-1, 1, (5, 12))
    lg = sc(q, k, 0)
    assert lg.shape == (3, 5)
    assert np.all(lg <= 0)
    assert np.allclose(sc.batched(q[None], k[None], 0)[0], lg)


def test_S001_P16_gaussian_weights_bounded_contrast() -> None:
    """S001-P16 for QSANN: readouts lie in [-1, 1], so (zq - zk)^2 <= 4 and every weight of a row
    of N is in [e^-4 / N, 1 / (1 + (N - 1) e^-4)], strictly inside (0, 1)."""
    rng = np.random.default_rng(11)
    cfg = qs.QSANNConfig(num_qubits=3)
    for _ in range(5):
        p = qs.init_params(rng, cfg)
        x = rng.uniform(-np.pi, np.pi, (2, 7, cfg.num_features))
        _, w = qs.layer_forward(x, p, cfg, 0)
        n = w.shape[-1]
        assert np.all(w >= np.exp(-4) / n - 1e-15)
        assert np.all(w <= 1 / (1 + (n - 1) * np.exp(-4)) + 1e-15)


CFG = qs.QSANNConfig()
P = qs.init_params(np.random.default_rng(0), CFG)
BAD = [
    ("qubits-1", lambda: qs.QSANNConfig(num_qubits=1), "num_qubits"),
    ("depth-neg", lambda: qs.QSANNConfig(depth_query=-1), "depth_query"),
    ("layers-0", lambda: qs.QSANNConfig(num_layers=0), "num_layers"),
    ("form-unknown", lambda: qs.QSANNConfig(form="torch"), "form"),  # type: ignore[arg-type]
    ("head-unknown", lambda: qs.QSANNConfig(head="max"), "head"),  # type: ignore[arg-type]
    (
        "emb-depth-too-big",
        lambda: qs.QSANNConfig(depth_ebd=1, embedding_depth=2),
        "embedding_depth",
    ),
    ("x-width", lambda: qs.forward(P, np.zeros((3, 11)), CFG), "x"),
    ("x-nan", lambda: qs.forward(P, np.full((3, 12), np.nan), CFG), "x"),
    ("x-no-tokens", lambda: qs.forward(P, np.zeros((0, 12)), CFG), "x"),
    (
        "params-layers",
        lambda: qs.forward(P, np.zeros((2, 12)), qs.QSANNConfig(num_layers=2)),
        "query",
    ),
    (
        "params-nan",
        lambda: qs.QSANNParams(
            query=(np.array([np.nan]),),
            key=(np.zeros(1),),
            value=(np.zeros(1),),
            head_w=np.zeros(12),
        ),
        "query",
    ),
    (
        "head-b-inf",
        lambda: qs.QSANNParams(
            query=(np.zeros(1),),
            key=(np.zeros(1),),
            value=(np.zeros(1),),
            head_w=np.zeros(12),
            head_b=float("inf"),
        ),
        "head_b",
    ),
    ("ansatz-params-len", lambda: qs.ansatz_circuit(2, depth=1, params=[0.0] * 3), "params"),
    ("features-short", lambda: qs.embedding_circuit(2, features=[0.0] * 5), "features"),
]


BAD_TYPE = [
    ("x-complex", lambda: qs.forward(P, np.zeros((3, 12)) * 1j, CFG), "x"),
    ("zq-complex", lambda: qs.gaussian_weights(np.array([1j]), np.array([0.0])), "zq"),
    ("qubits-bool", lambda: qs.QSANNConfig(num_qubits=True), "num_qubits"),
    (
        "head-b-complex",
        lambda: qs.QSANNParams(
            query=(np.zeros(1),),
            key=(np.zeros(1),),
            value=(np.zeros(1),),
            head_w=np.zeros(12),
            head_b=1j,  # type: ignore[arg-type]
        ),
        "head_b",
    ),
    ("rng-seed", lambda: qs.init_params(0, CFG), "rng"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
