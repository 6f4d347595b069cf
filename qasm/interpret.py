"""Read an emitted OpenQASM 3 program back into the circuit IR (so the ledger can simulate it).

The ledger's claims about exported circuits (``SUR-QAMA-C01``: "the emitted OpenQASM 3 cost
layer implements exp(-i gamma H_C)") must cover the *text* a provider receives, not only the IR
it was printed from. :func:`from_openqasm` parses a program with the reference parser
(``openqasm3.parse``, the ``export`` extra) and rebuilds an IR :class:`~reference.circuit.Circuit`
that the project's simulator runs. Any emitter defect that changes the text — a dropped gate, a
wrong angle, a swapped qubit, a wrong ``gate`` definition — changes the rebuilt circuit.

Supported: the standard and IBM flavours and the programs of :mod:`qasm.plan`: ``include
"stdgates.inc"``, one ``qubit[n]`` register, ``bit[n]`` registers, ``input float[64]``
parameters, ``gate`` definitions (inlined, their parameters substituted), stdgates calls of the
gate table's names, ``ctrl(k) @ x`` / ``ctrl(k) @ z`` (multi-controlled X / Z), measurements and
barriers. Angle expressions: literals, ``pi`` / ``π``, input parameters (linear expressions:
``+ - *`` by constants, ``/`` by constants). Anything else is refused with an error naming the
construct — never silently dropped.

Semantics: a stdgates name maps to the IR gate of the same name (the IR's gate table is checked
against the OpenQASM 3 ``stdgates.inc`` conventions on Qiskit, Braket and qdk by the interop
suite); ``gate`` definitions in the program are expanded from their bodies, so a prelude the
emitter writes is interpreted, not trusted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reference.circuit import Circuit, Op, Param, ParamExpr, ParamValue
from reference.gates import GATES


class QasmInterpretError(ValueError):
    """The program uses a construct this interpreter does not support, or is malformed."""


_CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": 2 * math.pi, "τ": 2 * math.pi}


def _ast() -> Any:
    try:
        from openqasm3 import ast
    except ImportError as exc:  # pragma: no cover - the export extra is installed in verify
        raise ImportError("from_openqasm needs openqasm3[parser]: pip install '.[export]'") from exc
    return ast


def _mul(a: ParamValue, b: ParamValue) -> ParamValue:
    if isinstance(a, ParamExpr) and isinstance(b, ParamExpr):
        raise QasmInterpretError("a product of two parameters is not a linear angle")
    if isinstance(a, ParamExpr) and not isinstance(b, ParamExpr):
        return a * float(b)
    if isinstance(b, ParamExpr) and not isinstance(a, ParamExpr):
        return b * float(a)
    assert not isinstance(a, ParamExpr) and not isinstance(b, ParamExpr)
    return float(a) * float(b)


def _div(a: ParamValue, b: ParamValue) -> ParamValue:
    if isinstance(b, ParamExpr):
        raise QasmInterpretError("division by a parameter is not a linear angle")
    if float(b) == 0.0:
        raise QasmInterpretError("division by zero in an angle expression")
    return _mul(a, 1.0 / float(b))


def _add(a: ParamValue, b: ParamValue) -> ParamValue:
    if isinstance(a, ParamExpr):
        return a + b
    if isinstance(b, ParamExpr):
        return b + a
    return float(a) + float(b)


def _neg(a: ParamValue) -> ParamValue:
    return -a if isinstance(a, ParamExpr) else -float(a)


class _Interpreter:
    def __init__(self) -> None:
        self.ast = _ast()
        self.num_qubits: int | None = None
        self.register = ""
        self.params: set[str] = set()
        self.gates: dict[str, Any] = {}
        self.ops: list[Op] = []
        self.bits: dict[str, int] = {}

    # ---- expressions
    def expr(self, node: Any, env: Mapping[str, ParamValue]) -> ParamValue:
        a = self.ast
        if isinstance(node, a.FloatLiteral | a.IntegerLiteral):
            return float(node.value)
        if isinstance(node, a.Identifier):
            if node.name in env:
                return env[node.name]
            if node.name in _CONSTANTS:
                return _CONSTANTS[node.name]
            if node.name in self.params:
                return Param(node.name)
            raise QasmInterpretError(f"unknown identifier {node.name!r} in an angle")
        if isinstance(node, a.UnaryExpression) and node.op.name == "-":
            return _neg(self.expr(node.expression, env))
        if isinstance(node, a.BinaryExpression):
            lhs, rhs = self.expr(node.lhs, env), self.expr(node.rhs, env)
            op = node.op.name
            if op == "+":
                return _add(lhs, rhs)
            if op == "-":
                return _add(lhs, _neg(rhs))
            if op == "*":
                return _mul(lhs, rhs)
            if op == "/":
                return _div(lhs, rhs)
            raise QasmInterpretError(f"operator {op!r} is not supported in an angle")
        raise QasmInterpretError(f"expression {type(node).__name__} is not supported")

    # ---- qubits
    def qubit(self, node: Any, env: Mapping[str, int]) -> int:
        a = self.ast
        if isinstance(node, a.Identifier):
            if node.name in env:
                return env[node.name]
            raise QasmInterpretError(f"qubit {node.name!r} is not an indexed register element")
        if isinstance(node, a.IndexedIdentifier):
            if node.name.name != self.register:
                raise QasmInterpretError(f"unknown qubit register {node.name.name!r}")
            (index,) = node.indices
            (lit,) = index
            if not isinstance(lit, a.IntegerLiteral):
                raise QasmInterpretError("qubit indices must be integer literals")
            i = int(lit.value)
            if self.num_qubits is None or not 0 <= i < self.num_qubits:
                raise QasmInterpretError(f"qubit index {i} out of range")
            return i
        raise QasmInterpretError(f"qubit operand {type(node).__name__} is not supported")

    # ---- statements
    def gate(self, node: Any, penv: Mapping[str, ParamValue], qenv: Mapping[str, int]) -> None:
        a = self.ast
        name = node.name.name
        qubits = tuple(self.qubit(q, qenv) for q in node.qubits)
        args = tuple(self.expr(e, penv) for e in node.arguments)
        if node.modifiers:
            (mod,) = node.modifiers
            if mod.modifier.name != "ctrl":
                raise QasmInterpretError(f"gate modifier {mod.modifier.name!r} is not supported")
            k = 1 if mod.argument is None else int(self.expr(mod.argument, {}))  # type: ignore[arg-type]
            if name not in ("x", "z") or args or len(qubits) != k + 1:
                raise QasmInterpretError(f"ctrl({k}) @ {name} is not supported")
            self.ops.append(Op("mcx" if name == "x" else "mcz", qubits))
            return
        if name in self.gates:
            d = self.gates[name]
            if len(args) != len(d.arguments) or len(qubits) != len(d.qubits):
                raise QasmInterpretError(f"gate {name!r} called with the wrong arity")
            inner_p = {p.name: v for p, v in zip(d.arguments, args, strict=True)}
            inner_q = {q.name: v for q, v in zip(d.qubits, qubits, strict=True)}
            for stmt in d.body:
                if not isinstance(stmt, a.QuantumGate):
                    raise QasmInterpretError(f"gate {name!r}: body statement not supported")
                self.gate(stmt, inner_p, inner_q)
            return
        spec = GATES.get(name)
        if spec is None or name in ("mcx", "mcz"):
            raise QasmInterpretError(f"unknown gate {name!r}")
        self.ops.append(Op(name, qubits, args))

    def run(self, text: str) -> Circuit:
        import openqasm3

        a = self.ast
        try:
            program = openqasm3.parse(text)
        except Exception as exc:
            raise QasmInterpretError(f"openqasm3.parse rejected the program: {exc!r}") from exc
        for stmt in program.statements:
            if isinstance(stmt, a.Include):
                if stmt.filename != "stdgates.inc":
                    raise QasmInterpretError(f"include {stmt.filename!r} is not supported")
            elif isinstance(stmt, a.QubitDeclaration):
                if self.num_qubits is not None:
                    raise QasmInterpretError("more than one qubit register")
                self.register = stmt.qubit.name
                self.num_qubits = 1 if stmt.size is None else int(stmt.size.value)
            elif isinstance(stmt, a.ClassicalDeclaration):
                size = getattr(stmt.type, "size", None)
                self.bits[stmt.identifier.name] = 1 if size is None else int(size.value)
            elif isinstance(stmt, a.IODeclaration):
                if stmt.io_identifier.name != "input":
                    raise QasmInterpretError("only input declarations are supported")
                self.params.add(stmt.identifier.name)
            elif isinstance(stmt, a.QuantumGateDefinition):
                self.gates[stmt.name.name] = stmt
            elif isinstance(stmt, a.QuantumGate):
                self.gate(stmt, {}, {})
            elif isinstance(stmt, a.QuantumMeasurementStatement):
                q = self.qubit(stmt.measure.qubit, {})
                target = stmt.target
                if not isinstance(target, a.IndexedIdentifier):
                    raise QasmInterpretError("measurement targets must be indexed bits")
                (index,) = target.indices
                (lit,) = index
                self.ops.append(Op("measure", (q,), (), (int(lit.value),)))
            elif isinstance(stmt, a.QuantumBarrier):
                continue
            else:
                raise QasmInterpretError(f"statement {type(stmt).__name__} is not supported")
        if self.num_qubits is None:
            raise QasmInterpretError("the program declares no qubit register")
        return Circuit(num_qubits=self.num_qubits, ops=tuple(self.ops))


def from_openqasm(text: str) -> Circuit:
    """The IR circuit of an OpenQASM 3 program (see the module docstring for what is read).

    >>> from reference.circuit import Circuit
    >>> from qasm.openqasm import to_openqasm
    >>> c = Circuit.build(2).h(0).cx(0, 1).rz(1, 0.25).done()
    >>> from_openqasm(to_openqasm(c)).structure() == c.structure()
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _Interpreter().run(text)


def ops_equal(a: Sequence[Op], b: Sequence[Op], *, tol: float) -> bool:
    """Same gates on the same qubits with angles within ``tol`` (bound angles only)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if (x.gate, x.qubits, x.clbits) != (y.gate, y.qubits, y.clbits):
            return False
        for p, q in zip(x.params, y.params, strict=True):
            if isinstance(p, ParamExpr) or isinstance(q, ParamExpr):
                if str(p) != str(q):
                    return False
            elif abs(float(p) - float(q)) > tol:
                return False
    return True


__all__ = ["QasmInterpretError", "from_openqasm", "ops_equal"]
