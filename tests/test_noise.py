"""App. F noise model (S001-A21, S001-P23, S001-P24): channels per gate, Kyiv numbers, bad input."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from reference import noise as nz
from reference import simulate as sim
from reference.circuit import Circuit, Op
from tests import _bad_input as bad_input


def test_kyiv_numbers() -> None:
    k = nz.IBM_KYIV_2024_11_19
    assert (k.t1, k.t2, k.p1, k.p2) == (277.04e-6, 117.71e-6, 2.673e-4, 1.224e-2)


def test_depolarizing_after_single_qubit_gate_matches_formula() -> None:
    """rho -> (1 - 3p) rho + p (X rho X + Y rho Y + Z rho Z) after one H."""
    p = 0.02
    model = nz.noise_model(p1=p, p2=0.0)
    rho = sim.density_matrix(Circuit.build(1).h(0).done(), noise=model)
    plus = np.full((2, 2), 0.5)
    x, y, z = (np.array(m) for m in ([[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]))
    ref = (1 - 3 * p) * plus + p * (x @ plus @ x + y @ plus @ y.conj().T + z @ plus @ z)
    assert np.allclose(rho, ref, atol=1e-14)


def test_general_two_qubit_depolarizing_fully_depolarizes_at_one_sixteenth() -> None:
    """With p = 1/16 every Pauli including I has weight 1/16: any state -> I/4."""
    model = nz.noise_model(p1=0.0, p2=1 / 16, two_qubit="general")
    rho = sim.density_matrix(Circuit.build(2).h(0).crx(0, 1, 2.0).done(), noise=model)
    assert np.allclose(rho, np.eye(4) / 4, atol=1e-14)


def test_thermal_relaxation_applied_with_gate_times() -> None:
    """Relaxation of |1> during an X gate: P(1) = exp(-t/T1) (with p1 = 0)."""
    t1, t2, g = 100e-6, 80e-6, 10e-6
    model = nz.noise_model(p1=0.0, p2=0.0, t1=t1, t2=t2, gate_time_1q=g, gate_time_2q=5 * g)
    rho = sim.density_matrix(Circuit.build(1).x(0).done(), noise=model)
    assert np.isclose(rho[1, 1].real, np.exp(-g / t1), atol=1e-14)


def test_three_qubit_gate_rejected() -> None:
    model = nz.noise_model(p1=1e-3, p2=1e-3)
    with pytest.raises(ValueError, match="one- and two-qubit"):
        model(Op("cswap", (0, 1, 2)))


BAD = [
    ("p1-negative", lambda: nz.noise_model(p1=-0.1, p2=0.0), "px"),
    ("p1-nan", lambda: nz.noise_model(p1=float("nan"), p2=0.0), "px"),
    ("p2-too-big-general", lambda: nz.noise_model(p1=0.0, p2=0.1, two_qubit="general"), "p="),
    (
        "two-qubit-unknown",
        lambda: nz.noise_model(p1=0.0, p2=0.0, two_qubit="ring"),  # type: ignore[arg-type]
        "two_qubit",
    ),
    ("t1-only", lambda: nz.noise_model(p1=0.0, p2=0.0, t1=1e-4), "t1"),
    ("no-gate-times", lambda: nz.noise_model(p1=0.0, p2=0.0, t1=1e-4, t2=1e-4), "gate_time_1q"),
    (
        "gate-time-negative",
        lambda: nz.noise_model(
            p1=0.0, p2=0.0, t1=1e-4, t2=1e-4, gate_time_1q=-1.0, gate_time_2q=1.0
        ),
        "gate_time_1q",
    ),
    (
        "gate-times-without-t",
        lambda: nz.noise_model(p1=0.0, p2=0.0, gate_time_1q=1e-8),
        "gate_time",
    ),
    (
        "unphysical-t2",
        lambda: nz.noise_model(
            p1=0.0, p2=0.0, t1=1e-4, t2=3e-4, gate_time_1q=1e-8, gate_time_2q=1e-7
        ),
        "t2",
    ),
    ("calibration-unphysical", lambda: nz.Calibration(t1=1.0, t2=2.5, p1=0.0, p2=0.0), "t2"),
    ("calibration-t1-zero", lambda: nz.Calibration(t1=0.0, t2=0.0, p1=0.0, p2=0.0), "t1"),
    ("calibration-p1", lambda: nz.Calibration(t1=1.0, t2=1.0, p1=0.5, p2=0.0), "p1"),
    (
        "kyiv-gate-time-nan",
        lambda: nz.kyiv_noise_model(gate_time_1q=float("nan"), gate_time_2q=1e-7),
        "gate_time_1q",
    ),
]


def _app_f_model() -> sim.NoiseModel:
    """App. F (seed 001) written out independently of :mod:`reference.noise`: after a one-qubit
    gate, ``sqrt(1-3p1) I, sqrt(p1) X, sqrt(p1) Y, sqrt(p1) Z`` then thermal relaxation for 35 ns;
    after a two-qubit gate the same Pauli channel with ``p2`` on each of its qubits, then thermal
    relaxation for 660 ns on each. Thermal relaxation (T1 = 277.04 us, T2 = 117.71 us, excited
    population 0): amplitude damping ``gamma = 1 - exp(-t/T1)`` followed by phase damping
    ``lam = 1 - exp(-2t/T2 + t/T1)``, so coherences decay as ``sqrt(1-gamma) sqrt(1-lam) =
    exp(-t/T2)``."""
    p1, p2, t1, t2 = 2.673e-4, 1.224e-2, 277.04e-6, 117.71e-6
    paulis = [
        np.eye(2),
        np.array([[0, 1], [1, 0]]),
        np.array([[0, -1j], [1j, 0]]),
        np.array([[1, 0], [0, -1]]),
    ]

    def pauli(p: float) -> sim.Channel:
        w = [1 - 3 * p, p, p, p]
        return sim.Channel(tuple(np.sqrt(wi) * m for wi, m in zip(w, paulis, strict=True)))

    def thermal(t: float) -> sim.Channel:
        g = 1 - np.exp(-t / t1)
        lam = 1 - np.exp(-2 * t / t2 + t / t1)
        ad = [np.array([[1, 0], [0, np.sqrt(1 - g)]]), np.array([[0, np.sqrt(g)], [0, 0]])]
        pd = [np.array([[1, 0], [0, np.sqrt(1 - lam)]]), np.array([[0, 0], [0, np.sqrt(lam)]])]
        return sim.Channel(tuple(b @ a for b in pd for a in ad))

    one, two, th1, th2 = pauli(p1), pauli(p2), thermal(35e-9), thermal(660e-9)

    def model(op: Op) -> list[tuple[sim.Channel, tuple[int, ...]]]:
        if len(op.qubits) == 1:
            return [(one, op.qubits), (th1, op.qubits)]
        return [(two, (q,)) for q in op.qubits] + [(th2, (q,)) for q in op.qubits]

    return model


def test_kyiv_noise_on_super_dense_pair_circuit() -> None:
    """App. F noise on a 6-qubit super-dense pair circuit (2 re-upload layers): a valid, mixed
    state close to the noiseless one; the query-subsystem entropy is then no longer S_B."""
    from reference import quantum_info as qi
    from reference.mechanisms import entanglement as ent

    rng = np.random.default_rng(0)
    q, k = rng.uniform(-np.pi, np.pi, 12), rng.uniform(-np.pi, np.pi, 12)
    theta = rng.uniform(-np.pi, np.pi, 3)
    c = ent.pair_circuit(
        q, k, theta, config=ent.EntanglementConfig(encoding="super_dense", layers=2)
    )
    model = nz.kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=660e-9)
    rho = sim.density_matrix(c, noise=model)
    psi = sim.statevector(c)
    assert abs(np.trace(rho) - 1) < 1e-12
    assert np.min(np.linalg.eigvalsh(rho)) > -1e-12
    fid = float(np.real(psi.conj() @ rho @ psi))
    # expected fidelity: the same circuit under a model built here from App. F's numbers alone
    # (Kraus operators written out below, not taken from reference.noise), so a mis-wired
    # probability or time (e.g. p2/10, T1 and T2 swapped, thermal noise on one qubit only) moves
    # the fidelity far outside the rounding tolerance. Tolerance: both runs apply the same ops in
    # the same order; their Kraus operators agree to ~4 ulp, and the fidelity is a sum of
    # 4^6 terms bounded by 1, so |dF| <= 64 eps * (number of channels ~ 200) < 1e-10.
    want = float(np.real(psi.conj() @ sim.density_matrix(c, noise=_app_f_model()) @ psi))
    assert abs(fid - want) < 1e-10, (fid, want)
    assert 0.5 < fid < 1 - 1e-4
    assert float(qi.purity(rho)) < 1 - 1e-4
    s_a = float(qi.von_neumann_entropy(qi.partial_trace(rho, [0, 1, 2])))
    s_b = float(qi.von_neumann_entropy(qi.partial_trace(rho, [3, 4, 5])))
    assert abs(s_a - s_b) > 1e-6  # mixed global state: S_A != S_B (spec §4.1, S001-A17)


BAD_TYPE = [
    ("p-complex", lambda: nz.general_depolarizing_2q(0.01j), "p"),  # type: ignore[arg-type]
    (
        "t1-complex",
        lambda: nz.Calibration(t1=1j, t2=1.0, p1=0.0, p2=0.0),  # type: ignore[arg-type]
        "t1",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
