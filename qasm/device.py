"""Exact lowering of the gate table onto device-level gate sets (issue 14, item 6).

A device program has only the device's gates: no ``gate`` definitions, no ``ctrl @`` / ``inv @``
modifiers, no ``include`` where the provider flags it. Two targets:

=============== ============================================================ =====================
target          gates (gate-table names; emitted spelling)                    consumer
=============== ============================================================ =====================
``braket-qpu``  ``x y z h s sdg t tdg rx ry rz cx swap`` (Braket: ``si ti     Amazon Braket QPUs
                cnot``; ``rz(0)`` marks a qubit no gate touches)              (the supported
                                                                              operations IonQ,
                                                                              Rigetti and IQM share)
``ibm``         ``rz sx x cx`` (IBM basis gates)                              IBM Quantum, Qiskit
=============== ============================================================ =====================

Sources of the ``braket-qpu`` set: a device's gates are "the device properties for the OpenQASM
action; no gate definitions are needed to use these gates" (Amazon Braket Developer Guide, "What
OpenQASM features does Braket support?", docs.aws.amazon.com/braket/latest/developerguide/
braket-openqasm-supported-features.html). IonQ lists ``x y z rx ry rz h cnot s si t ti v vi swap``
(IonQ API reference v0.3, "Writing quantum programs", docs.ionq.com; Braket adds ``xx yy zz``);
Rigetti's and IQM's Braket lists contain all of the target's gates and also ``i``, IonQ's does not,
so an idle qubit gets ``rz(0)`` (exactly ``I``) rather than ``i``. The live lists can change: check
``AwsDevice(arn).properties.action["braket.ir.openqasm.program"].supportedOperations`` before a
run (no network here, so this is not tested).

Both keep the circuit's measurements. ``U_original = exp(i phi) U_lowered`` with the global
phase ``phi`` returned (:attr:`DeviceCircuit.global_phase`, summed over the gates; an affine
expression of the symbols when the circuit is symbolic). Rewrites (each exact as a matrix
identity; the phase column is ``phi`` of the gate):

============== =========================================================== =================
gate           rewrite (time order)                                        phi
============== =========================================================== =================
id             dropped                                                     0
sx             ``h; s; h`` (braket-qpu), kept (ibm)                        0
cy             ``sdg t; cx c,t; s t``                                      0
cz             ``h t; cx c,t; h t``                                        0
crz(a)         ``rz(a/2) t; cx; rz(-a/2) t; cx`` (``X RZ(-b) X = RZ(b)``)  0
cry(a)         ``ry(a/2) t; cx; ry(-a/2) t; cx``                           0
crx(a)         ``h t``-conjugated ``crz(a)``                               0
rzz(a)         ``cx a,b; rz(a) b; cx a,b``                                 0
ccx            the 6-CNOT, 7-T circuit (Nielsen & Chuang Fig. 4.9)         0
cswap          ``cx b,a; ccx c,a,b; cx b,a``                               0
mcx k=1,2      ``cx`` / ``ccx``                                            0
mcz k=1,2      ``cz`` / ``h t; ccx; h t``                                  0
p(a), cp(a)    phase polynomial (below)                                    a/2, a/4
mcz k>=3       phase polynomial of ``pi x_0...x_k`` (n = k+1 qubits)       pi / 2**n
mcx k>=3       ``h t``-conjugated ``mcz``                                  pi / 2**n
============== =========================================================== =================

The phase polynomial is ``exp(i alpha prod_{q in T} x_q)`` with
``prod x_q = 2**-m sum_{S subset T} (-1)**|S| Z_S``, each ``exp(i b Z_S)`` a CX ladder onto the
last qubit of ``S`` around ``rz(-2 b)``; the empty set gives the phase ``alpha / 2**m``.
IBM target, one-qubit gates (with ``H = exp(i pi/4) RZ(pi/2) SX RZ(pi/2)``):

======= ========================================= ======= ======= =========================== =====
gate    rewrite                                   phi     gate    rewrite                     phi
======= ========================================= ======= ======= =========================== =====
z       ``rz(pi)``                                pi/2    h       ``rz(pi/2); sx; rz(pi/2)``  pi/4
s, sdg  ``rz(+-pi/2)``                            +-pi/4  rx(a)   ``rz(pi/2); sx; rz(a+pi);   pi/2
                                                                  sx; rz(pi/2)``
t, tdg  ``rz(+-pi/4)``                            +-pi/8  ry(a)   ``sx; rz(a+pi); sx; rz(pi)`` pi/2
y       ``rz(pi); x``                             pi      swap    ``cx a,b; cx b,a; cx a,b``  0
======= ========================================= ======= ======= =========================== =====

Adjacent ``rz`` on one qubit are then merged (``RZ(a) RZ(b) = RZ(a+b)``, exact; no angle is
reduced modulo ``2 pi``, which would flip the global phase). Equality with the reference is tested
gate by gate (every row, ``mcx`` / ``mcz`` up to 5 controls) and on every registered circuit in
``tests/test_qasm_device.py``, and on Braket / Qiskit / Aer in ``tests/interop``.

>>> from reference.circuit import Circuit
>>> d = to_device(Circuit.build(1).h(0).done(), target="ibm")
>>> [op.gate for op in d.circuit.ops], round(float(d.global_phase), 6)
(['rz', 'sx', 'rz'], 0.785398)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from reference.circuit import Circuit, Op, ParamExpr, ParamValue

Target = Literal["braket-qpu", "ibm"]
TARGETS: tuple[Target, ...] = ("braket-qpu", "ibm")

BRAKET_QPU_GATES: frozenset[str] = frozenset(
    {"x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "cx", "swap"}
)
"""Gate-table names of the ``braket-qpu`` target (Braket spelling: :data:`BRAKET_QPU_NAMES`)."""

BRAKET_QPU_NAMES: Mapping[str, str] = {
    **{g: g for g in BRAKET_QPU_GATES},
    "sdg": "si",
    "tdg": "ti",
    "cx": "cnot",
}
"""Gate-table name -> Braket OpenQASM 3 name of the ``braket-qpu`` target."""

IBM_GATES: frozenset[str] = frozenset({"rz", "sx", "x", "cx"})
"""The IBM basis (``basis_gates=['rz', 'sx', 'x', 'cx']``), plus measurement."""

TARGET_GATES: Mapping[Target, frozenset[str]] = {
    "braket-qpu": BRAKET_QPU_GATES,
    "ibm": IBM_GATES,
}

_PI = math.pi


@dataclass(frozen=True)
class DeviceCircuit:
    """A circuit over one target's gates (plus the original measurements) and its global phase.

    Attributes:
        circuit: the lowered circuit.
        global_phase: ``phi`` with ``U_original = exp(i phi) U_lowered`` (radians; an affine
            :class:`~reference.circuit.ParamExpr` when symbolic angles contribute).
        target: the target name.
    """

    circuit: Circuit
    global_phase: ParamValue
    target: Target


def _add(a: ParamValue, b: ParamValue) -> ParamValue:
    if isinstance(a, ParamExpr):
        return a + b
    if isinstance(b, ParamExpr):
        return b + a
    return float(a) + float(b)


def _scale(a: ParamValue, f: float) -> ParamValue:
    return a * f if isinstance(a, ParamExpr) else float(a) * f


Rewrite = tuple[list[Op], ParamValue]


def _phase_polynomial(qubits: Sequence[int], alpha: ParamValue) -> Rewrite:
    """``exp(i alpha prod_{q in qubits} x_q)`` as rz / CX ladders, and its global phase."""
    m = len(qubits)
    ops: list[Op] = []
    for size in range(1, m + 1):
        theta = _scale(alpha, -2.0 * (-1.0) ** size / 2.0**m)
        for subset in combinations(qubits, size):
            *rest, last = subset
            ladder = [Op("cx", (q, last)) for q in rest]
            ops.extend(ladder)
            ops.append(Op("rz", (last,), (theta,)))
            ops.extend(reversed(ladder))
    return ops, _scale(alpha, 1.0 / 2.0**m)


def _controlled_rotation(axis: str, c: int, t: int, a: ParamValue) -> list[Op]:
    rot = "rz" if axis == "x" else f"r{axis}"
    core = [
        Op(rot, (t,), (_scale(a, 0.5),)),
        Op("cx", (c, t)),
        Op(rot, (t,), (_scale(a, -0.5),)),
        Op("cx", (c, t)),
    ]
    return [Op("h", (t,)), *core, Op("h", (t,))] if axis == "x" else core


def _ccx(a: int, b: int, c: int) -> list[Op]:
    """Toffoli as 6 CX, 7 T / T-dagger and 2 H: an exact matrix identity (no global phase)."""
    return [
        Op("h", (c,)),
        Op("cx", (b, c)),
        Op("tdg", (c,)),
        Op("cx", (a, c)),
        Op("t", (c,)),
        Op("cx", (b, c)),
        Op("tdg", (c,)),
        Op("cx", (a, c)),
        Op("t", (b,)),
        Op("t", (c,)),
        Op("h", (c,)),
        Op("cx", (a, b)),
        Op("t", (a,)),
        Op("tdg", (b,)),
        Op("cx", (a, b)),
    ]


def _mcz(qubits: tuple[int, ...]) -> Rewrite:
    k = len(qubits) - 1
    t = qubits[-1:]
    if k == 1:
        return [Op("h", t), Op("cx", qubits), Op("h", t)], 0.0
    if k == 2:
        return [Op("h", t), *_ccx(*qubits), Op("h", t)], 0.0
    return _phase_polynomial(qubits, _PI)


def _common(op: Op) -> Rewrite:
    """First stage: any gate of the table onto ``x y z h s sdg t tdg rx ry rz cx swap``."""
    g, qs, ps = op.gate, op.qubits, op.params
    if g in BRAKET_QPU_GATES:
        return [op], 0.0
    if g == "id":
        return [], 0.0
    if g == "sx":
        return [Op("h", qs), Op("s", qs), Op("h", qs)], 0.0
    if g == "cy":
        return [Op("sdg", qs[1:]), Op("cx", qs), Op("s", qs[1:])], 0.0
    if g == "cz":
        return _mcz(qs)
    if g in ("crx", "cry", "crz"):
        return _controlled_rotation(g[-1], qs[0], qs[1], ps[0]), 0.0
    if g == "rzz":
        return [Op("cx", qs), Op("rz", qs[1:], ps), Op("cx", qs)], 0.0
    if g == "ccx":
        return _ccx(*qs), 0.0
    if g == "cswap":
        c, a, b = qs
        return [Op("cx", (b, a)), *_ccx(c, a, b), Op("cx", (b, a))], 0.0
    if g in ("p", "cp"):
        return _phase_polynomial(qs, ps[0])
    if g == "mcz":
        return _mcz(qs)
    if g == "mcx":
        if len(qs) == 2:
            return [Op("cx", qs)], 0.0
        if len(qs) == 3:
            return _ccx(*qs), 0.0
        inner, phase = _mcz(qs)
        return [Op("h", qs[-1:]), *inner, Op("h", qs[-1:])], phase
    raise ValueError(f"gate={g!r} has no device lowering")


def _rz(q: int, a: ParamValue) -> Op:
    return Op("rz", (q,), (a,))


def _ibm_one(op: Op) -> Rewrite:
    """Second stage of the IBM target (see the module table)."""
    g, qs = op.gate, op.qubits
    if g in IBM_GATES:
        return [op], 0.0
    if g == "swap":
        a, b = qs
        return [Op("cx", (a, b)), Op("cx", (b, a)), Op("cx", (a, b))], 0.0
    q = qs[0]
    fixed: dict[str, Rewrite] = {
        "z": ([_rz(q, _PI)], _PI / 2),
        "s": ([_rz(q, _PI / 2)], _PI / 4),
        "sdg": ([_rz(q, -_PI / 2)], -_PI / 4),
        "t": ([_rz(q, _PI / 4)], _PI / 8),
        "tdg": ([_rz(q, -_PI / 4)], -_PI / 8),
        "y": ([_rz(q, _PI), Op("x", qs)], _PI),
        "h": ([_rz(q, _PI / 2), Op("sx", qs), _rz(q, _PI / 2)], _PI / 4),
    }
    if g in fixed:
        return fixed[g]
    angle = op.params[0]
    if g == "rx":
        return [
            _rz(q, _PI / 2),
            Op("sx", qs),
            _rz(q, _add(angle, _PI)),
            Op("sx", qs),
            _rz(q, _PI / 2),
        ], _PI / 2
    if g == "ry":
        return [Op("sx", qs), _rz(q, _add(angle, _PI)), Op("sx", qs), _rz(q, _PI)], _PI / 2
    raise ValueError(f"gate={g!r} has no IBM lowering")  # pragma: no cover - stage 1 output


def _merge_rz(ops: Sequence[Op]) -> list[Op]:
    """Merge runs of ``rz`` on one qubit (nothing else acting on it in between)."""
    out: list[Op] = []
    pending: dict[int, int] = {}  # qubit -> index in out of its last op if that op is an rz
    for op in ops:
        if op.gate == "rz":
            (q,) = op.qubits
            i = pending.get(q)
            if i is not None:
                out[i] = _rz(q, _add(out[i].params[0], op.params[0]))
                continue
            pending[q] = len(out)
            out.append(op)
            continue
        for q in op.qubits:
            pending.pop(q, None)
        out.append(op)
    return out


_STAGES: Mapping[Target, tuple[Callable[[Op], Rewrite], ...]] = {
    "braket-qpu": (_common,),
    "ibm": (lambda op: ([op], 0.0) if op.gate == "sx" else _common(op), _ibm_one),
}


def to_device(circuit: Circuit, *, target: Target) -> DeviceCircuit:
    """Lower ``circuit`` onto ``target``'s gates (see the module docstring); measurements kept.

    Symbolic (affine) parameters stay symbolic: every rewrite is affine in the angles.

    Raises:
        ValueError: unknown ``target``.

    >>> from reference.circuit import Circuit, Param
    >>> d = to_device(Circuit.build(2).add("crz", (0, 1), (Param("a"),)).done(), target="ibm")
    >>> [op.gate for op in d.circuit.ops]
    ['rz', 'cx', 'rz', 'cx']
    """
    stages = _STAGES.get(target)
    if stages is None:
        raise ValueError(f"target={target!r} must be one of {TARGETS}")
    ops: list[Op] = list(circuit.ops)
    phase: ParamValue = 0.0
    for stage in stages:
        nxt: list[Op] = []
        for op in ops:
            if op.is_measure:
                nxt.append(op)
                continue
            new, phi = stage(op)
            nxt.extend(new)
            phase = _add(phase, phi)
        ops = nxt
    if target == "ibm":
        ops = _merge_rz(ops)
    out = Circuit(circuit.num_qubits, tuple(ops), circuit.num_clbits, circuit.name)
    return DeviceCircuit(out, phase, target)


__all__ = [
    "BRAKET_QPU_GATES",
    "BRAKET_QPU_NAMES",
    "IBM_GATES",
    "TARGETS",
    "TARGET_GATES",
    "DeviceCircuit",
    "Target",
    "to_device",
]
