"""Unit tests of QASA (survey §8): the authors' gate listing, a dense Kronecker-product oracle of
the PQC at small sizes, the parameter-shift gradient, the used-slot computation, the layer, and
bad input."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from properties.outcome import assert_holds
from properties.qasa import laws
from properties.tolerances import EPS
from reference import gates
from reference.mechanisms import qasa
from reference.registry import MECHANISMS, circuits


def _apply(psi: np.ndarray, u: np.ndarray, q: int, m: int) -> np.ndarray:
    t = np.moveaxis(psi.reshape((2,) * m), q, 0)
    return np.moveaxis(np.tensordot(u, t, axes=1), 0, q).reshape(-1)  # type: ignore[no-any-return]


def _cx(psi: np.ndarray, c: int, t: int, m: int) -> np.ndarray:
    a = psi.reshape((2,) * m).copy()
    sl = [slice(None)] * m
    sl[c] = 1  # type: ignore[call-overload]
    a[tuple(sl)] = np.flip(a[tuple(sl)], axis=t - (t > c))
    return a.reshape(-1)


def _dense_expectations(x: np.ndarray, w: np.ndarray, n: int, layers: int) -> np.ndarray:
    """The authors' listing applied gate by gate with NumPy tensor contractions (qubit 0 most
    significant), independently of the reference simulator."""
    m = n + 1
    psi = np.zeros(1 << m, complex)
    psi[0] = 1
    rx, ry, rz = (lambda t, g=g: gates.matrix(g, (t,)) for g in ("rx", "ry", "rz"))
    for i in range(n):
        psi = _apply(_apply(psi, rx(x[i]), i, m), rz(x[i]), i, m)
    for i in range(n):
        psi = _apply(_apply(psi, rx(w[0, i]), i, m), rz(w[1, i]), i, m)
    for layer in range(1, layers):
        for i in range(n):
            psi = _cx(psi, i, (i + 1) % n, m)
            psi = _apply(_apply(psi, ry(w[layer, i]), i, m), rz(w[layer, i]), i, m)
        psi = _apply(_cx(psi, n - 1, n, m), ry(w[layer, n]), n, m)
    p = (np.abs(psi) ** 2).reshape((2,) * m)
    return np.array([p.sum(axis=tuple(k for k in range(m) if k != q)) @ [1, -1] for q in range(n)])


@pytest.mark.parametrize(("n", "layers"), [(2, 2), (3, 4), (4, 3)])
def test_expectations_equal_dense_oracle(n: int, layers: int) -> None:
    cfg = qasa.QASAConfig(num_qubits=n, num_layers=layers)
    rng = np.random.default_rng(n * 10 + layers)
    x = rng.uniform(-3, 3, n)
    w = rng.uniform(0, 2 * math.pi, cfg.weight_shape)
    # two simulations of the same circuit, each within delta_f (properties.qasa.laws)
    tol = 2 * laws.expectation_tolerance(qasa.pqc_circuit(cfg))
    np.testing.assert_allclose(
        qasa.expectations(x, w, cfg), _dense_expectations(x, w, n, layers), atol=tol
    )


def test_batched_equals_single() -> None:
    cfg = qasa.QASAConfig(num_qubits=3)
    rng = np.random.default_rng(1)
    x = rng.uniform(-3, 3, (4, 3))
    w = rng.uniform(0, 6, cfg.weight_shape)
    batch = qasa.expectations(x, w, cfg)
    tol = 2 * laws.expectation_tolerance(qasa.pqc_circuit(cfg))
    for b in range(4):
        np.testing.assert_allclose(batch[b], qasa.expectations(x[b], w, cfg), atol=tol)


def test_timestep_adds_to_every_encoding_angle() -> None:
    cfg = qasa.QASAConfig(num_qubits=3, timestep=0.7)
    rng = np.random.default_rng(2)
    x, w = rng.uniform(-1, 1, 3), rng.uniform(0, 6, cfg.weight_shape)
    want = qasa.expectations(x + 0.7, w, qasa.QASAConfig(num_qubits=3))
    # two simulations, plus the rounding of x + 0.7 (eps (|x| + 0.7) per angle, entering the
    # expectation with Lipschitz constant 1 per occurrence, 2 occurrences per input)
    tol = 2 * laws.expectation_tolerance(qasa.pqc_circuit(cfg)) + 2 * EPS * 1.7
    np.testing.assert_allclose(qasa.expectations(x, w, cfg), want, atol=tol)


def test_sur_qasa_01_gate_listing_and_counts() -> None:
    """SUR-QASA-01: 9 qubits, 27 cx, 110 gates; the first ops follow the authors' order."""
    c = qasa.pqc_circuit(qasa.QASAConfig())
    assert qasa.resource_counts(c) == {"qubits": 9, "cx": 27, "gates": 110, "symbols": 43}
    assert [op.gate for op in c.ops[:4]] == ["rx", "rz", "rx", "rz"]
    assert str(c.ops[17].params[0]) == "w_1_0"  # RZ(w[1, 0]) in the encoding block
    assert c.measured_qubits == tuple(range(8))
    assert [op.qubits for op in c.ops if op.gate == "cx"].count((7, 8)) == 3
    assert len(qasa.occurrences(c, "w_1_3")) == 3
    assert qasa.occurrences(c, "w_0_8") == ()


