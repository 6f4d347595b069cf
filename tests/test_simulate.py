"""Simulator: hand-checked oracles, batching, channels, sampling."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit, Param
from reference.core import bell, ghz, swap_test


def test_bell_and_ghz_states() -> None:
    assert np.allclose(sim.statevector(bell()), [math.sqrt(0.5), 0, 0, math.sqrt(0.5)])
    psi = sim.statevector(ghz(4))
    assert np.isclose(psi[0], math.sqrt(0.5)) and np.isclose(psi[-1], math.sqrt(0.5))


@pytest.mark.parametrize(("ta", "tb"), [(0.0, 0.0), (0.3, 1.7), (math.pi, 0.0), (1.0, -2.0)])
def test_swap_test_probability(ta: float, tb: float) -> None:
    """SWAP test oracle: P(1) = (1 - |<a|b>|^2)/2 with <a|b> = cos((ta - tb)/2)."""
    probs = sim.probabilities(sim.statevector(swap_test(ta, tb)))
    p1 = sim.marginal(probs, [0])[1]
    assert p1 == pytest.approx((1 - math.cos((ta - tb) / 2) ** 2) / 2, abs=1e-14)


def test_batched_bindings_shape_and_values() -> None:
    c = Circuit.build(2).ry(0, Param("a")).crx(0, 1, Param("b")).done()
    a = np.array([0.1, 0.5, 2.0])
    out = sim.statevector(c, bindings={"a": a, "b": 1.3})
    assert out.shape == (3, 4)
    for i in range(3):
        assert np.allclose(out[i], sim.statevector(c.bind(a=float(a[i]), b=1.3)))


def test_unitary_columns_are_images_of_basis_states() -> None:
    c = Circuit.build(2).h(0).cx(0, 1).rz(1, 0.3).done()
    u = sim.unitary(c)
    assert np.allclose(u[:, 0], sim.statevector(c))
    assert np.allclose(u.conj().T @ u, np.eye(4))


def test_depolarizing_total_error_and_thermal_relaxation() -> None:
    ch = sim.depolarizing(0.01)
    assert len(ch.kraus) == 4
    # with the full Pauli channel |1><1| goes to (1-2p)|1><1| + 2p|0><0| (X and Y flip)
    rho = sim.density_matrix(Circuit.build(1).x(0).done(), noise=lambda op: [(ch, (0,))])
    assert rho[0, 0].real == pytest.approx(0.02)
    tr = sim.thermal_relaxation(277.04, 117.71, 0.05)
    plus = sim.density_matrix(Circuit.build(1).h(0).done(), noise=lambda op: [(tr, (0,))])
    assert abs(plus[0, 1]) == pytest.approx(0.5 * math.exp(-0.05 / 117.71), rel=1e-12)
    assert plus[1, 1].real == pytest.approx(0.5 * math.exp(-0.05 / 277.04), rel=1e-12)


def test_sampling_is_reproducible_and_unbiased() -> None:
    c = bell().measure_all()
    a = sim.sample(c, 4000, np.random.default_rng(7))
    b = sim.sample(c, 4000, np.random.default_rng(7))
    assert a == b and set(a) == {"00", "11"}
    # binomial: |n00 - 2000| <= 4 sigma with sigma = sqrt(4000 * 0.25)
    assert abs(a["00"] - 2000) <= 4 * math.sqrt(1000)


def test_marginal_order_and_expval() -> None:
    psi = sim.statevector(Circuit.build(3).x(2).done())
    p = sim.probabilities(psi)
    assert np.array_equal(sim.marginal(p, [2, 0]), [0, 0, 1, 0])
    assert sim.expval_pauli(psi, "ZIZ") == pytest.approx(-1.0)
    assert qi.entanglement_entropy(psi, [0]) == 0.0
