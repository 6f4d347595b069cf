"""``python -m qasm`` run as a subprocess: list, export in every format, bad input, and a symbolic
circuit exported unbound and bound in Qiskit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reference.registry import circuits
from reference.simulate import statevector
from tests.toolchain_gate import need

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "qasm", *args], cwd=REPO, capture_output=True, timeout=120
    )


def test_help_reads_like_documentation() -> None:
    top = run("--help")
    assert top.returncode == 0
    assert b"list" in top.stdout
    assert b"export" in top.stdout
    exp = run("export", "--help")
    assert exp.returncode == 0
    for word in (
        b"qasm3-braket",
        b"qir-bc",
        b"--param",
        b"--params",
        b"input float[64]",
        b"example",
    ):
        assert word in exp.stdout, word


def test_list_shows_every_registered_circuit_and_its_parameters() -> None:
    out = run("list", "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["name"]: r for r in json.loads(out.stdout)}
    assert set(rows) == set(circuits())
    for name, ex in circuits().items():
        assert rows[name]["parameters"] == list(ex.build().parameters)
    table = run("list")
    assert table.returncode == 0
    assert b"swap-test" in table.stdout
    assert b"theta_a" in table.stdout


@pytest.mark.parametrize("fmt", ["qasm3", "qasm3-braket", "qir-ll", "qir-bc"])
@pytest.mark.parametrize("name", sorted(circuits()))
def test_export_every_circuit_in_every_format(name: str, fmt: str, tmp_path: Path) -> None:
    need("openqasm3", "pyqasm", "pyqir")
    params = {p: 0.1 * (i + 1) for i, p in enumerate(circuits()[name].build().parameters)}
    pfile = tmp_path / "p.json"
    pfile.write_text(json.dumps(params))
    target = tmp_path / "out"
    out = run("export", name, "--format", fmt, "--params", str(pfile), "-o", str(target))
    assert out.returncode == 0, out.stderr.decode()
    data = target.read_bytes()
    if fmt == "qir-bc":
        assert data[:2] == b"BC"
    elif fmt == "qir-ll":
        assert b"__quantum__rt__initialize" in data
    else:
        assert data.startswith(b"OPENQASM 3.0;")
        assert b"input" not in data
    _assert_program_binds(name, fmt, data, params)


def _program_text(fmt: str, data: bytes) -> str:
    if fmt != "qir-bc":
        return data.decode()
    import pyqir

    return str(pyqir.Module.from_bitcode(pyqir.Context(), data))


def _assert_program_binds(name: str, fmt: str, data: bytes, params: dict[str, float]) -> None:
    """The exported program, read back (tests/_program_meaning) and simulated, prepares the
    reference state at ``params``, and not the state at ``-params`` (a CLI that negates, drops or
    permutes the values fails). Tolerance 1e-10: both runs apply the same gates with angles equal
    to the double (shortest-repr printing), so they differ by rounding of ~100 gate products."""
    from tests._program_meaning import qasm_instructions, qir_instructions, to_circuit

    ref = circuits()[name].build()
    text = _program_text(fmt, data)
    ins = qir_instructions(text)[0] if fmt.startswith("qir") else qasm_instructions(text)
    got = statevector(to_circuit(ins, ref.num_qubits))
    want = statevector(ref.without_measurements(), bindings=params or None)
    np.testing.assert_allclose(got, want, atol=1e-10)
    if params:
        negated = statevector(
            ref.without_measurements(), bindings={k: -v for k, v in params.items()}
        )
        # power: every parametrised circuit's state moves when the values are negated
        assert np.max(np.abs(negated - want)) > 1e-3, name


@pytest.mark.interop
def test_symbolic_export_round_trips_through_qiskit(tmp_path: Path) -> None:
    """swap-test exported with its parameters unbound; Qiskit binds them (assign_parameters) and
    its statevector equals the reference bound to the same values."""
    need("openqasm3", "pyqasm", "qiskit.qasm3", "qiskit_qasm3_import")
    from tests.interop.toolchains import qiskit_statevector

    out = run("export", "swap-test", "--format", "qasm3", "--measure", "none")
    assert out.returncode == 0, out.stderr.decode()
    source = out.stdout.decode()
    assert "input float[64] theta_a;" in source
    assert "input float[64] theta_b;" in source
    values = {"theta_a": 0.7, "theta_b": -1.3}
    got = qiskit_statevector(source, 3, values)
    want = statevector(circuits()["swap-test"].build(), bindings=values)
    np.testing.assert_allclose(got, want, atol=1e-10)
    partial = run("export", "swap-test", "--param", "theta_a=0.7")
    assert b"input float[64] theta_b;" in partial.stdout
    assert b"theta_a" not in partial.stdout


BAD = [
    pytest.param(["export", "no-such-circuit"], "name='no-such-circuit'", id="export unknown name"),
    pytest.param(
        ["export", "swap-test", "-f", "qir-ll"], "unbound parameters", id="qir with unbound"
    ),
    pytest.param(
        ["export", "swap-test", "-f", "qir-ll", "-p", "theta_a=nan", "-p", "theta_b=1"],
        "theta_a.*finite",
        id="--param theta_a=nan",
    ),
    pytest.param(
        ["export", "bell", "-p", "gamma=0.1"], "no parameter 'gamma'", id="--param not a parameter"
    ),
    pytest.param(["export", "bell", "-p", "gamma"], "NAME=VALUE", id="--param without value"),
    pytest.param(
        ["export", "swap-test", "-p", "theta_a=abc"], "real number", id="--param not a number"
    ),
    pytest.param(
        ["export", "bell", "-f", "qir-ll", "--measure", "none"], "measure", id="qir --measure none"
    ),
]


@pytest.mark.parametrize(("args", "match"), BAD)
def test_bad_input_is_a_clear_error(args: list[str], match: str) -> None:
    need("openqasm3", "pyqasm", "pyqir")
    import re

    out = run(*args)
    assert out.returncode == 2, out
    assert re.search(match, out.stderr.decode()), out.stderr.decode()
    assert b"Traceback" not in out.stderr


def test_bad_params_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    out = run("export", "bell", "--params", str(bad))
    assert out.returncode == 2
    assert b"JSON object" in out.stderr