def test_sur_qasa_01_used_slots_are_33() -> None:
    """SUR-QASA-01: the gradient's support has 33 of the 36 slots (not the stated 35)."""
    used = qasa.used_weight_slots(qasa.QASAConfig(), points=2)
    assert len(used) == 33
    assert set(qasa.weight_slots(qasa.QASAConfig())) - set(used) == {(0, 8), (2, 8), (3, 8)}
    cone = qasa.backward_light_cone(qasa.pqc_circuit(qasa.QASAConfig()))
    assert len(cone) == 109  # only RY(w[3, 8]) is outside the structural light cone


def test_parameter_shift_equals_dense_finite_difference() -> None:
    cfg = qasa.QASAConfig(num_qubits=2, num_layers=3)
    rng = np.random.default_rng(5)
    x, w = rng.uniform(-2, 2, 2), rng.uniform(0, 6, cfg.weight_shape)
    g = qasa.parameter_shift_gradient(x, w, cfg)
    pqc = qasa.pqc_circuit(cfg)
    tol_f = laws.expectation_tolerance(pqc)

    def dense(xx: np.ndarray, ww: np.ndarray) -> np.ndarray:
        return _dense_expectations(xx, ww, 2, 3)

    for r, c in qasa.weight_slots(cfg):
        k = len(qasa.occurrences(pqc, qasa.weight_symbol(r, c)))
        law = laws.law_shift_equals_finite_difference(
            dense, lambda _x, _w: g, x, w, (r, c), k, tol_f
        )
        assert_holds(law, f"slot {(r, c)}")


def test_layer_shapes_and_zero_branch() -> None:
    rng = np.random.default_rng(3)
    cfg = qasa.QASAConfig(num_qubits=3, num_heads=2)
    p = qasa.init_params(rng, cfg, d_model=4)
    h = rng.normal(size=(5, 4))
    out = qasa.quantum_encoder_layer(h, p, cfg)
    assert out.shape == (5, 4)
    from dataclasses import replace

    other = replace(p, weights=p.weights + 0.5)
    assert np.max(np.abs(qasa.quantum_encoder_layer(h, other, cfg) - out)) > 1e-6  # PQC branch live
    flat = replace(p, ln2_g=np.ones(4), ln2_b=np.zeros(4))
    np.testing.assert_allclose(qasa.quantum_encoder_layer(h, flat, cfg).mean(axis=1), 0, atol=1e-12)


