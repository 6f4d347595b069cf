"""Unit tests of QMSAN (survey §5): closed forms at n = 1, exact partial traces, the swap-test
circuit, positional schedule, normalisation, residual output, circuit sampling against the
binomial model, registry circuit, and bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference import quantum_info as qi
from reference import simulate as sim
from reference.mechanisms import qmsan
from reference.registry import MECHANISMS, circuits


def _zero(cfg: qmsan.QMSANConfig) -> qmsan.QMSANParams:
    z = np.zeros((cfg.ansatz_layers, cfg.num_qubits, 2))
    return qmsan.QMSANParams(query=z, key=z, value=z)


def test_positions_schedule() -> None:
    cfg = qmsan.QMSANConfig(num_qubits=2)
    np.testing.assert_allclose(
        qmsan.positions(4, cfg), np.outer(np.arange(4) * math.pi / 4, [1, 1])
    )
    off = qmsan.QMSANConfig(num_qubits=2, positional="none")
    assert not qmsan.positions(3, off).any()


def test_one_qubit_closed_form() -> None:
    """n = m = 1, no ansatz, no PE: pure states RY(x)|0>, alpha = cos^2((x_s - x_j)/2)."""
    cfg = qmsan.QMSANConfig(num_qubits=1, ansatz_layers=0, positional="none")
    x = np.array([[0.2], [1.7], [-2.4]])
    np.testing.assert_allclose(
        qmsan.scores(x, _zero(cfg), cfg), np.cos((x - x.T) / 2) ** 2, atol=1e-15
    )


def test_positional_closed_form_one_qubit() -> None:
    """n = 1, x = 0, PE RX(pi s / N): alpha_sj = cos^2(pi (s - j) / (2 N))."""
    cfg = qmsan.QMSANConfig(num_qubits=1, ansatz_layers=0)
    s = np.arange(3)
    want = np.cos(math.pi * (s[:, None] - s[None, :]) / 6) ** 2
    np.testing.assert_allclose(qmsan.scores(np.zeros((3, 1)), _zero(cfg), cfg), want, atol=1e-15)


def test_reduced_states_match_quantum_info() -> None:
    rng = np.random.default_rng(4)
    cfg = qmsan.QMSANConfig(num_qubits=3, kept_qubits=2, ansatz_layers=2)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-2, 2, (3, 3))
    rho, _ = qmsan.reduced_states(x, p, cfg)
    states = qmsan.token_states(x, p.query, cfg)
    for s in range(3):
        np.testing.assert_allclose(rho[s], qi.reduced_density_matrix(states[s], [0, 1]), atol=1e-15)
    assert float(np.real(np.trace(rho[0] @ rho[0]))) < 1 - 1e-3  # genuinely mixed


def test_forward_residual_and_normalisation() -> None:
    rng = np.random.default_rng(5)
    cfg = qmsan.QMSANConfig(num_qubits=2)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-2, 2, (4, 2))
    out = qmsan.forward(x, p, cfg)
    np.testing.assert_allclose(out.weights.sum(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(out.weights, out.alpha / out.alpha.sum(axis=1, keepdims=True))
    np.testing.assert_allclose(out.y, x + out.weights @ out.values, atol=0)
    v = qmsan.token_states(x, p.value, cfg)
    assert out.values[2, 1] == pytest.approx(float(sim.expval_pauli(v[2], "IZ")), abs=1e-15)
    soft = qmsan.normalize(out.alpha, qmsan.QMSANConfig(normalization="softmax"))
    np.testing.assert_allclose(soft, np.exp(out.alpha) / np.exp(out.alpha).sum(1, keepdims=True))


def test_swap_circuit_sampling_matches_binomial_model() -> None:
    """Sampling the bound swap-test circuit: the count of 0 is Binomial(S, P(0)) (5 sigma)."""
    rng = np.random.default_rng(6)
    cfg = qmsan.QMSANConfig()
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-2, 2, (2, 2))
    om = qmsan.positions(2, cfg)
    c = qmsan.swap_test_circuit(cfg).bind(qmsan.swap_bindings(x[0], om[0], x[1], om[1], p, cfg))
    p0 = float(qmsan.swap_test_p0(x, p, cfg)[0, 1])
    shots = 20000
    k = sim.sample(c, shots, rng).get("0", 0)
    assert abs(k - shots * p0) <= 5 * math.sqrt(shots * p0 * (1 - p0))
    assert qmsan.shot_variance(2 * p0 - 1, shots) == pytest.approx(4 * p0 * (1 - p0) / shots)


def test_registry_circuit() -> None:
    assert [c.name for c in MECHANISMS["qmsan"].circuits] == ["qmsan-swap-test"]
    c = circuits()["qmsan-swap-test"].build()
    assert c.num_qubits == 5 and c.count_ops()["cswap"] == 1 and c.count_ops()["rx"] == 4


CFG = qmsan.QMSANConfig(num_qubits=2)
P = _zero(CFG)
BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("qubits", lambda: qmsan.QMSANConfig(num_qubits=0), ValueError, "num_qubits"),
    ("qubits-high", lambda: qmsan.QMSANConfig(num_qubits=13), ValueError, "num_qubits"),
    ("kept", lambda: qmsan.QMSANConfig(num_qubits=2, kept_qubits=3), ValueError, "kept_qubits"),
    ("kept-zero", lambda: qmsan.QMSANConfig(kept_qubits=0), ValueError, "kept_qubits"),
    ("layers", lambda: qmsan.QMSANConfig(ansatz_layers=-1), ValueError, "ansatz_layers"),
    ("positional", lambda: qmsan.QMSANConfig(positional="sin"), ValueError, "positional"),  # type: ignore[arg-type]
    ("norm", lambda: qmsan.QMSANConfig(normalization="max"), ValueError, "normalization"),  # type: ignore[arg-type]
    ("x-shape", lambda: qmsan.scores(np.zeros((2, 3)), P, CFG), ValueError, "x"),
    ("x-inf", lambda: qmsan.scores([[0.0, np.inf]], P, CFG), ValueError, "x"),
    ("x-complex", lambda: qmsan.scores([[0j, 1j]], P, CFG), TypeError, "x"),
    (
        "key-shape",
        lambda: qmsan.scores(
            np.zeros((2, 2)),
            qmsan.QMSANParams(query=P.query, key=np.zeros((1, 3, 2)), value=P.value),
            CFG,
        ),
        ValueError,
        "key",
    ),
    (
        "shots",
        lambda: qmsan.sample_scores(0.5, shots=0, repeats=2, rng=np.random.default_rng(0)),
        ValueError,
        "shots",
    ),
    (
        "repeats",
        lambda: qmsan.sample_scores(0.5, shots=2, repeats=0, rng=np.random.default_rng(0)),
        ValueError,
        "repeats",
    ),
    (
        "p0-range",
        lambda: qmsan.sample_scores(1.5, shots=2, repeats=2, rng=np.random.default_rng(0)),
        ValueError,
        "p0",
    ),
    ("rng", lambda: qmsan.sample_scores(0.5, shots=2, repeats=2, rng=0), TypeError, "rng"),  # type: ignore[arg-type]
    ("tokens", lambda: qmsan.positions(0, CFG), ValueError, "num_tokens"),
    ("alpha-shape", lambda: qmsan.normalize(np.zeros(3), CFG), ValueError, "alpha"),
    ("swap-a-nan", lambda: qmsan.kept_pairs_swap_p0([np.nan, 1], [1, 0], 1), ValueError, "a"),
    ("swap-a-size", lambda: qmsan.kept_pairs_swap_p0([1, 0, 0], [1, 0, 0], 1), ValueError, "a, b"),
    ("swap-b-shape", lambda: qmsan.kept_pairs_swap_p0([1, 0], [1, 0, 0, 0], 1), ValueError, "b"),
    ("swap-kept", lambda: qmsan.kept_pairs_swap_p0([1, 0], [1, 0], 2), ValueError, "kept"),
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()
