"""Unit tests of QCSAM (survey §4): closed-form overlaps, Hadamard tests, the interference
circuit, the uniformly controlled rotations, the CLCU branch (exact and by shot filtering), the
registry circuits, and bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference import gates
from reference import simulate as sim
from reference.circuit import CircuitBuilder
from reference.mechanisms import qcsam
from reference.registry import MECHANISMS, circuits


def _zero_params(cfg: qcsam.QCSAMConfig, beta: complex = 1.0) -> qcsam.QCSAMParams:
    shape = (cfg.num_heads, cfg.ansatz_layers, cfg.num_qubits, 2)
    return qcsam.QCSAMParams(
        query=np.zeros(shape), key=np.zeros(shape), value=np.zeros(shape),
        beta=np.full(cfg.num_heads, beta, complex),
    )  # fmt: skip


def test_alpha_closed_form_one_qubit() -> None:
    """n = 1, no ansatz: alpha_ij = <RY(x_j)0|RY(x_i)0> = cos((x_i - x_j)/2)."""
    cfg = qcsam.QCSAMConfig(num_qubits=1, ansatz_layers=0)
    x = np.array([[0.3], [-1.2], [2.5]])
    a = qcsam.alpha_matrix(x, _zero_params(cfg), cfg)[0]
    np.testing.assert_allclose(a, np.cos((x - x.T) / 2), atol=1e-15)


def test_alpha_complex_with_rz_query() -> None:
    """U_Q = RZ(t) on |0>: <0|RZ(t)|0> = e^{-it/2}, so alpha = e^{-it/2} for x = 0."""
    cfg = qcsam.QCSAMConfig(num_qubits=1)
    p = _zero_params(cfg)
    q = p.query.copy()
    q[0, 0, 0, 1] = 0.8
    p = qcsam.QCSAMParams(query=q, key=p.key, value=p.value, beta=p.beta)
    a = qcsam.alpha_matrix(np.zeros((1, 1)), p, cfg)[0, 0, 0]
    assert a == pytest.approx(np.exp(-0.4j), abs=1e-15)
    vals = qcsam.hadamard_bindings(np.zeros(1), np.zeros(1), q[0], p.key[0])
    p_im = qcsam.hadamard_p0(qcsam.hadamard_test_circuit(cfg, part="imag"), vals)
    assert p_im == pytest.approx((1 - math.sin(0.4)) / 2, abs=1e-15)


def test_interference_sign_with_spec_order() -> None:
    """(|0>|q> + |1>|k>)/sqrt 2 with S-dagger gives Im <q|k> = -Im <k|q>."""
    q = np.array([1, 0], complex)
    k = np.array([1, 1j]) / math.sqrt(2)
    alpha = np.vdot(k, q)
    assert qcsam.interference_probability(q, k, part="imag") == pytest.approx((1 - alpha.imag) / 2)
    assert qcsam.interference_probability(k, q, part="imag") == pytest.approx((1 + alpha.imag) / 2)
    assert qcsam.interference_probability(q, k, part="real") == pytest.approx((1 + alpha.real) / 2)


@pytest.mark.parametrize("gate", ["ry", "rz"])
def test_uniformly_controlled_rotation_is_block_diagonal(gate: str) -> None:
    angles = np.array([0.3, -1.1, 2.0, 0.7])
    b = CircuitBuilder(3)
    qcsam._ucr(b, gate, [0, 1], 2, angles)
    u = sim.unitary(b.done())
    want = np.zeros((8, 8), complex)
    for c, t in enumerate(angles):
        want[2 * c : 2 * c + 2, 2 * c : 2 * c + 2] = gates.matrix(gate, (t,))
    np.testing.assert_allclose(u, want, atol=1e-14)


def test_clcu_closed_form_one_qubit() -> None:
    """n = 1, N = 2, no ansatz: branch = (alpha_0 RY(x_0)|0> + alpha_1 RY(x_1)|0>) / Omega."""
    cfg = qcsam.QCSAMConfig(num_qubits=1, ansatz_layers=0)
    x = np.array([[0.4], [2.2]])
    alpha = np.array([[0.6 * np.exp(0.5j), 0.3 * np.exp(-1.3j)]])
    lcu = qcsam.clcu_circuit(alpha, x, _zero_params(cfg), cfg)
    branch, ps = qcsam.postselect(lcu)
    ry = [gates.matrix("ry", (float(t),))[:, 0] for t in x[:, 0]]
    want = (alpha[0, 0] * ry[0] + alpha[0, 1] * ry[1]) / 0.9
    np.testing.assert_allclose(branch * np.exp(1j * lcu.phase), want, atol=1e-15)
    assert ps == pytest.approx(float(np.vdot(want, want).real), abs=1e-15)
    assert lcu.phase == pytest.approx((0.5 - 1.3) / 2)


def test_two_heads_are_a_second_lcu_level() -> None:
    """H = 2: branch = sum_h (beta_h / sum|beta|) A^(h)|0> (a second LCU over the heads)."""
    rng = np.random.default_rng(7)
    cfg = qcsam.QCSAMConfig(num_qubits=2, num_heads=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-2, 2, (3, 2))
    alpha = qcsam.alpha_matrix(x, p, cfg)[:, 1, :]
    lcu = qcsam.clcu_circuit(alpha, x, p, cfg)
    branch, _ = qcsam.postselect(lcu)
    bsum = np.abs(p.beta).sum()
    want = sum(
        p.beta[h]
        / bsum
        * (alpha[h] / np.abs(alpha[h]).sum())
        @ qcsam.token_states(x, p.value[h], cfg)
        for h in range(2)
    )
    np.testing.assert_allclose(branch * np.exp(1j * lcu.phase), want, atol=1e-14)


def test_postselection_by_shot_filtering() -> None:
    """Final measurement + shot filtering: the kept fraction estimates p_succ and the kept
    work-register counts the output distribution. 5-sigma binomial bounds (false alarm < 1e-6
    per check)."""
    rng = np.random.default_rng(11)
    cfg = qcsam.QCSAMConfig(num_qubits=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-2, 2, (2, 2))
    lcu = qcsam.clcu_circuit(qcsam.alpha_matrix(x, p, cfg)[:, 0, :], x, p, cfg)
    branch, ps = qcsam.postselect(lcu)
    shots = 20000
    counts = sim.sample(lcu.circuit, shots, rng)
    kept = {k[1:]: v for k, v in counts.items() if k[0] == "0"}
    total = sum(kept.values())
    assert abs(total / shots - ps) <= 5 * math.sqrt(ps * (1 - ps) / shots)
    probs = np.abs(branch) ** 2 / ps
    for idx, pr in enumerate(probs):
        f = kept.get(format(idx, "02b"), 0) / total
        assert abs(f - pr) <= 5 * math.sqrt(pr * (1 - pr) / total) + 1 / total


def test_forward_readout_matches_states() -> None:
    rng = np.random.default_rng(3)
    cfg = qcsam.QCSAMConfig(num_qubits=2, num_heads=2, encoding="ryrz")
    p = qcsam.init_params(rng, cfg)
    out = qcsam.forward(rng.uniform(-1, 1, (3, 2)), p, cfg)
    for i in range(3):
        assert np.vdot(out.states[i], out.states[i]).real == pytest.approx(1.0)
        z0 = sim.expval_pauli(out.states[i], "ZI")
        assert out.readout[i, 0] == pytest.approx(float(z0), abs=1e-14)


def test_registry_circuits() -> None:
    names = [c.name for c in MECHANISMS["qcsam"].circuits]
    assert names == ["qcsam-hadamard-real", "qcsam-hadamard-imag", "qcsam-clcu", "qcsam-clcu-2head"]
    assert circuits()["qcsam-clcu"].build().is_bound
    assert set(circuits()["qcsam-clcu-2head"].build().count_ops()) <= {"ry", "rz", "cx", "measure"}


CFG = qcsam.QCSAMConfig(num_qubits=1)
P = _zero_params(CFG)
X = np.zeros((2, 1))
BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("qubits", lambda: qcsam.QCSAMConfig(num_qubits=0), ValueError, "num_qubits"),
    ("qubits-high", lambda: qcsam.QCSAMConfig(num_qubits=26), ValueError, "num_qubits"),
    ("heads", lambda: qcsam.QCSAMConfig(num_heads=0), ValueError, "num_heads"),
    ("layers", lambda: qcsam.QCSAMConfig(ansatz_layers=-1), ValueError, "ansatz_layers"),
    ("encoding", lambda: qcsam.QCSAMConfig(encoding="amp"), ValueError, "encoding"),  # type: ignore[arg-type]
    ("norm", lambda: qcsam.QCSAMConfig(normalization="l2"), ValueError, "normalization"),
    ("x-shape", lambda: qcsam.alpha_matrix(np.zeros((2, 3)), P, CFG), ValueError, "x"),
    ("x-nan", lambda: qcsam.alpha_matrix([[np.nan]], P, CFG), ValueError, "x"),
    ("x-empty", lambda: qcsam.alpha_matrix(np.zeros((0, 1)), P, CFG), ValueError, "x"),
    (
        "query-shape",
        lambda: qcsam.alpha_matrix(
            X,
            qcsam.QCSAMParams(query=np.zeros((1, 1, 2, 2)), key=P.key, value=P.value, beta=P.beta),
            CFG,
        ),
        ValueError,
        "query",
    ),
    (
        "beta-zero",
        lambda: qcsam.forward(
            X, qcsam.QCSAMParams(query=P.query, key=P.key, value=P.value, beta=np.zeros(1)), CFG
        ),
        ValueError,
        "beta",
    ),
    (
        "alpha-shape",
        lambda: qcsam.clcu_circuit(np.ones((1, 3)), X, P, CFG),
        ValueError,
        "alpha_row",
    ),
    (
        "alpha-zero",
        lambda: qcsam.clcu_circuit(np.zeros((1, 2)), X, P, CFG),
        ValueError,
        "alpha_row",
    ),
    ("alpha-nan", lambda: qcsam.clcu_circuit([[np.nan, 1]], X, P, CFG), ValueError, "alpha_row"),
    (
        "too-many-qubits",
        lambda: qcsam.clcu_circuit(
            np.ones((1, 4)),
            np.zeros((4, 25)),
            _zero_params(qcsam.QCSAMConfig(num_qubits=25)),
            qcsam.QCSAMConfig(num_qubits=25),
        ),
        ValueError,
        "MAX_QUBITS",
    ),
    ("part", lambda: qcsam.hadamard_test_circuit(CFG, part="abs"), ValueError, "part"),  # type: ignore[arg-type]
    (
        "interf-shape",
        lambda: qcsam.interference_probability([1, 0], [1, 0, 0, 0], part="real"),
        ValueError,
        "a, b",
    ),
    ("rng", lambda: qcsam.init_params(1, CFG), TypeError, "rng"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