def test_shift_rule_refuses_controlled_rotations() -> None:
    from reference.circuit import Circuit, Param

    c = Circuit.build(2).crx(0, 1, Param("a")).done()
    with pytest.raises(ValueError, match="symbol='a'"):
        qasa.shift_gradient(c, {"a": 0.1}, "a")


def test_registry_circuit() -> None:
    assert MECHANISMS["qasa"].circuits[0].name == "qasa-pqc"
    c = circuits()["qasa-pqc"].build()
    assert c.num_qubits == 9 and len(c.parameters) == 43


CFG = qasa.QASAConfig(num_qubits=2)
W = np.zeros(CFG.weight_shape)
BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("qubits-low", lambda: qasa.QASAConfig(num_qubits=1), ValueError, "num_qubits"),
    ("qubits-high", lambda: qasa.QASAConfig(num_qubits=26), ValueError, "num_qubits"),
    ("qubits-bool", lambda: qasa.QASAConfig(num_qubits=True), TypeError, "num_qubits"),
    ("layers", lambda: qasa.QASAConfig(num_layers=1), ValueError, "num_layers"),
    ("timestep-nan", lambda: qasa.QASAConfig(timestep=float("nan")), ValueError, "timestep"),
    ("norm", lambda: qasa.QASAConfig(input_norm="batch"), ValueError, "input_norm"),  # type: ignore[arg-type]
    ("heads", lambda: qasa.QASAConfig(num_heads=0), ValueError, "num_heads"),
    ("x-shape", lambda: qasa.expectations(np.zeros(3), W, CFG), ValueError, "x"),
    ("x-nan", lambda: qasa.expectations([0.0, np.nan], W, CFG), ValueError, "x"),
    ("x-complex", lambda: qasa.expectations([0j, 1j], W, CFG), TypeError, "x"),
    (
        "w-shape",
        lambda: qasa.expectations(np.zeros(2), np.zeros((4, 2)), CFG),
        ValueError,
        "weights",
    ),
    (
        "w-batch",
        lambda: qasa.expectations(np.zeros((2, 2)), np.zeros((3, 4, 3)), CFG),
        ValueError,
        "weights",
    ),
    (
        "grad-batch",
        lambda: qasa.parameter_shift_gradient(np.zeros((2, 2)), W, CFG),
        ValueError,
        "x",
    ),
    ("rng", lambda: qasa.init_params(0, CFG, d_model=4), TypeError, "rng"),  # type: ignore[arg-type]
    (
        "d-heads",
        lambda: qasa.init_params(np.random.default_rng(0), CFG, d_model=6),
        ValueError,
        "d_model",
    ),
    (
        "h-shape",
        lambda: qasa.quantum_encoder_layer(
            np.zeros(4), qasa.init_params(np.random.default_rng(0), CFG, d_model=4), CFG
        ),
        ValueError,
        "h",
    ),
    ("points", lambda: qasa.used_weight_slots(CFG, points=0), ValueError, "points"),
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Callable[[], object], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


def test_sur_qasa_01_unused_slots_on_the_dense_oracle() -> None:
    """SUR-QASA-01 with the independent dense oracle at the authors' 8 + 1 qubits: moving w[2, 8]
    or w[3, 8] changes no <Z_j>; moving w[1, 8] does."""
    rng = np.random.default_rng(9)
    x, w = rng.uniform(-3, 3, 8), rng.uniform(0, 6, (4, 9))
    base = _dense_expectations(x, w, 8, 4)
    # two dense evaluations of the same circuit: each within delta_f of the exact value
    tol = 2 * laws.expectation_tolerance(qasa.pqc_circuit(qasa.QASAConfig()))
    for slot, moves in (((2, 8), False), ((3, 8), False), ((1, 8), True)):
        w2 = w.copy()
        w2[slot] += 1.234
        dev = float(np.max(np.abs(_dense_expectations(x, w2, 8, 4) - base)))
        assert (dev > tol) if moves else (dev <= tol), (slot, dev, tol)
