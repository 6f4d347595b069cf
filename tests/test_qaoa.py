"""Unit tests of :mod:`reference.algorithms.qaoa`: gate counts, batched expectation, bad input
(SUR-QAMA-C01)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from proofs.evidence.qama.symbolic import random_jh
from reference import simulate as sim
from reference.algorithms import qaoa
from reference.algorithms.qubo import QUBO, all_energies
from reference.mechanisms import qama
from tests import _bad_input as bad_input


def _jh(hh: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    return random_jh(np.random.default_rng(seed), hh, n)


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
# bad input

NAN = float("nan")
BAD: list[bad_input.Row] = [
    (
        "QAOA layers 0",
        lambda: qaoa.qaoa_circuit(QUBO.from_matrix([[1.0]]), layers=0),
        "layers",
    ),
    (
        "QAOA gammas length",
        lambda: qaoa.qaoa_circuit(QUBO.from_matrix([[1.0]]), layers=2, gammas=[0.1]),
        "gammas",
    ),
    (
        "QAOA expectation shapes",
        lambda: qaoa.expectation(QUBO.from_matrix([[1.0]]), np.zeros((2, 1)), np.zeros((3, 1))),
        "gammas",
    ),
    (
        "QAOA expectation NaN",
        lambda: qaoa.expectation(QUBO.from_matrix([[1.0]]), [NAN], [0.0]),
        "finite",
    ),
]
BAD_TYPE: list[bad_input.Row] = [
    (
        "QAOA expectation complex",
        lambda: qaoa.expectation(QUBO.from_matrix([[1.0]]), [0.1j], [0.0]),
        "gammas",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
