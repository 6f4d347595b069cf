"""What an exported program means, read back from its text: an instruction list.

Golden files and CLI tests compare *meaning* (gate, qubits, parameter values), not text: a
mathematically identical change of the printed digits or of the LLVM layout passes, a wrong gate,
qubit or angle fails.

* OpenQASM 3: parsed with the ``openqasm3`` reference parser; gate arguments are evaluated
  (``pi``, ``+ - * / **``, unary minus, ``input`` names from ``bindings``), modifiers kept in the
  name (``ctrl(2) @ x``), Braket names mapped to the standard ones.
* QIR: parsed with ``pyqir`` (``Module.from_ir``); the ``__quantum__qis__<g>__body`` calls of the
  entry point, their ``double`` arguments and qubit / result ids, the output recording calls and
  the entry point's ``required_num_qubits`` / ``required_num_results``.

Parameter tolerance (:func:`same_meaning`): the emitter prints each angle with ``repr`` (shortest
round trip, exact to the double) after computing it by a sum of at most a few dozen products of
doubles of magnitude ``<= |value| + sum |terms|``; a reordering of such a sum changes the result by
at most ``k eps sum |terms|`` (Higham, Thm 4.4 style bound with ``k`` terms). With ``k <= 64`` and
terms of magnitude ``<= 4`` in the registered circuits this is ``< 64 * 2.2e-16 * 4 < 1e-13``;
we use ``1e-12 (1 + |value|)``. A wrong angle of practical interest (a sign, a factor 2, a 2%
scaling of a 0.5 rad angle) is ``>= 1e-2`` off.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BRAKET_TO_STANDARD = {
    "i": "id",
    "si": "sdg",
    "ti": "tdg",
    "v": "sx",
    "phaseshift": "p",
    "cnot": "cx",
    "cphaseshift": "cp",
    "ccnot": "ccx",
    "zz": "rzz",
}
"""Amazon Braket's gate names -> stdgates names (Braket's OpenQASM 3 documentation)."""

PARAM_RTOL = 1e-12
"""Relative parameter tolerance, derived in the module docstring."""


@dataclass(frozen=True)
class Instr:
    """One instruction: gate name (with modifiers), qubits, parameter values."""

    name: str
    qubits: tuple[int, ...]
    params: tuple[float, ...] = ()


def _eval(expr: Any, bindings: Mapping[str, float]) -> float:
    from openqasm3 import ast

    if isinstance(expr, ast.FloatLiteral | ast.IntegerLiteral):
        return float(expr.value)
    if isinstance(expr, ast.Identifier):
        if expr.name in ("pi", "π"):
            return math.pi
        if expr.name not in bindings:
            raise KeyError(f"unbound input {expr.name!r}")
        return float(bindings[expr.name])
    if isinstance(expr, ast.UnaryExpression) and expr.op.name == "-":
        return -_eval(expr.expression, bindings)
    if isinstance(expr, ast.BinaryExpression):
        a, b = _eval(expr.lhs, bindings), _eval(expr.rhs, bindings)
        ops = {
            "+": a + b,
            "-": a - b,
            "*": a * b,
            "/": a / b if b else math.nan,
            "**": a**b if a or b > 0 else math.nan,
        }
        if expr.op.name not in ops:
            raise ValueError(f"operator {expr.op.name!r} not interpreted")
        return ops[expr.op.name]
    raise ValueError(f"expression {type(expr).__name__} not interpreted")


def _qubit(arg: Any) -> int:
    from openqasm3 import ast

    if not isinstance(arg, ast.IndexedIdentifier) or len(arg.indices) != 1:
        raise ValueError(f"qubit operand {arg!r} is not q[i]")
    (idx,) = arg.indices[0]  # type: ignore[misc]
    return int(idx.value)


def qasm_instructions(text: str, bindings: Mapping[str, float] | None = None) -> list[Instr]:
    """Gate and measurement instructions of an OpenQASM 3 program (declarations skipped)."""
    import openqasm3
    from openqasm3 import ast

    env = dict(bindings or {})
    out: list[Instr] = []
    for s in openqasm3.parse(text).statements:
        if isinstance(s, ast.QuantumGate):
            mods = "".join(
                f"{m.modifier.name}({_eval(m.argument, env):g}) @ "
                if m.argument is not None
                else f"{m.modifier.name} @ "
                for m in s.modifiers
            )
            name = BRAKET_TO_STANDARD.get(s.name.name, s.name.name)
            out.append(
                Instr(
                    mods + name,
                    tuple(_qubit(q) for q in s.qubits),
                    tuple(_eval(a, env) for a in s.arguments),
                )
            )
        elif isinstance(s, ast.QuantumMeasurementStatement):
            out.append(Instr("measure", (_qubit(s.measure.qubit),)))
    return out


def qasm_inputs(text: str) -> list[str]:
    """Names of the ``input`` declarations, in order."""
    import openqasm3
    from openqasm3 import ast

    return [
        s.identifier.name
        for s in openqasm3.parse(text).statements
        if isinstance(s, ast.IODeclaration)
    ]


def qir_instructions(ll: str) -> tuple[list[Instr], dict[str, int]]:
    """The entry point's quantum calls and output recording, and its required qubit / result
    counts, of a QIR module in LLVM text form."""
    import pyqir

    mod = pyqir.Module.from_ir(pyqir.Context(), ll)
    entries = [f for f in mod.functions if pyqir.is_entry_point(f)]
    if len(entries) != 1:
        raise ValueError(f"{len(entries)} entry points")
    (f,) = entries
    out: list[Instr] = []
    for block in f.basic_blocks:
        for ins in block.instructions:
            if not isinstance(ins, pyqir.Call):
                continue
            callee = ins.callee.name
            if callee.startswith("__quantum__qis__"):
                gate = callee.removeprefix("__quantum__qis__").removesuffix("__body")
                params = tuple(
                    float(a.value) for a in ins.args if isinstance(a, pyqir.FloatConstant)
                )
                ids = tuple(
                    int(pyqir.ptr_id(a) or 0)  # type: ignore[arg-type]
                    for a in ins.args
                    if not isinstance(a, pyqir.FloatConstant)
                )
                out.append(Instr(gate, ids, params))
            elif callee == "__quantum__rt__result_record_output":
                out.append(Instr("record", (int(pyqir.ptr_id(ins.args[0]) or 0),)))
            elif callee == "__quantum__rt__array_record_output":
                out.append(Instr("record_array", (int(ins.args[0].value),)))
    counts = {
        "qubits": int(pyqir.required_num_qubits(f) or 0),
        "results": int(pyqir.required_num_results(f) or 0),
    }
    return out, counts


def same_meaning(got: list[Instr], want: list[Instr]) -> str | None:
    """``None`` when both lists have the same gates, qubits and parameters (to
    :data:`PARAM_RTOL`), else the first difference."""
    if len(got) != len(want):
        return f"{len(got)} instructions, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        if (g.name, g.qubits, len(g.params)) != (w.name, w.qubits, len(w.params)):
            return f"instruction {i}: {g} != {w}"
        for a, b in zip(g.params, w.params, strict=True):
            if not abs(a - b) <= PARAM_RTOL * (1 + abs(b)):
                return f"instruction {i}: parameter {a!r} != {b!r} (rtol {PARAM_RTOL})"
    return None


_TO_REFERENCE = {"s__adj": "sdg", "t__adj": "tdg"}
_SKIP = {"measure", "mz", "m", "record", "record_array", "reset"}


def to_circuit(instructions: list[Instr], num_qubits: int) -> Any:
    """The gate instructions as a :class:`reference.circuit.Circuit` (measurements and output
    recording dropped; ``ctrl(k) @ x|z`` -> ``mcx|mcz``; QIR ``s__adj``/``t__adj`` ->
    ``sdg``/``tdg``), so the simulator can run what the text says."""
    from reference.circuit import Circuit

    b = Circuit.build(num_qubits)
    for ins in instructions:
        if ins.name in _SKIP:
            continue
        name = _TO_REFERENCE.get(ins.name, ins.name)
        if name.startswith("ctrl(") and name.endswith((" @ x", " @ z")):
            name = "mc" + name[-1]
        b.add(name, ins.qubits, ins.params)
    return b.done()
