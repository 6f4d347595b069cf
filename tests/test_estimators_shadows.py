"""Random-Pauli classical shadows (:mod:`reference.estimators.shadows`)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from reference import quantum_info as qi
from reference import simulate as sim
from reference.core import bell
from reference.estimators.shadows import (
    ShadowEstimator,
    kernel_range,
    setting_circuit,
    shadow_halfwidth,
    shadow_snapshots,
    snapshot_sum,
    u_statistic,
)
from reference.testing import random_circuit


def _one(setting: tuple[str, ...], b: int, k: int) -> np.ndarray:
    onehot = np.zeros(1 << k)
    onehot[b] = 1.0
    return snapshot_sum({setting: onehot}, k)


def test_pair_kernel_takes_the_values_5_minus4_and_half() -> None:
    same = np.real(np.trace(_one(("x",), 0, 1) @ _one(("x",), 0, 1)))
    diff = np.real(np.trace(_one(("y",), 0, 1) @ _one(("y",), 1, 1)))
    other = np.real(np.trace(_one(("x",), 1, 1) @ _one(("z",), 0, 1)))
    assert (same, diff, other) == pytest.approx((5.0, -4.0, 0.5), abs=1e-14)
    assert kernel_range(1) == 9.0 and kernel_range(2) == 45.0


@pytest.mark.parametrize("k", [1, 2, 3])
def test_snapshot_sum_equals_the_kronecker_products(k: int) -> None:
    """The contracted table equals sum_s c_s (x)_i (3 U^dag|o_i><o_i|U - I), formed one product at
    a time. Tolerance: each of the <= 3^k 2^k products has entries <= 2^k (|3P - I| <= 2 per
    factor) times a count <= 4, summed in two orders: 2 * 6^k * 4 * 2^k * k eps."""
    rng = np.random.default_rng(k)
    eye = np.eye(2)
    want = np.zeros((1 << k, 1 << k), dtype=complex)
    table = {}
    for setting in itertools.product(("x", "y", "z"), repeat=k):
        counts = rng.integers(0, 5, 1 << k)
        table[setting] = counts
        for idx in range(1 << k):
            m = np.ones((1, 1), dtype=complex)
            for i, b in enumerate(setting):
                o = (idx >> (k - 1 - i)) & 1
                ket = {
                    "x": np.array([1, (-1) ** o]) / math.sqrt(2),
                    "y": np.array([1, 1j * (-1) ** o]) / math.sqrt(2),
                    "z": np.array([1 - o, o]),
                }[b]
                m = np.kron(m, 3 * np.outer(ket, ket.conj()) - eye)
            want += counts[idx] * m
    tol = 2 * 6**k * 4 * 2**k * k * np.finfo(float).eps
    assert np.max(np.abs(snapshot_sum(table, k) - want)) <= tol


def test_average_snapshot_is_the_reduced_state() -> None:
    c = random_circuit(np.random.default_rng(2), num_qubits=3, num_gates=20)
    est = ShadowEstimator(prep=c, subsystem=(2, 0))
    mean = np.zeros((4, 4), dtype=complex)
    for setting in est.settings():
        circ = setting_circuit(c, est.subsystem, setting)
        p = sim.marginal(sim.probabilities(sim.statevector(circ)), circ.measured_qubits)
        mean += snapshot_sum({setting: p}, 2) / 9.0
    rho = qi.reduced_density_matrix(sim.statevector(c), [2, 0])
    # amplitudes off by ~1e-15 each, the snapshot entries are at most 3^k = 9 in size
    assert np.max(np.abs(mean - rho)) <= 1e-12


def test_sampled_estimate_covers_and_budget_meets_epsilon() -> None:
    rng = np.random.default_rng(8)
    est = ShadowEstimator(prep=bell(), subsystem=(1,), quantity="renyi2", epsilon=0.4,
                          delta=1e-6)  # fmt: skip
    assert shadow_halfwidth(est.snapshots, 1, 1e-6) <= 0.4 / 2
    counts = {p.id: sim.sample(p.circuit, p.shots, rng) for p in est.programs()}
    e = est.estimate(counts)
    assert isinstance(e.ci_low, float) and isinstance(e.ci_high, float)
    assert e.ci_low <= math.log(2) <= e.ci_high
    assert sum(p.shots for p in est.programs()) == est.snapshots


def test_budget_is_the_smallest_even_n() -> None:
    n = shadow_snapshots(0.1, 0.05, 2)
    assert n % 2 == 0 and shadow_halfwidth(n, 2, 0.05) <= 0.1 < shadow_halfwidth(n - 2, 2, 0.05)


def test_u_statistic_needs_two_snapshots_and_exact_planned_shots() -> None:
    with pytest.raises(ValueError, match="snapshots"):
        u_statistic({("z",): np.array([1.0, 0.0])}, 1)
    est = ShadowEstimator(prep=bell(), subsystem=(0,), shots=30)
    counts = {p.id: {"0": p.shots + 1} for p in est.programs()}
    with pytest.raises(ValueError, match="exactly the planned"):
        est.estimate(counts)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"subsystem": (3,)}, "subsystem"),
        ({"quantity": "entropy"}, "quantity"),
        ({"epsilon": 0.0}, "epsilon"),
        ({"shots": 1}, "shots"),
    ],
)
def test_bad_input(kw: dict[str, object], match: str) -> None:
    args: dict[str, object] = {"prep": bell(), "subsystem": (0,)} | kw
    with pytest.raises(ValueError, match=match):
        ShadowEstimator(**args)  # type: ignore[arg-type]
