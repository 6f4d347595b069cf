"""Circuit -> OpenQASM 3, built as an :mod:`openqasm3.ast` tree and printed by ``openqasm3.dumps``.

Four flavours (``flavor=``):

* ``"standard"``: ``OPENQASM 3.0; include "stdgates.inc";`` and stdgates names. Gates missing
  from ``stdgates.inc`` are written exactly: ``rzz`` as a ``gate`` definition (``cx; rz; cx``,
  which is ``exp(-i t Z(x)Z / 2)`` including its global phase), ``mcx`` / ``mcz`` as ``cx`` /
  ``ccx`` / ``cz`` or ``ctrl(k) @ x`` (``h``-conjugated for ``mcz``).
* ``"braket"``: Amazon Braket's native gate names (``i, v, si, ti, cnot, ccnot, phaseshift,
  cphaseshift, zz, ...``), no include (Braket resolves ``stdgates.inc`` against the working
  directory and its ``crz`` / ``ctrl @ rz`` from it are wrong, see TOOLCHAIN.md).
  ``crx`` / ``cry`` / ``crz`` are a prelude of ``gate`` definitions built only on natives
  (exact, no global phase).
  Every qubit no gate acts on gets an ``i`` so Braket simulates the full register.
* ``"braket-qpu"`` and ``"ibm"``: device programs (issue 14, item 6). The circuit is first
  lowered exactly onto the device gate set by :func:`qasm.device.to_device` (``braket-qpu``:
  ``x y z h s si t ti rx ry rz cnot swap`` and ``rz(0)`` (the identity) on untouched qubits,
  no include: ``i`` is not among the operations IonQ's devices list, see :mod:`qasm.device`;
  ``ibm``:
  ``rz sx x cx`` with ``include "stdgates.inc"``), so the program has no ``gate`` definition and
  no modifier. The lowered unitary is the original's up to the global phase
  :func:`qasm.device.to_device` returns.

Unbound symbolic parameters (:class:`reference.circuit.ParamExpr`, affine ``sum c_i s_i + c0``)
become ``input float[64] s_i;`` declarations and the angle is printed as an expression tree.
Negative numbers are emitted as a unary minus of a positive literal, so ``parse(dumps(p))`` gives
back the same tree. Measurements are ``c[k] = measure q[j];`` into ``bit[m] c;``.

This module needs the ``interop`` extra (``openqasm3``); it is imported lazily so ``import qasm``
works without it.

>>> from reference.circuit import Circuit
>>> print(to_openqasm(Circuit.build(2).h(0).cx(0, 1).measure().done()), end="")
OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from qasm.device import BRAKET_QPU_NAMES, IBM_GATES, TARGETS, to_device
from reference.circuit import MEASURE, Circuit, Op, ParamExpr, ParamValue

if TYPE_CHECKING:  # pragma: no cover
    from openqasm3 import ast as _ast_t

Flavor = Literal["standard", "braket", "braket-qpu", "ibm"]
Measure = Literal["keep", "all", "none"]
FLAVORS: tuple[Flavor, ...] = ("standard", "braket")
"""The flavours that write every gate of the table as it is (definitions and modifiers allowed)."""
DEVICE_FLAVORS: tuple[Flavor, ...] = TARGETS
"""Flavours lowered by :func:`qasm.device.to_device` first (device gate sets only)."""
ALL_FLAVORS: tuple[Flavor, ...] = FLAVORS + DEVICE_FLAVORS

QUBIT_REGISTER = "q"
CLBIT_REGISTER = "c"

# Identifiers an input parameter may not take: registers, built-in constants, keywords and every
# gate name either flavour prints or defines.
_KEYWORDS = frozenset(
    """OPENQASM include defcalgrammar def cal defcal gate extern box let break continue if else end
    return for while in switch case default input output const readonly mutable qreg qubit creg
    bool bit int uint float angle complex array void duration stretch gphase inv pow ctrl negctrl
    dim durationof delay reset measure barrier true false pi tau euler U CX""".split()  # noqa: SIM905
) | {"π", "τ", "ℇ"}


_ANGLE, _CTL, _TGT, _QA, _QB = "theta_", "ctl_", "tgt_", "qa_", "qb_"
_LOCALS = (_ANGLE, _CTL, _TGT, _QA, _QB)
"""Names local to the prelude ``gate`` definitions (reserved for inputs, to avoid shadowing)."""


class UnsupportedGateError(ValueError):
    """A gate of the circuit has no exact expression in the chosen flavour."""


@dataclass(frozen=True)
class _Call:
    """One gate application in the emitted program: name, ``ctrl(k)`` count, angle, qubits."""

    name: str
    qubits: tuple[int, ...]
    params: tuple[ParamValue, ...] = ()
    ctrl: int = 0


Lowering = Callable[[Op], list[_Call]]


def _same(name: str) -> Lowering:
    return lambda op: [_Call(name, op.qubits, op.params)]


def _mcx(one: str, two: str) -> Lowering:
    """``mcx``: ``cx`` / ``ccx`` (Braket: ``cnot`` / ``ccnot``), else ``ctrl(k) @ x``."""

    def lower(op: Op) -> list[_Call]:
        k = len(op.qubits) - 1
        if k == 1:
            return [_Call(one, op.qubits)]
        if k == 2:
            return [_Call(two, op.qubits)]
        return [_Call("x", op.qubits, (), ctrl=k)]

    return lower


def _mcz_standard(op: Op) -> list[_Call]:
    """``mcz``: ``cz``, else ``h t; ctrl(k) @ x; h t`` (exact: ``H X H = Z``).

    ``ctrl(k) @ x`` rather than ``ctrl(k) @ z`` because pyqasm 1.3 validates multi-controlled
    ``x`` (up to four controls) but no multi-controlled ``z``.
    """
    k = len(op.qubits) - 1
    if k == 1:
        return [_Call("cz", op.qubits)]
    t = op.qubits[-1:]
    return [_Call("h", t), _Call("x", op.qubits, (), ctrl=k), _Call("h", t)]


def _mcz_braket(op: Op) -> list[_Call]:
    """``mcz``: ``cz``, else ``ctrl(k) @ z`` (exact on the Braket simulator, interop-tested)."""
    k = len(op.qubits) - 1
    return [_Call("cz", op.qubits)] if k == 1 else [_Call("z", op.qubits, (), ctrl=k)]


_STANDARD_NAMES = (
    "id x y z h s sdg t tdg sx rx ry rz p cx cy cz cp crx cry crz swap ccx cswap rzz".split()  # noqa: SIM905
)
STANDARD: Mapping[str, Lowering] = {
    **{g: _same(g) for g in _STANDARD_NAMES},
    "mcx": _mcx("cx", "ccx"),
    "mcz": _mcz_standard,
}
"""Standard flavour: gate-table name -> emitted calls (``rzz`` is defined in the program)."""

_BRAKET_RENAME = {
    "id": "i",
    "sdg": "si",
    "tdg": "ti",
    "sx": "v",
    "p": "phaseshift",
    "cx": "cnot",
    "cp": "cphaseshift",
    "ccx": "ccnot",
    "rzz": "zz",
}
BRAKET: Mapping[str, Lowering] = {
    **{g: _same(_BRAKET_RENAME.get(g, g)) for g in _STANDARD_NAMES},
    "mcx": _mcx("cnot", "ccnot"),
    "mcz": _mcz_braket,
}
"""Braket flavour: gate-table name -> emitted calls (``crx``/``cry``/``crz`` from the prelude)."""

BRAKET_QPU: Mapping[str, Lowering] = {g: _same(n) for g, n in BRAKET_QPU_NAMES.items()}
"""Braket QPU flavour: the device gates of :data:`qasm.device.BRAKET_QPU_GATES`, renamed."""
IBM: Mapping[str, Lowering] = {g: _same(g) for g in IBM_GATES}
"""IBM flavour: ``rz sx x cx`` (stdgates names)."""

_FLAVORS: dict[str, Mapping[str, Lowering]] = {
    "standard": STANDARD,
    "braket": BRAKET,
    "braket-qpu": BRAKET_QPU,
    "ibm": IBM,
}


def _require_openqasm3() -> Any:
    try:
        import openqasm3
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "OpenQASM 3 export needs the 'interop' extra: pip install -e '.[interop]'"
        ) from exc
    return openqasm3


# ---------------------------------------------------------------------------------------------
# expressions


def _number(ast: Any, value: float) -> Any:
    if not math.isfinite(value):
        raise ValueError(f"parameter value={value!r} must be finite")
    lit = ast.FloatLiteral(abs(value))
    if math.copysign(1.0, value) < 0 and value != 0.0:
        return ast.UnaryExpression(ast.UnaryOperator["-"], lit)
    return lit


def expression(ast: Any, value: ParamValue) -> Any:
    """AST of a bound float or an affine :class:`ParamExpr`; ``2*g - 0.1`` prints ``2.0 * g - 0.1``.

    Signs are unary / binary minus nodes over non-negative literals, so the printed text parses
    back to this same tree.
    """
    if not isinstance(value, ParamExpr):
        return _number(ast, float(value))
    neg = ast.UnaryOperator["-"]
    out: Any = None
    terms: list[tuple[float, str | None]] = [(coeff, name) for name, coeff in value.terms]
    if value.const != 0.0 or not terms:
        terms.append((value.const, None))
    for coeff, name in terms:
        negative = math.copysign(1.0, coeff) < 0 and coeff != 0.0
        magnitude: Any = ast.FloatLiteral(abs(coeff))
        if out is None and negative:  # leading sign binds to the literal: -2.0 * g
            magnitude = ast.UnaryExpression(neg, magnitude)
        if name is None:
            node = magnitude
        elif abs(coeff) == 1.0:
            node = ast.Identifier(name)
            if out is None and negative:
                node = ast.UnaryExpression(neg, node)
        else:
            node = ast.BinaryExpression(ast.BinaryOperator["*"], magnitude, ast.Identifier(name))
        if out is None:
            out = node
        else:
            op = ast.BinaryOperator["-"] if negative else ast.BinaryOperator["+"]
            out = ast.BinaryExpression(op, out, node)
    return out


def _half(ast: Any, name: str, sign: str) -> Any:
    half = ast.BinaryExpression(
        ast.BinaryOperator["/"], ast.Identifier(name), ast.IntegerLiteral(2)
    )
    return ast.UnaryExpression(ast.UnaryOperator["-"], half) if sign == "-" else half


# ---------------------------------------------------------------------------------------------
# gate definitions (preludes)


def _gate_call(ast: Any, name: str, args: list[Any], qubits: list[str]) -> Any:
    return ast.QuantumGate(
        modifiers=[],
        name=ast.Identifier(name),
        arguments=args,
        qubits=[ast.Identifier(q) for q in qubits],
    )


def _definition(ast: Any, name: str, params: list[str], qubits: list[str], body: list[Any]) -> Any:
    return ast.QuantumGateDefinition(
        name=ast.Identifier(name),
        arguments=[ast.Identifier(p) for p in params],
        qubits=[ast.Identifier(q) for q in qubits],
        body=body,
    )


def _controlled_rotation(ast: Any, name: str, axis: str, cnot: str) -> Any:
    """``c-R(theta)`` = ``R(theta/2) t; CX c,t; R(-theta/2) t; CX c,t`` (x: ``h``-conjugated z).

    Exact: with the control at 0 the two half rotations cancel; at 1 ``X R(-a) X = R(a)`` for
    ``R in {RY, RZ}``, so the target gets ``R(theta)``; ``H RZ H = RX``.
    """
    rot = "rz" if axis == "x" else f"r{axis}"
    body = [
        _gate_call(ast, rot, [_half(ast, _ANGLE, "+")], [_TGT]),
        _gate_call(ast, cnot, [], [_CTL, _TGT]),
        _gate_call(ast, rot, [_half(ast, _ANGLE, "-")], [_TGT]),
        _gate_call(ast, cnot, [], [_CTL, _TGT]),
    ]
    if axis == "x":
        body = [_gate_call(ast, "h", [], [_TGT]), *body, _gate_call(ast, "h", [], [_TGT])]
    return _definition(ast, name, [_ANGLE], [_CTL, _TGT], body)


def _preludes(ast: Any, flavor: str, used: set[str]) -> list[Any]:
    out: list[Any] = []
    if flavor == "standard" and "rzz" in used:
        out.append(
            _definition(
                ast,
                "rzz",
                [_ANGLE],
                [_QA, _QB],
                [
                    _gate_call(ast, "cx", [], [_QA, _QB]),
                    _gate_call(ast, "rz", [ast.Identifier(_ANGLE)], [_QB]),
                    _gate_call(ast, "cx", [], [_QA, _QB]),
                ],
            )
        )
    if flavor == "braket":
        for axis in "xyz":
            if f"cr{axis}" in used:
                out.append(_controlled_rotation(ast, f"cr{axis}", axis, "cnot"))
    return out


# ---------------------------------------------------------------------------------------------
# program


def _qubit(ast: Any, index: int) -> Any:
    return ast.IndexedIdentifier(ast.Identifier(QUBIT_REGISTER), [[ast.IntegerLiteral(index)]])


def _clbit(ast: Any, index: int) -> Any:
    return ast.IndexedIdentifier(ast.Identifier(CLBIT_REGISTER), [[ast.IntegerLiteral(index)]])


def _check_parameter_names(names: tuple[str, ...], flavor: str) -> None:
    taken = _KEYWORDS | {QUBIT_REGISTER, CLBIT_REGISTER, *_LOCALS}
    taken |= set(_STANDARD_NAMES) | set(_BRAKET_RENAME.values()) | {"mcx", "mcz"}
    bad = sorted(n for n in names if n in taken)
    if bad:
        raise ValueError(
            f"parameter names {bad} clash with OpenQASM 3 keywords, registers or gate names "
            f"(flavor={flavor!r}); rename them"
        )


def lower(circuit: Circuit, *, flavor: Flavor = "standard") -> list[_Call]:
    """The gate calls ``circuit`` becomes in ``flavor`` (measurements excluded).

    Raises:
        UnsupportedGateError: a gate without an exact expression in ``flavor``.
    """
    table = _FLAVORS.get(flavor)
    if table is None:
        raise ValueError(f"flavor={flavor!r} must be one of {ALL_FLAVORS}")
    if flavor in DEVICE_FLAVORS:
        circuit = to_device(circuit, target=flavor).circuit  # type: ignore[arg-type]
    calls: list[_Call] = []
    for op in circuit.gate_ops:
        fn = table.get(op.gate)
        if fn is None:
            raise UnsupportedGateError(
                f"gate={op.gate!r} has no exact expression in flavor={flavor!r} "
                f"(supported: {', '.join(sorted(table))})"
            )
        calls.extend(fn(op))
    return calls


def _measurements(circuit: Circuit, measure: Measure) -> tuple[int, list[tuple[int, int]]]:
    """(number of classical bits, [(qubit, clbit), ...]) for the ``measure`` mode."""
    if measure == "none":
        return 0, []
    if measure == "all":
        return circuit.num_qubits, [(q, q) for q in range(circuit.num_qubits)]
    if measure == "keep":
        pairs = [
            (q, c)
            for op in circuit.ops
            if op.gate == MEASURE
            for q, c in zip(op.qubits, op.clbits, strict=True)
        ]
        return (circuit.num_clbits if pairs else 0), pairs
    raise ValueError(f"measure={measure!r} must be one of ('keep', 'all', 'none')")


def to_program(
    circuit: Circuit, *, flavor: Flavor = "standard", measure: Measure = "keep"
) -> _ast_t.Program:
    """The OpenQASM 3 syntax tree of ``circuit``.

    Args:
        circuit: any circuit of the gate table; unbound symbols become ``input float[64]``.
        flavor: ``"standard"`` (stdgates.inc), ``"braket"`` (Braket native names), or a device
            flavour ``"braket-qpu"`` / ``"ibm"``, see the module docstring.
        measure: ``"keep"`` the circuit's measurements, measure ``"all"`` qubits into
            ``c[0..n-1]`` (replacing them), or ``"none"`` (strip them, for statevectors).

    Raises:
        ValueError: unknown flavour / measure mode, or parameter names that clash with keywords.
        UnsupportedGateError: a gate with no exact expression in ``flavor``.
    """
    oq3 = _require_openqasm3()
    ast = oq3.ast
    if flavor in DEVICE_FLAVORS:
        circuit = to_device(circuit, target=flavor).circuit  # type: ignore[arg-type]
        flavor_table = _FLAVORS[flavor]
        calls = [c for op in circuit.gate_ops for c in flavor_table[op.gate](op)]
    else:
        calls = lower(circuit, flavor=flavor)
    params = circuit.parameters
    _check_parameter_names(params, flavor)
    num_clbits, pairs = _measurements(circuit, measure)

    stmts: list[Any] = []
    if flavor in ("standard", "ibm"):
        stmts.append(ast.Include("stdgates.inc"))
    stmts.extend(
        ast.IODeclaration(
            ast.IOKeyword.input, ast.FloatType(ast.IntegerLiteral(64)), ast.Identifier(p)
        )
        for p in params
    )
    stmts.extend(_preludes(ast, flavor, {op.gate for op in circuit.gate_ops}))
    stmts.append(
        ast.QubitDeclaration(ast.Identifier(QUBIT_REGISTER), ast.IntegerLiteral(circuit.num_qubits))
    )
    if num_clbits:
        stmts.append(
            ast.ClassicalDeclaration(
                ast.BitType(ast.IntegerLiteral(num_clbits)), ast.Identifier(CLBIT_REGISTER), None
            )
        )
    for call in calls:
        modifiers = (
            [ast.QuantumGateModifier(ast.GateModifierName.ctrl, ast.IntegerLiteral(call.ctrl))]
            if call.ctrl
            else []
        )
        stmts.append(
            ast.QuantumGate(
                modifiers=modifiers,
                name=ast.Identifier(call.name),
                arguments=[expression(ast, p) for p in call.params],
                qubits=[_qubit(ast, q) for q in call.qubits],
            )
        )
    if flavor in ("braket", "braket-qpu"):
        touched = {q for call in calls for q in call.qubits} | {q for q, _ in pairs}
        # braket-qpu: RZ(0) = I exactly; `i` is not a supported operation on IonQ devices
        idle = ("rz", [expression(ast, 0.0)]) if flavor == "braket-qpu" else ("i", [])
        stmts.extend(
            ast.QuantumGate(
                modifiers=[],
                name=ast.Identifier(idle[0]),
                arguments=list(idle[1]),
                qubits=[_qubit(ast, q)],
            )
            for q in range(circuit.num_qubits)
            if q not in touched
        )
    stmts.extend(
        ast.QuantumMeasurementStatement(ast.QuantumMeasurement(_qubit(ast, q)), _clbit(ast, c))
        for q, c in pairs
    )
    program: _ast_t.Program = ast.Program(statements=stmts, version="3.0")
    return program


def to_openqasm(circuit: Circuit, *, flavor: Flavor = "standard", measure: Measure = "keep") -> str:
    """OpenQASM 3 source of ``circuit``: :func:`to_program` printed by ``openqasm3.dumps``."""
    oq3 = _require_openqasm3()
    text: str = oq3.dumps(to_program(circuit, flavor=flavor, measure=measure))
    return text


__all__ = [
    "ALL_FLAVORS",
    "BRAKET",
    "BRAKET_QPU",
    "DEVICE_FLAVORS",
    "FLAVORS",
    "IBM",
    "STANDARD",
    "Flavor",
    "Measure",
    "UnsupportedGateError",
    "expression",
    "lower",
    "to_openqasm",
    "to_program",
]
