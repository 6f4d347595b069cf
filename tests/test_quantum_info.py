"""Quantum-information oracles with provenance (hand-checkable values)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from reference import quantum_info as qi
from reference import simulate as sim
from reference.core import bell, ghz
from reference.testing import random_state
from tests import _bad_input as bad_input

BELL = sim.statevector(bell())
GHZ3 = sim.statevector(ghz(3))


def test_bell_entropy_is_ln2_and_purity_half() -> None:
    assert float(qi.entanglement_entropy(BELL, [0])) == pytest.approx(math.log(2), abs=1e-15)
    rho = qi.reduced_density_matrix(BELL, [1])
    assert np.allclose(rho, np.eye(2) / 2)
    assert float(qi.purity(rho)) == pytest.approx(0.5)
    assert float(qi.renyi2_entropy(rho)) == pytest.approx(math.log(2))
    assert float(qi.von_neumann_entropy(rho)) == pytest.approx(math.log(2))


def test_concurrence_oracles() -> None:
    """Bell: 1; GHZ_3: sqrt(3/2); product: 0 (claims/seed001 §4.3)."""
    assert float(qi.concurrence_wootters(BELL)) == pytest.approx(1.0)
    assert float(qi.concurrence_pure(BELL)) == pytest.approx(1.0)
    assert float(qi.concurrence_pure(GHZ3)) == pytest.approx(math.sqrt(1.5))
    assert float(qi.concurrence_pure(np.kron([1, 0], [0.6, 0.8]))) == 0.0
    assert float(qi.concurrence_wootters(np.eye(4) / 4)) == 0.0


def test_partial_trace_matches_reduced_density_matrix_in_any_order() -> None:
    psi = random_state(np.random.default_rng(1), 4)
    rho = np.outer(psi, psi.conj())
    for keep in ([0], [2, 1], [3, 0, 2]):
        assert np.allclose(qi.partial_trace(rho, keep), qi.reduced_density_matrix(psi, keep))


def test_all_subsystem_purities_bitmask_convention() -> None:
    psi = random_state(np.random.default_rng(2), 3)
    pur = qi.all_subsystem_purities(psi)
    assert pur[0] == pytest.approx(1.0) and pur[7] == pytest.approx(1.0)
    for mask in range(8):
        qs = [q for q in range(3) if mask >> q & 1]
        assert pur[mask] == pytest.approx(float(qi.subsystem_purity(psi, qs)))


def test_fidelity_pure_and_mixed_agree() -> None:
    rng = np.random.default_rng(4)
    a, b = random_state(rng, 2), random_state(rng, 2)
    f = float(qi.fidelity(np.outer(a, a.conj()), np.outer(b, b.conj())))
    assert f == pytest.approx(float(qi.fidelity_pure(a, b)), abs=1e-12)
    assert float(qi.fidelity(np.eye(4) / 4, np.eye(4) / 4)) == pytest.approx(1.0)


def test_batched_entropy() -> None:
    psi = random_state(np.random.default_rng(5), 4, batch=6)
    s = qi.entanglement_entropy(psi, [0, 1])
    assert s.shape == (6,)
    for i in range(6):
        assert s[i] == pytest.approx(float(qi.entanglement_entropy(psi[i], [0, 1])))


def test_no_log_of_zero_warnings() -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(qi.von_neumann_entropy(np.diag([1.0, 0, 0, 0]))) == 0.0
        assert float(qi.entanglement_entropy(np.array([1.0, 0, 0, 0]), [1])) == 0.0


BAD = [
    ("state-nan", lambda: qi.entanglement_entropy(np.array([np.nan, 0.0]), [0]), "state"),
    ("state-length-3", lambda: qi.purity(np.eye(3)), "rho"),
    ("state-3d", lambda: qi.concurrence_pure(np.zeros((1, 1, 4))), "state"),
    ("subset-out-of-range", lambda: qi.entanglement_entropy(np.eye(4)[0], [2]), "keep|subsystem"),
    ("rho-not-square", lambda: qi.purity(np.zeros((2, 4))), "rho"),
]
BAD_TYPE = [
    ("subset-float", lambda: qi.entanglement_entropy(np.eye(4)[0], [0.5]), "keep|subsystem"),
    ("state-text", lambda: qi.purity("rho"), "rho"),
    ("subsets-bool", lambda: qi.subsets(True), "n"),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
