"""Thin, typed adapters from emitted programs to the six external consumers.

Every adapter returns results in the project's conventions, so tests compare like with like:

* statevectors: qubit 0 = most significant bit (Qiskit and qirrunner's ``dumpmachine`` use qubit 0
  = least significant bit and are converted by :func:`reverse_qubit_order`; Braket already matches);
* counts: ``{bitstring: count}`` with classical bit 0 the **leftmost** character (Qiskit / Aer keys
  are ``'c2c1c0'`` and are reversed; qdk and qirrunner return results in ``c[0], c[1], ...`` order).

Imports of the toolchains happen inside the functions; the test modules decide whether a missing
toolchain is a skip or (with ``QAH_REQUIRE_INTEROP=1``) a failure, see ``conftest.py``.
"""

from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np

from reference._types import ComplexArray

os.environ.setdefault("QDK_PYTHON_TELEMETRY", "none")

TOOLCHAIN_MODULES: Mapping[str, tuple[str, ...]] = {
    "openqasm3": ("openqasm3",),
    "pyqasm": ("pyqasm",),
    "qiskit": ("qiskit", "qiskit.qasm3", "qiskit_qasm3_import"),
    "aer": ("qiskit", "qiskit_aer"),
    "braket": ("braket.devices", "braket.default_simulator"),
    "qdk": ("qdk",),
    "pyqir": ("pyqir",),
    "qirrunner": ("qirrunner",),
}
"""Consumer -> the modules it needs (for skip / require decisions)."""


def reverse_qubit_order(vec: ComplexArray, num_qubits: int) -> ComplexArray:
    """Swap between qubit-0-most-significant and qubit-0-least-significant indexing: ``(2**n,)``."""
    axes = tuple(reversed(range(num_qubits)))
    out: ComplexArray = np.ascontiguousarray(
        np.asarray(vec).reshape((2,) * num_qubits).transpose(axes).reshape(-1)
    )
    return out


# --------------------------------------------------------------------------------------------
# Qiskit and Aer


def qiskit_circuit(source: str, bindings: Mapping[str, float] | None = None) -> Any:
    """``qiskit.qasm3.loads`` with ``input float`` parameters bound by ``assign_parameters``."""
    import qiskit.qasm3

    qc = qiskit.qasm3.loads(source)
    if bindings:
        by_name = {p.name: p for p in qc.parameters}
        missing = sorted(set(by_name) - set(bindings))
        if missing:
            raise ValueError(f"bindings: no value for Qiskit parameters {missing}")
        qc = qc.assign_parameters({by_name[k]: float(bindings[k]) for k in by_name})
    return qc


def qiskit_statevector(
    source: str, num_qubits: int, bindings: Mapping[str, float] | None = None
) -> ComplexArray:
    """Exact statevector of an OpenQASM 3 program (no measurements) via Qiskit, MSB order."""
    from qiskit.quantum_info import Statevector

    qc = qiskit_circuit(source, bindings)
    return reverse_qubit_order(np.asarray(Statevector(qc).data, dtype=np.complex128), num_qubits)


@cache
def _aer() -> Any:
    from qiskit_aer import AerSimulator

    return AerSimulator(method="statevector")


def aer_counts(
    sources: Sequence[str], shots: int, seed: int, bindings: Sequence[Mapping[str, float]] = ()
) -> list[dict[str, int]]:
    """Shot counts of measured programs on Aer, all circuits in one job (keys: c[0] leftmost).

    Parameters are bound in the circuit (``assign_parameters``) before transpiling: Aer ignores
    controlled-rotation angles passed through ``parameter_binds`` (Qiskit/qiskit-aer#2391).
    """
    from qiskit import transpile

    circuits = [
        qiskit_circuit(src, bindings[i] if bindings else None) for i, src in enumerate(sources)
    ]
    backend = _aer()
    tqc = transpile(circuits, backend, optimization_level=0, seed_transpiler=seed)
    result = backend.run(tqc, shots=shots, seed_simulator=seed).result()
    return [
        {key.replace(" ", "")[::-1]: int(v) for key, v in result.get_counts(i).items()}
        for i in range(len(circuits))
    ]


