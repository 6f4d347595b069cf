"""Unit tests of :mod:`reference.mechanisms.qama`: hand oracles, forward pass, v1 soft selection,
registry circuit, and bad input."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from proofs.evidence.qama.symbolic import random_jh
from reference.algorithms.annealing import SimulatedAnnealing
from reference.algorithms.qubo import brute_force
from reference.mechanisms import qama
from reference.registry import MECHANISMS, circuits
from tests import _bad_input as bad_input


def _jh(hh: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return random_jh(np.random.default_rng(seed), hh, n)


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


def test_registry_circuit_builds() -> None:
    assert "qama" in MECHANISMS
    layer = circuits()["qaoa-layer"].build()
    assert layer.num_qubits == 4
    assert set(layer.parameters) == {"gamma", "beta"}


# ---------------------------------------------------------------------------------------------
# bad input

NAN = float("nan")


def untyped(v: object) -> Any:
    """A deliberately ill-typed argument (the bad-input table calls past the type checker)."""
    return v


J22, H22 = _jh(2, 2, 0)
BAD: list[bad_input.Row] = [
    (
        "H=1 penalty formula",
        lambda: qama.penalty_weight(num_tokens=4, num_heads=1),
        "num_heads",
    ),
    (
        "H=1 params penalty_for",
        lambda: qama.QAMAParams().penalty_for(num_tokens=3, num_heads=1),
        "num_heads",
    ),
    (
        "N=0 penalty",
        lambda: qama.penalty_weight(num_tokens=0, num_heads=2),
        "num_tokens",
    ),
    ("NaN c_q", lambda: qama.QAMAParams(c_q=NAN), "c_q"),
    ("negative c_p", lambda: qama.QAMAParams(c_p=-1.0), "c_p"),
    ("negative explicit penalty", lambda: qama.QAMAParams(penalty=-0.5), "penalty"),
    (
        "J non-symmetric",
        lambda: qama.qama_qubo(np.array([[[0.0, 1.0], [0.0, 0.0]]] * 2), H22),
        "J",
    ),
    ("J non-zero diagonal", lambda: qama.qama_qubo(J22 + np.eye(2), H22), "J"),
    ("J NaN", lambda: qama.qama_qubo(np.full((2, 2, 2), NAN), H22), "J"),
    ("h wrong shape", lambda: qama.qama_qubo(J22, np.zeros((2, 3))), "h"),
    (
        "q k shapes differ",
        lambda: qama.couplings(np.zeros((2, 3, 4)), np.zeros((2, 3, 5))),
        "q",
    ),
    ("q 2-d", lambda: qama.couplings(np.zeros((3, 4)), np.zeros((3, 4))), "q"),
    ("e wrong length", lambda: qama.fields(np.zeros((2, 3, 4)), np.zeros(3)), "e"),
    ("v NaN", lambda: qama.fields(np.full((2, 3, 4), NAN), np.zeros(4)), "v"),
    ("q_bits zero", lambda: qama.bit_weights(0), "q_bits"),
    ("v1 nonpositive rows", lambda: qama.entropy_fields(-np.ones((1, 2, 3))), "v"),
    (
        "v1 unknown normalize",
        lambda: qama.js_couplings(
            np.zeros((1, 2, 2)), np.zeros((1, 2, 2)), normalize=untyped("bn")
        ),
        "normalize",
    ),
    (
        "forward beyond brute force",
        lambda: qama.qama_forward(
            np.zeros((3, 8, 2)),
            np.zeros((3, 8, 2)),
            np.zeros((3, 8, 2)),
            np.zeros(2),
            rng=np.random.default_rng(0),
        ),
        "max_variables",
    ),
    ("negative c_l", lambda: qama.QAMAParams(c_l=-0.1), "c_l"),
    ("zero row_scale", lambda: qama.QAMAParams(row_scale=0.0), "row_scale"),
    ("negative lam_mh", lambda: qama.QAMAv1Params(lam_mh=-1.0), "lam_mh"),
    (
        "no tokens",
        lambda: qama.couplings(np.zeros((2, 0, 4)), np.zeros((2, 0, 4))),
        "q",
    ),
    ("no heads", lambda: qama.qama_qubo(np.zeros((0, 2, 2)), np.zeros((0, 2))), "J"),
    (
        "zero scale",
        lambda: qama.couplings(np.ones((1, 2, 2)), np.ones((1, 2, 2)), scale=0.0),
        "scale",
    ),
    ("overlap 1-d", lambda: qama.cross_head_overlap([0, 1]), "x"),
    ("overlap non-binary", lambda: qama.cross_head_overlap([[0, 2]]), "x"),
    ("v1 eps NaN", lambda: qama.entropy_fields(np.ones((1, 2, 3)), eps=NAN), "eps"),
]
BAD_TYPE: list[bad_input.Row] = [
    (
        "complex q",
        lambda: qama.couplings(np.ones((2, 3, 4)) * 1j, np.ones((2, 3, 4))),
        "q",
    ),
    (
        "forward without Generator",
        lambda: qama.qama_forward(
            np.zeros((2, 2, 2)),
            np.zeros((2, 2, 2)),
            np.zeros((2, 2, 2)),
            np.zeros(2),
            rng=untyped(0),
        ),
        "rng",
    ),
    (
        "resource counts bool",
        lambda: qama.resource_counts(num_heads=True, num_tokens=2),
        "num_heads",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
