"""Rewrite a bound circuit onto the gates QIR's ``__quantum__qis__*`` set has (pure Python).

QIR's quantum instruction set (as pyqir, qirrunner and ``qdk.simulation.run_qir`` share it) has
``x y z h s s_adj t t_adj rx ry rz cx cz swap ccx mz``. The other gates of the table are rewritten:

========== ================================================================ ===================
gate       rewrite                                                          global phase phi
========== ================================================================ ===================
id         dropped                                                          0 (exact)
sx         ``h; s; h``                                                      0 (exact)
cy         ``sdg t; cx c,t; s t``                                           0 (exact)
crz(a)     ``rz(a/2) t; cx; rz(-a/2) t; cx``                                0 (exact)
cry(a)     ``ry(a/2) t; cx; ry(-a/2) t; cx``                                0 (exact)
crx(a)     ``h t``-conjugated ``crz(a)``                                    0 (exact)
rzz(a)     ``cx a,b; rz(a) b; cx a,b``                                      0 (exact)
cswap      ``cx b,a; ccx c,a,b; cx b,a``                                    0 (exact)
mcx, k<=2  ``cx`` / ``ccx``                                                 0 (exact)
mcz, k<=2  ``cz`` / ``h t; ccx; h t``                                       0 (exact)
p(a)       ``rz(a)``                                                        a/2
cp(a)      phase polynomial: ``rz(a/2)`` on both, ``cx; rz(-a/2); cx``      a/4
mcz, k>=3  phase polynomial over all ``2**n - 1`` parities (n = k + 1)      pi / 2**n
mcx, k>=3  ``h t``-conjugated ``mcz``                                       pi / 2**n
========== ================================================================ ===================

``U_gate = exp(i phi) U_rewrite``. A global phase never changes measured distributions; it is
returned (summed over the circuit) so the exact state a runner dumps can still be compared with
the reference amplitude by amplitude. The phase polynomial uses
``prod_{i in T} x_i = 2**-m sum_{S subset T} (-1)**|S| Z_S`` (``x = (1 - z) / 2``), each
``exp(i b Z_S)`` being a CX ladder onto the last qubit of ``S`` around ``rz(-2 b)``.

>>> from reference.circuit import Circuit
>>> d = decompose_for_qir(Circuit.build(2).add("p", 0, (0.5,)).add("sx", 1).done())
>>> [op.gate for op in d.circuit.ops], d.global_phase
(['rz', 'h', 's', 'h'], 0.25)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from reference.circuit import Circuit, Op

QIR_GATES: frozenset[str] = frozenset(
    {"x", "y", "z", "h", "s", "sdg", "t", "tdg", "rx", "ry", "rz", "cx", "cz", "swap", "ccx"}
)
"""Gate-table names with a direct ``__quantum__qis__`` instruction (``sdg`` is ``s__adj``)."""

PHASE_GATES: frozenset[str] = frozenset({"p", "cp", "mcx", "mcz"})
"""Gates rewritten up to a global phase (``mcx``/``mcz`` only with three or more controls)."""


@dataclass(frozen=True)
class Decomposition:
    """A circuit over :data:`QIR_GATES` (plus the original measurements) and its global phase.

    Attributes:
        circuit: the rewritten circuit.
        global_phase: ``phi`` with ``U_original = exp(i phi) U_rewritten`` (radians).
        phased_gates: names of the original gates that contributed a phase.
    """

    circuit: Circuit
    global_phase: float
    phased_gates: tuple[str, ...]


def _f(p: object) -> float:
    if not isinstance(p, float | int):
        raise TypeError(f"parameter {p!r} is not bound")
    return float(p)


def _phase_polynomial(qubits: Sequence[int], alpha: float) -> tuple[list[Op], float]:
    """``exp(i alpha prod_{q in qubits} x_q)`` as rz / CX ladders, and its global phase."""
    m = len(qubits)
    ops: list[Op] = []
    for size in range(1, m + 1):
        theta = -2.0 * alpha * (-1.0) ** size / 2.0**m
        for subset in combinations(qubits, size):
            *rest, last = subset
            ladder = [Op("cx", (q, last)) for q in rest]
            ops.extend(ladder)
            ops.append(Op("rz", (last,), (theta,)))
            ops.extend(reversed(ladder))
    return ops, alpha / 2.0**m


def _controlled_rotation(axis: str, c: int, t: int, a: float) -> list[Op]:
    rot = "rz" if axis == "x" else f"r{axis}"
    core = [
        Op(rot, (t,), (a / 2,)),
        Op("cx", (c, t)),
        Op(rot, (t,), (-a / 2,)),
        Op("cx", (c, t)),
    ]
    return [Op("h", (t,)), *core, Op("h", (t,))] if axis == "x" else core


def _mcz(qubits: tuple[int, ...]) -> tuple[list[Op], float]:
    k = len(qubits) - 1
    t = qubits[-1]
    if k == 1:
        return [Op("cz", qubits)], 0.0
    if k == 2:
        return [Op("h", (t,)), Op("ccx", qubits), Op("h", (t,))], 0.0
    return _phase_polynomial(qubits, math.pi)


def rewrite_op(op: Op) -> tuple[list[Op], float]:
    """The rewrite of one bound gate and its global phase (see the module table)."""
    g, qs = op.gate, op.qubits
    if g in QIR_GATES:
        return [op], 0.0
    if g == "id":
        return [], 0.0
    if g == "sx":
        return [Op("h", qs), Op("s", qs), Op("h", qs)], 0.0
    if g == "cy":
        c, t = qs
        return [Op("sdg", (t,)), Op("cx", qs), Op("s", (t,))], 0.0
    if g in ("crx", "cry", "crz"):
        return _controlled_rotation(g[-1], qs[0], qs[1], _f(op.params[0])), 0.0
    if g == "rzz":
        return [Op("cx", qs), Op("rz", (qs[1],), op.params), Op("cx", qs)], 0.0
    if g == "cswap":
        c, a, b = qs
        return [Op("cx", (b, a)), Op("ccx", (c, a, b)), Op("cx", (b, a))], 0.0
    if g in ("p", "cp"):
        return _phase_polynomial(qs, _f(op.params[0]))
    if g == "mcz":
        return _mcz(qs)
    if g == "mcx":
        if len(qs) == 2:
            return [Op("cx", qs)], 0.0
        if len(qs) == 3:
            return [Op("ccx", qs)], 0.0
        target = qs[-1:]
        inner, phase = _mcz(qs)
        return [Op("h", target), *inner, Op("h", target)], phase
    raise ValueError(f"gate={g!r} has no QIR rewrite")


def decompose_for_qir(circuit: Circuit) -> Decomposition:
    """Rewrite a **bound** circuit onto :data:`QIR_GATES`; measurements are kept as they are.

    Raises:
        ValueError: the circuit has unbound parameters (named in the message).
    """
    if not circuit.is_bound:
        raise ValueError(
            f"circuit {circuit.name!r} has unbound parameters {list(circuit.parameters)}: "
            "QIR needs numbers; bind them first (Circuit.bind or --param name=value)"
        )
    ops: list[Op] = []
    phase = 0.0
    phased: dict[str, None] = {}
    for op in circuit.ops:
        if op.is_measure:
            ops.append(op)
            continue
        new, phi = rewrite_op(op)
        ops.extend(new)
        if phi != 0.0:
            phase += phi
            phased.setdefault(op.gate, None)
    out = Circuit(circuit.num_qubits, tuple(ops), circuit.num_clbits, circuit.name)
    return Decomposition(out, phase, tuple(phased))


__all__ = [
    "PHASE_GATES",
    "QIR_GATES",
    "Decomposition",
    "decompose_for_qir",
    "rewrite_op",
]