def aer_run_counts(circuits: Sequence[Any], shots: int, seed: int) -> list[dict[str, int]]:
    """Counts of Qiskit circuits Aer runs as they are (no transpile), one job; c[0] leftmost."""
    result = _aer().run(list(circuits), shots=shots, seed_simulator=seed).result()
    return [
        {key.replace(" ", "")[::-1]: int(v) for key, v in result.get_counts(i).items()}
        for i in range(len(circuits))
    ]


def aer_counts_parameter_binds(
    source: str, shots: int, seed: int, bindings: Mapping[str, float]
) -> dict[str, int]:
    """Aer counts with parameters passed through ``parameter_binds`` (the path with the bug)."""
    import qiskit.qasm3
    from qiskit import transpile

    qc = qiskit.qasm3.loads(source)
    backend = _aer()
    tqc = transpile(qc, backend, optimization_level=0, seed_transpiler=seed)
    binds = [{p: [float(bindings[p.name])] for p in tqc.parameters}]
    result = backend.run(tqc, shots=shots, seed_simulator=seed, parameter_binds=binds).result()
    return {key.replace(" ", "")[::-1]: int(v) for key, v in result.get_counts(0).items()}


# --------------------------------------------------------------------------------------------
# Amazon Braket local simulator


@cache
def _braket() -> Any:
    from braket.devices import LocalSimulator

    return LocalSimulator("braket_sv")


def braket_statevector(program: Any, inputs: Mapping[str, float] | None = None) -> ComplexArray:
    """Exact statevector of a Braket-flavour ``openqasm3.ast.Program`` (no measurements).

    Appends ``#pragma braket result state_vector`` to a copy of the tree and runs ``shots=0``
    (Braket's state vector is already qubit-0-most-significant).
    """
    import copy

    import openqasm3
    from braket.ir.openqasm import Program

    tree = copy.deepcopy(program)
    tree.statements.append(openqasm3.ast.Pragma("braket result state_vector"))
    source = openqasm3.dumps(tree)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "may not be supported on QPUs": a local run
        task = _braket().run(Program(source=source, inputs=dict(inputs or {})), shots=0)
        result = task.result()
    return np.asarray(result.values[0], dtype=np.complex128)


ADVANCED_FEATURES_MESSAGE = "OpenQASM language features that may not be supported on QPUs"


def braket_advanced_features(source: str, inputs: Mapping[str, float] | None = None) -> list[str]:
    """The warnings of Braket's own device check on ``source`` (empty: a device program).

    Runs ``Interpreter(warn_advanced_features=True)`` of the Braket default simulator, the check
    that logs "This program uses OpenQASM language features that may not be supported on QPUs or
    on-demand simulators" for gate definitions, modifiers at global scope, includes, ranges and
    sets in measurements, control flow, subroutines, constants and more.
    """
    import logging

    from braket.default_simulator.openqasm.interpreter import Interpreter

    records: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logger = logging.getLogger("qah.braket-advanced-features")
    logger.handlers = [_Collect()]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    Interpreter(logger=logger, warn_advanced_features=True).run(source, inputs=dict(inputs or {}))
    return [r for r in records if ADVANCED_FEATURES_MESSAGE in r]


def qiskit_transpiled_to_basis(qc: Any, basis: Sequence[str], seed: int) -> Any:
    """``transpile(qc, basis_gates=basis, optimization_level=0)`` (no coupling map)."""
    from qiskit import transpile

    return transpile(qc, basis_gates=list(basis), optimization_level=0, seed_transpiler=seed)


