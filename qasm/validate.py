"""Validation of emitted OpenQASM 3, shared by the tests and the export CLI.

Two independent checks:

* **round trip** with the reference parser: ``dumps(parse(dumps(p))) == dumps(p)`` (the printed
  text is a fixed point of parse-then-print; negative numbers are unary minus nodes in our trees,
  so the parsed tree prints identically);
* **pyqasm** semantic validation (declared qubits, arity, parameter counts, index ranges,
  duplicate qubits) of the standard flavour. pyqasm 1.3 ignores ``input`` declarations (its
  visitor maps ``IODeclaration`` to nothing, so every use of an input is "undefined"); a symbolic
  program is therefore validated with each ``input float[64] x;`` replaced by
  ``float[64] x = 0.5;`` (only the declaration changes, every gate is checked as emitted). pyqasm
  does not know Braket's native gate names, so the Braket flavour gets the round trip only (the
  Braket simulator itself checks it in the interop suite).

Needs the ``interop`` extra (``openqasm3``, ``pyqasm``), imported lazily.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


class QasmValidationError(ValueError):
    """An emitted program failed a validation step (message names the step)."""


@dataclass(frozen=True)
class Report:
    """What :func:`validate_program` checked.

    Attributes:
        round_trip: the parse / print fixed point held.
        pyqasm: pyqasm validated the program (``False`` when not applicable, see ``note``).
        note: why a check was skipped, or ``""``.
    """

    round_trip: bool
    pyqasm: bool
    note: str = ""


def round_trip(program: Any) -> str:
    """Print ``program``, parse it back and print again; return the text if both agree.

    Raises:
        QasmValidationError: the parser rejects the text (with line / column from ANTLR) or the
            reprinted text differs (the first differing line is shown).
    """
    import openqasm3

    text: str = openqasm3.dumps(program)
    try:
        again: str = openqasm3.dumps(openqasm3.parse(text))
    except Exception as exc:  # the reference parser raises bare errors with the token in __cause__
        cause = exc.__cause__ or exc.__context__
        where = ""
        token = getattr(cause, "offendingToken", None)
        if token is not None:
            where = f" at line {token.line}, column {token.column}"
        raise QasmValidationError(
            f"openqasm3.parse rejected the emitted program{where}: {exc!r} {cause!r}"
        ) from exc
    if again != text:
        first, second = text.splitlines(), again.splitlines()
        for i, (a, b) in enumerate(zip(first, second, strict=False)):
            if a != b:
                raise QasmValidationError(
                    f"parse/print round trip changed line {i + 1}: {a!r} -> {b!r}"
                )
        raise QasmValidationError(
            f"parse/print round trip changed the length: {len(first)} -> {len(second)} lines"
        )
    return text


def _pyqasm_compatible(program: Any) -> Any:
    """Copy of ``program`` with ``input float`` declarations turned into initialised floats."""
    import openqasm3.ast as ast

    tree = copy.deepcopy(program)
    tree.statements = [
        ast.ClassicalDeclaration(s.type, s.identifier, ast.FloatLiteral(0.5))
        if isinstance(s, ast.IODeclaration) and s.io_identifier == ast.IOKeyword.input
        else s
        for s in tree.statements
    ]
    return tree


def pyqasm_validate(program: Any) -> None:
    """Validate a standard-flavour program with pyqasm.

    Raises:
        QasmValidationError: pyqasm's message (undeclared qubit, wrong arity, ...).
    """
    import openqasm3
    import pyqasm

    text = openqasm3.dumps(_pyqasm_compatible(program))
    try:
        pyqasm.loads(text).validate()
    except Exception as exc:  # pyqasm raises its own ValidationError / QasmParsingError
        raise QasmValidationError(f"pyqasm rejected the emitted program: {exc}") from exc


PYQASM_MAX_CONTROLS = 4
"""pyqasm 1.3 maps ``ctrl(k) @ x`` to its built-in gates only up to ``c4x``."""


def _max_controls(program: Any) -> int:
    import openqasm3.ast as ast

    worst = 0
    for s in program.statements:
        if isinstance(s, ast.QuantumGate):
            for m in s.modifiers:
                if m.modifier == ast.GateModifierName.ctrl:
                    k = 1 if m.argument is None else int(getattr(m.argument, "value", 1))
                    worst = max(worst, k)
    return worst


def validate_program(program: Any, *, flavor: str = "standard") -> Report:
    """Round trip, then pyqasm for the standard flavour.

    pyqasm is not applicable (``Report.pyqasm`` is ``False`` with a note) to the Braket flavour
    and to programs with more than :data:`PYQASM_MAX_CONTROLS` controls on one gate.

    >>> from reference.circuit import Circuit
    >>> from qasm.openqasm import to_program
    >>> validate_program(to_program(Circuit.build(2).h(0).cx(0, 1).done()))
    Report(round_trip=True, pyqasm=True, note='')
    """
    round_trip(program)
    if flavor == "braket":
        return Report(round_trip=True, pyqasm=False, note="pyqasm does not know Braket gate names")
    k = _max_controls(program)
    if k > PYQASM_MAX_CONTROLS:
        return Report(
            round_trip=True,
            pyqasm=False,
            note=f"pyqasm 1.3 supports at most {PYQASM_MAX_CONTROLS} controls; the program has {k}",
        )
    pyqasm_validate(program)
    return Report(round_trip=True, pyqasm=True)


__all__ = [
    "PYQASM_MAX_CONTROLS",
    "QasmValidationError",
    "Report",
    "pyqasm_validate",
    "round_trip",
    "validate_program",
]
