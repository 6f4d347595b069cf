"""Braket's device check on the Braket flavours, before and after (issue 14, item 6).

``Interpreter(warn_advanced_features=True)`` of the Braket default simulator logs "This program
uses OpenQASM language features that may not be supported on QPUs or on-demand simulators". The
``braket`` flavour trips it on the circuits with ``crx`` / ``cry`` / ``crz`` (gate definitions)
and multi-controlled ``z`` (``ctrl(2) @ z``); the ``braket-qpu`` device flavour must trip it on
none, registered circuits and planned programs alike. The check of each circuit's state on the
simulator is ``braket-qpu-statevector`` in the registry / every-gate / random tests.
"""

from __future__ import annotations

import pytest

from qasm.openqasm import to_openqasm
from reference.registry import circuits
from tests.toolchain_gate import need

CIRCUITS = circuits()
FLAGGED_BY_BRAKET_FLAVOUR = frozenset(
    {
        "entanglement-pair-super-dense",
        "entanglement-pair-dense",
        "entanglement-pair-iqp",
        "entanglement-cswap-concurrence",
        "groq-grover-retrieval",
        "grover-iteration",
        "grover-search-3q",
        "qcsam-hadamard-real",
        "qcsam-hadamard-imag",
    }
)
"""Registered circuits whose ``braket`` program Braket flags (measured on 2026-11-29: 9 of 21)."""


def _flags(name: str, flavor: str) -> list[str]:
    from tests.interop import toolchains as tc

    c = CIRCUITS[name].build()
    c = c if c.measured_qubits else c.measure_all()
    return tc.braket_advanced_features(
        to_openqasm(c, flavor=flavor),  # type: ignore[arg-type]
        {p: 0.3 for p in c.parameters},
    )


@pytest.mark.parametrize("name", sorted(CIRCUITS))
def test_braket_device_check_before_and_after(name: str) -> None:
    need("openqasm3", "braket.default_simulator")
    assert not _flags(name, "braket-qpu")
    if name in FLAGGED_BY_BRAKET_FLAVOUR:  # the detector is live: the same check flags these
        assert _flags(name, "braket")


def test_planned_device_programs_pass_the_check(tmp_path: object) -> None:
    need("openqasm3", "pyqasm", "pyqir", "braket.default_simulator")
    from pathlib import Path

    from qasm.plan import plan
    from tests.interop import toolchains as tc

    d = Path(str(tmp_path))
    for name, quantity, method, values in (
        ("entanglement-pair-dense", "renyi2", "two-copy", {"theta_0": 0.4, "theta_1": -1.1}),
        ("entanglement-cswap-concurrence", "concurrence", None, {"theta_0": 0.7}),
        ("grover-search-3q", "success", None, {}),
    ):
        out = d / f"{name}-{quantity}"
        m = plan(
            name,
            quantity,
            out,
            method=method,
            values=values,
            expected=False,
            devices=("braket-qpu",),
        )
        for rec in m["programs"]:
            assert tc.braket_advanced_features((out / rec["qasm3_braket"]).read_text())
            assert not tc.braket_advanced_features((out / rec["qasm3_braket_qpu"]).read_text())
