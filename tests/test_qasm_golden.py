"""Golden files of the canonical exports (``tests/golden``) pin the programs' *meaning*.

Each golden file and the emitter's current output are parsed (``openqasm3`` for OpenQASM 3,
``pyqir`` for QIR; :mod:`tests._program_meaning`) and compared as instruction lists: gate (with
modifiers), qubits, parameter values to a derived tolerance, ``input`` declarations, measurements
and output recording, QIR's required qubit / result counts. Symbolic parameters are compared as
values at two bindings, so a wrong coefficient of an ``input`` fails. Printed digits and LLVM
layout are not pinned: a mathematically identical reordering of a sum passes, a wrong angle does
not.

Regenerate with ``python tests/golden/regen.py`` (``nox -s regen-golden``) and review the diff.
"""

from __future__ import annotations

import pytest

from tests._program_meaning import qasm_inputs, qasm_instructions, qir_instructions, same_meaning
from tests.golden.regen import GOLDEN, GOLDEN_DIR
from tests.toolchain_gate import need


def test_golden_list_is_registered() -> None:
    from reference.registry import circuits

    missing = sorted(set(GOLDEN) - set(circuits()))
    assert not missing, f"GOLDEN names {missing} are not registered circuits"


def _read(name: str, suffix: str) -> tuple[str, str]:
    from tests.golden.regen import renderers

    path = GOLDEN_DIR / f"{name}{suffix}"
    assert path.exists(), f"{path.name} missing: run python tests/golden/regen.py"
    return path.read_text(), renderers()[suffix](name)


@pytest.mark.parametrize("suffix", [".qasm", ".braket.qasm"])
@pytest.mark.parametrize("name", GOLDEN)
def test_openqasm_export_means_the_golden_program(name: str, suffix: str) -> None:
    need("openqasm3", "pyqir")
    want, got = _read(name, suffix)
    inputs = qasm_inputs(want)
    assert qasm_inputs(got) == inputs
    for values in ({p: 0.5 + 0.25 * i for i, p in enumerate(inputs)}, {p: -1.3 for p in inputs}):
        diff = same_meaning(qasm_instructions(got, values), qasm_instructions(want, values))
        assert diff is None, (
            f"{name}{suffix} at {values}: {diff} (regenerate with python tests/golden/regen.py "
            "if intended)"
        )


@pytest.mark.parametrize("name", GOLDEN)
def test_qir_export_means_the_golden_module(name: str) -> None:
    need("openqasm3", "pyqir")
    want, got = _read(name, ".ll")
    got_ins, got_counts = qir_instructions(got)
    want_ins, want_counts = qir_instructions(want)
    assert got_counts == want_counts
    diff = same_meaning(got_ins, want_ins)
    assert diff is None, f"{name}.ll: {diff} (regenerate with python tests/golden/regen.py)"


def test_meaning_comparison_ignores_digits_and_catches_a_wrong_angle() -> None:
    """The comparison itself: a reprinted angle (1 ulp apart) and LLVM text re-laid out pass, a
    2% scaled angle and a gate on another qubit fail."""
    need("openqasm3", "pyqir")
    want, _ = _read("entanglement-pair-dense", ".qasm")
    vals = {p: 0.5 for p in qasm_inputs(want)}
    base = qasm_instructions(want, vals)
    assert (
        same_meaning(
            qasm_instructions(want.replace("rx(0.3)", "rx(0.30000000000000004)"), vals), base
        )
        is None
    )
    assert same_meaning(qasm_instructions(want.replace("rx(0.3)", "rx(0.306)"), vals), base)
    assert same_meaning(qasm_instructions(want.replace("ry(0.1) q[2]", "ry(0.1) q[3]"), vals), base)
    ll, _ = _read("swap-test", ".ll")
    ins, _ = qir_instructions(ll)
    relaid = ll.replace("double 5.000000e-01", "double 0x3FE0000000000000")
    assert same_meaning(qir_instructions(relaid)[0], ins) is None
    assert same_meaning(
        qir_instructions(ll.replace("double 5.000000e-01", "double 5.100000e-01"))[0], ins
    )
