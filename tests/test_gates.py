"""Every gate of the table checked by one identity each (Stim style), plus the conventions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference import gates as g

S2 = 1 / math.sqrt(2)

# name -> (params, expected matrix): oracles written out by hand from the definitions
ORACLES: dict[str, tuple[tuple[float, ...], list[list[complex]]]] = {
    "id": ((), [[1, 0], [0, 1]]),
    "x": ((), [[0, 1], [1, 0]]),
    "y": ((), [[0, -1j], [1j, 0]]),
    "z": ((), [[1, 0], [0, -1]]),
    "h": ((), [[S2, S2], [S2, -S2]]),
    "s": ((), [[1, 0], [0, 1j]]),
    "sdg": ((), [[1, 0], [0, -1j]]),
    "t": ((), [[1, 0], [0, (1 + 1j) * S2]]),
    "tdg": ((), [[1, 0], [0, (1 - 1j) * S2]]),
    "sx": ((), [[(1 + 1j) / 2, (1 - 1j) / 2], [(1 - 1j) / 2, (1 + 1j) / 2]]),
    "rx": ((math.pi,), [[0, -1j], [-1j, 0]]),
    "ry": ((math.pi,), [[0, -1], [1, 0]]),
    "rz": ((math.pi,), [[-1j, 0], [0, 1j]]),
    "p": ((math.pi / 2,), [[1, 0], [0, 1j]]),
    "cx": ((), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]]),
    "cy": ((), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, -1j], [0, 0, 1j, 0]]),
    "cz": ((), np.diag([1, 1, 1, -1]).tolist()),
    "cp": ((math.pi / 2,), np.diag([1, 1, 1, 1j]).tolist()),
    "crx": ((math.pi,), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, -1j], [0, 0, -1j, 0]]),
    "cry": ((math.pi,), [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, -1], [0, 0, 1, 0]]),
    "crz": ((math.pi,), np.diag([1, 1, -1j, 1j]).tolist()),
    "swap": ((), [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]),
    "rzz": ((math.pi,), np.diag([-1j, 1j, 1j, -1j]).tolist()),
}


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_gate_matches_hand_written_oracle(name: str) -> None:
    params, want = ORACLES[name]
    assert np.allclose(g.matrix(name, params), np.array(want), atol=1e-15)


def test_three_qubit_and_variadic_gates() -> None:
    ccx = np.eye(8)
    ccx[[6, 7]] = ccx[[7, 6]]
    assert np.array_equal(g.matrix("ccx"), ccx)
    cswap = np.eye(8)
    cswap[[5, 6]] = cswap[[6, 5]]
    assert np.array_equal(g.matrix("cswap"), cswap)
    for n in range(2, 6):
        mcx = np.eye(1 << n)
        mcx[[-2, -1]] = mcx[[-1, -2]]
        assert np.array_equal(g.matrix("mcx", num_qubits=n), mcx)
        assert np.array_equal(g.matrix("mcz", num_qubits=n), np.diag([1] * ((1 << n) - 1) + [-1]))
    assert np.array_equal(g.matrix("mcx", num_qubits=3), g.matrix("ccx"))


def test_every_gate_has_an_oracle_or_a_structural_test() -> None:
    """Completeness: a new gate without an identity test fails here."""
    covered = set(ORACLES) | {"ccx", "cswap", "mcx", "mcz"}
    assert covered == set(g.GATES)


def test_diagonal_flag_is_truthful() -> None:
    rng = np.random.default_rng(3)
    for name, spec in g.GATES.items():
        nq = spec.num_qubits or 3
        m = g.matrix(name, tuple(rng.uniform(-3, 3, spec.num_params)), num_qubits=nq)
        off = m - np.diag(np.diag(m))
        assert (np.max(np.abs(off)) == 0) == spec.diagonal, name


def test_rotation_periodicity_is_4pi_with_sign_at_2pi() -> None:
    """R(t + 2pi) = -R(t): a global phase (used by S001-P05/P07)."""
    for name in ("rx", "ry", "rz"):
        assert np.allclose(g.matrix(name, (0.3 + 2 * math.pi,)), -g.matrix(name, (0.3,)))
        assert np.allclose(g.matrix(name, (0.3 + 4 * math.pi,)), g.matrix(name, (0.3,)))


def test_batched_matrices() -> None:
    t = np.array([0.1, 0.2, 0.3])
    m = g.matrix("crx", (t,))
    assert m.shape == (3, 4, 4)
    for i in range(3):
        assert np.allclose(m[i], g.matrix("crx", (float(t[i]),)))