def qiskit_same_dag(a: Any, b: Any) -> bool:
    """Whether two Qiskit circuits have equal DAGs (``DAGCircuit.__eq__``: the same operations,
    parameters and wires; the listing order of independent instructions does not matter) and
    the same global phase."""
    from qiskit.converters import circuit_to_dag

    return bool(circuit_to_dag(a) == circuit_to_dag(b)) and float(a.global_phase) == float(
        b.global_phase
    )


# --------------------------------------------------------------------------------------------
# qdk (OpenQASM 3 and QIR)


def _bits(shot: Any) -> str:
    if isinstance(shot, str):
        return shot
    if isinstance(shot, list | tuple):
        return "".join(_bits(s) for s in shot)
    text = str(shot)
    if text.endswith("One") or text == "1":
        return "1"
    if text.endswith("Zero") or text == "0":
        return "0"
    raise ValueError(f"unexpected qdk result {shot!r}")


def qdk_qasm_counts(source: str, shots: int, seed: int) -> dict[str, int]:
    """``qdk.openqasm.run`` shot counts (result ``c`` as ``c[0] c[1] ...``, c[0] leftmost)."""
    import qdk.openqasm

    results = qdk.openqasm.run(source, shots=shots, seed=seed)
    return dict(Counter(_bits(r) for r in results))


def qdk_qir_counts(ll: str, shots: int, seed: int) -> dict[str, int]:
    """``qdk.simulation.run_qir`` shot counts of a QIR module (recorded results in order)."""
    import qdk.simulation

    results = qdk.simulation.run_qir(ll, shots=shots, seed=seed, type="cpu")
    return dict(Counter(_bits(r) for r in results))


# --------------------------------------------------------------------------------------------
# qirrunner

_STATE = re.compile(r"STATE: \[(.*?)\]")
_AMP = re.compile(r"\|(\d+)⟩: ([^,]+),")
_RESULT = re.compile(r"^OUTPUT\tRESULT\t([01])\t", re.MULTILINE)


def _run_qirrunner(module: bytes | str, shots: int, seed: int) -> str:
    import qirrunner

    handler = qirrunner.OutputHandler()
    data = module.encode() if isinstance(module, str) else module
    qirrunner.run_bytes(data, shots=shots, rng_seed=seed, output_fn=handler.handle)
    out: str = handler.get_output()
    return out


def qirrunner_statevector(module: bytes | str, num_qubits: int) -> ComplexArray:
    """Exact state printed by ``__quantum__qis__dumpmachine__body`` (converted to MSB order)."""
    out = _run_qirrunner(module, 1, 0)
    match = _STATE.search(out)
    if match is None:
        raise ValueError(f"qirrunner printed no STATE line:\n{out}")
    vec = np.zeros(1 << num_qubits, dtype=np.complex128)
    for index, amp in _AMP.findall(match.group(1)):
        vec[int(index)] = complex(amp.replace("+-", "-").replace("i", "j"))
    return reverse_qubit_order(vec, num_qubits)


def qirrunner_counts(module: bytes | str, shots: int, seed: int) -> dict[str, int]:
    """qirrunner shot counts: per shot, the recorded results in record order (c[0] leftmost)."""
    out = _run_qirrunner(module, shots, seed)
    counts: Counter[str] = Counter()
    for block in out.split("START")[1:]:
        counts["".join(_RESULT.findall(block))] += 1
    return dict(counts)


__all__ = [
    "ADVANCED_FEATURES_MESSAGE",
    "TOOLCHAIN_MODULES",
    "aer_counts",
    "aer_counts_parameter_binds",
    "aer_run_counts",
    "braket_advanced_features",
    "braket_statevector",
    "qdk_qasm_counts",
    "qdk_qir_counts",
    "qirrunner_counts",
    "qirrunner_statevector",
    "qiskit_circuit",
    "qiskit_same_dag",
    "qiskit_statevector",
    "qiskit_transpiled_to_basis",
    "reverse_qubit_order",
]
