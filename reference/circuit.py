"""The one circuit IR: frozen :class:`Circuit` of :class:`Op`, read by the simulator and emitters.

Conventions (fixed once for the whole project; tested in ``tests/test_circuit.py`` and the
``H-CORE`` ledger claims):

* **Qubit 0 is the most significant bit** of a statevector index: for ``n`` qubits the basis state
  ``|b_0 b_1 ... b_{n-1}>`` has index ``sum_q b_q 2**(n-1-q)``. (Qiskit and qirrunner use the
  opposite order; the interop tests convert explicitly.)
* ``R_P(t) = exp(-i t P / 2)`` for ``P in {X, Y, Z}``; ``rzz(t) = exp(-i t Z(x)Z / 2)``.
* ``CRX(t) = |0><0| (x) I + |1><1| (x) RX(t)`` with the control listed first.
* Entropies elsewhere in the project are in nats.

Parameters are either bound floats or :class:`ParamExpr` affine expressions of named symbols
(``2.0 * gamma + 0.1``), so the OpenQASM 3 emitter can declare them as ``input float[64]``.
:meth:`Circuit.bind` substitutes numbers for symbols. Measurements are :class:`Op` with gate
``"measure"`` and a classical bit; the simulator treats them as terminal.

>>> c = Circuit.build(2).h(0).cx(0, 1).done()
>>> c.num_qubits, [op.gate for op in c.ops]
(2, ['h', 'cx'])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Self, TypeAlias

import numpy as np

from reference import gates as _gates

MEASURE = "measure"


@dataclass(frozen=True)
class ParamExpr:
    """Affine expression ``const + sum_i coeff_i * symbol_i`` of named real symbols.

    >>> theta = Param("theta")
    >>> e = 2 * theta + 0.5
    >>> e.evaluate({"theta": 1.0})
    2.5
    >>> sorted(e.symbols)
    ['theta']
    """

    terms: tuple[tuple[str, float], ...] = ()
    const: float = 0.0

    def __post_init__(self) -> None:
        if not math.isfinite(self.const):
            raise ValueError(f"const={self.const!r} must be finite")
        merged: dict[str, float] = {}
        for name, coeff in self.terms:
            if not name.isidentifier():
                raise ValueError(f"symbol name={name!r} must be a Python/OpenQASM identifier")
            if not math.isfinite(coeff):
                raise ValueError(f"coefficient of {name}={coeff!r} must be finite")
            merged[name] = merged.get(name, 0.0) + float(coeff)
        object.__setattr__(
            self, "terms", tuple(sorted((k, v) for k, v in merged.items() if v != 0.0))
        )

    @property
    def symbols(self) -> frozenset[str]:
        """Names of the symbols this expression depends on."""
        return frozenset(name for name, _ in self.terms)

    def evaluate(self, values: Mapping[str, float]) -> float:
        """Value of the expression; every symbol must be in ``values``."""
        total = self.const
        for name, coeff in self.terms:
            if name not in values:
                raise ValueError(f"symbol {name!r} is unbound")
            total += coeff * float(values[name])
        return total

    def substitute(self, values: Mapping[str, float]) -> ParamValue:
        """Bind the symbols present in ``values``; a float when none remain."""
        const = self.const
        rest: list[tuple[str, float]] = []
        for name, coeff in self.terms:
            if name in values:
                const += coeff * _finite(name, values[name])
            else:
                rest.append((name, coeff))
        return ParamExpr(tuple(rest), const) if rest else const

    def __add__(self, other: ParamValue) -> ParamExpr:
        if isinstance(other, ParamExpr):
            return ParamExpr(self.terms + other.terms, self.const + other.const)
        return ParamExpr(self.terms, self.const + float(other))

    __radd__ = __add__

    def __neg__(self) -> ParamExpr:
        return self * -1.0

    def __sub__(self, other: ParamValue) -> ParamExpr:
        return self + (-other)

    def __rsub__(self, other: float) -> ParamExpr:
        return (-self) + other

    def __mul__(self, other: float) -> ParamExpr:
        if not isinstance(other, int | float | np.floating | np.integer):
            raise TypeError("parameter expressions are affine: multiply by a real number only")
        f = float(other)
        return ParamExpr(tuple((n, c * f) for n, c in self.terms), self.const * f)

    __rmul__ = __mul__

    def __str__(self) -> str:
        parts = [f"{c!r}*{n}" if c != 1.0 else n for n, c in self.terms]
        if self.const or not parts:
            parts.append(repr(self.const))
        return " + ".join(parts)


ParamValue: TypeAlias = float | ParamExpr


def Param(name: str) -> ParamExpr:
    """A named symbolic parameter (``1.0 * name``)."""
    return ParamExpr(((name, 1.0),))


def _finite(name: str, value: float) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name}={value!r} must be finite")
    return v


@dataclass(frozen=True)
class Op:
    """One operation: a gate from :data:`reference.gates.GATES`, or a measurement.

    Attributes:
        gate: gate name, or ``"measure"``.
        qubits: qubit indices, controls first.
        params: one float or :class:`ParamExpr` per gate parameter.
        clbits: for ``"measure"``, the classical bit written by each measured qubit.
    """

    gate: str
    qubits: tuple[int, ...]
    params: tuple[ParamValue, ...] = ()
    clbits: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "qubits", tuple(int(q) for q in self.qubits))
        object.__setattr__(
            self,
            "params",
            tuple(
                p if isinstance(p, ParamExpr) else _finite(f"{self.gate} parameter", p)
                for p in self.params
            ),
        )
        if len(set(self.qubits)) != len(self.qubits):
            raise ValueError(f"qubits={self.qubits}: repeated qubit in {self.gate!r}")
        if any(q < 0 for q in self.qubits):
            raise ValueError(f"qubits={self.qubits}: negative qubit index in {self.gate!r}")
        if self.gate == MEASURE:
            if self.params:
                raise ValueError("params: measure takes no parameters")
            if len(self.clbits) != len(self.qubits) or not self.qubits:
                raise ValueError(f"clbits={self.clbits}: need one classical bit per measured qubit")
            return
        spec = _gates.get(self.gate)
        if not spec.arity_ok(len(self.qubits)):
            want = "at least 2" if spec.num_qubits is None else str(spec.num_qubits)
            raise ValueError(
                f"qubits={self.qubits}: gate {self.gate!r} acts on {want} qubit(s), "
                f"got {len(self.qubits)}"
            )
        if len(self.params) != spec.num_params:
            raise ValueError(
                f"params={self.params}: gate {self.gate!r} takes {spec.num_params} parameter(s), "
                f"got {len(self.params)}"
            )
        if self.clbits:
            raise ValueError("clbits: only measure ops write classical bits")

    @property
    def is_measure(self) -> bool:
        return self.gate == MEASURE

    @property
    def symbols(self) -> frozenset[str]:
        out: set[str] = set()
        for p in self.params:
            if isinstance(p, ParamExpr):
                out |= p.symbols
        return frozenset(out)


@dataclass(frozen=True)
class Circuit:
    """An immutable quantum circuit on ``num_qubits`` qubits and ``num_clbits`` classical bits.

    Build one with :meth:`build` (a small fluent builder) or directly from a tuple of ops.
    """

    num_qubits: int
    ops: tuple[Op, ...] = ()
    num_clbits: int = 0
    name: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.num_qubits, int) or self.num_qubits < 1:
            raise ValueError(f"num_qubits={self.num_qubits!r} must be an int >= 1")
        object.__setattr__(self, "ops", tuple(self.ops))
        measured = False
        for i, op in enumerate(self.ops):
            if not isinstance(op, Op):
                raise TypeError(f"ops[{i}]={op!r} is not an Op")
            bad = [q for q in op.qubits if q >= self.num_qubits]
            if bad:
                raise ValueError(
                    f"ops[{i}]: qubit {bad[0]} out of range for num_qubits={self.num_qubits}"
                )
            if op.is_measure:
                measured = True
                badc = [c for c in op.clbits if c >= self.num_clbits]
                if badc:
                    raise ValueError(
                        f"ops[{i}]: clbit {badc[0]} out of range for num_clbits={self.num_clbits}"
                    )
            elif measured:
                raise ValueError(
                    f"ops[{i}]: gate {op.gate!r} after a measurement (mid-circuit "
                    "measurement is not supported; measurements are terminal)"
                )

    @staticmethod
    def build(num_qubits: int, *, name: str = "") -> CircuitBuilder:
        """Start a fluent builder."""
        return CircuitBuilder(num_qubits, name=name)

    @property
    def symbols(self) -> frozenset[str]:
        """Unbound parameter names, in no particular order."""
        out: set[str] = set()
        for op in self.ops:
            out |= op.symbols
        return frozenset(out)

    @property
    def parameters(self) -> tuple[str, ...]:
        """Unbound parameter names in order of first appearance."""
        seen: dict[str, None] = {}
        for op in self.ops:
            for p in op.params:
                if isinstance(p, ParamExpr):
                    for n, _ in p.terms:
                        seen.setdefault(n, None)
        return tuple(seen)

    @property
    def is_bound(self) -> bool:
        return not self.symbols

    @property
    def gate_ops(self) -> tuple[Op, ...]:
        """The unitary part (measurements removed)."""
        return tuple(op for op in self.ops if not op.is_measure)

    @property
    def measured_qubits(self) -> tuple[int, ...]:
        """Measured qubits in classical-bit order."""
        pairs = sorted(
            (c, q)
            for op in self.ops
            if op.is_measure
            for q, c in zip(op.qubits, op.clbits, strict=True)
        )
        return tuple(q for _, q in pairs)

    def bind(
        self, values: Mapping[str, float] | None = None, /, *, strict: bool = True, **kwargs: float
    ) -> Circuit:
        """Substitute numbers for symbols.

        Args:
            values: symbol -> value (keyword arguments are merged in).
            strict: reject names that are not parameters of this circuit.
        """
        vals = dict(values or {}) | kwargs
        if strict:
            unknown = sorted(set(vals) - self.symbols)
            if unknown:
                raise ValueError(
                    f"values: {unknown} are not parameters of this circuit "
                    f"(parameters: {sorted(self.symbols)})"
                )
        for k, v in vals.items():
            _finite(k, v)
        new_ops = tuple(
            Op(
                op.gate,
                op.qubits,
                tuple(p.substitute(vals) if isinstance(p, ParamExpr) else p for p in op.params),
                op.clbits,
            )
            for op in self.ops
        )
        return Circuit(self.num_qubits, new_ops, self.num_clbits, self.name)

    def without_measurements(self) -> Circuit:
        return Circuit(self.num_qubits, self.gate_ops, 0, self.name)

    def measure_all(self) -> Circuit:
        """Append a measurement of every qubit into classical bits ``0..n-1``."""
        if any(op.is_measure for op in self.ops):
            raise ValueError("circuit is already measured")
        q = tuple(range(self.num_qubits))
        return Circuit(
            self.num_qubits, (*self.ops, Op(MEASURE, q, (), q)), self.num_qubits, self.name
        )

    def then(self, other: Circuit) -> Circuit:
        """Sequential composition on the same register."""
        if other.num_qubits != self.num_qubits:
            raise ValueError(f"other.num_qubits={other.num_qubits} != {self.num_qubits}")
        return Circuit(
            self.num_qubits, self.ops + other.ops, max(self.num_clbits, other.num_clbits), self.name
        )

    def structure(self) -> tuple[tuple[str, tuple[int, ...]], ...]:
        """Gate names and qubits: two circuits with equal structure can be batched together."""
        return tuple((op.gate, op.qubits) for op in self.ops)

    def count_ops(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for op in self.ops:
            out[op.gate] = out.get(op.gate, 0) + 1
        return out

    def __len__(self) -> int:
        return len(self.ops)


@dataclass
class CircuitBuilder:
    """Mutable helper that produces a frozen :class:`Circuit` with :meth:`done`."""

    num_qubits: int
    name: str = ""
    ops: list[Op] = field(default_factory=list)
    num_clbits: int = 0

    def add(
        self, gate: str, qubits: Sequence[int] | int, params: Iterable[ParamValue] = ()
    ) -> Self:
        qs = (qubits,) if isinstance(qubits, int) else tuple(qubits)
        self.ops.append(Op(gate, qs, tuple(params)))
        return self

    def measure(self, qubits: Sequence[int] | None = None) -> Self:
        qs = tuple(range(self.num_qubits)) if qubits is None else tuple(qubits)
        cl = tuple(range(self.num_clbits, self.num_clbits + len(qs)))
        self.num_clbits += len(qs)
        self.ops.append(Op(MEASURE, qs, (), cl))
        return self

    def done(self) -> Circuit:
        return Circuit(self.num_qubits, tuple(self.ops), self.num_clbits, self.name)

    # One method per common gate, for readability at call sites.
    def h(self, q: int) -> Self:
        return self.add("h", q)

    def x(self, q: int) -> Self:
        return self.add("x", q)

    def z(self, q: int) -> Self:
        return self.add("z", q)

    def rx(self, q: int, t: ParamValue) -> Self:
        return self.add("rx", q, (t,))

    def ry(self, q: int, t: ParamValue) -> Self:
        return self.add("ry", q, (t,))

    def rz(self, q: int, t: ParamValue) -> Self:
        return self.add("rz", q, (t,))

    def cx(self, c: int, t: int) -> Self:
        return self.add("cx", (c, t))

    def crx(self, c: int, t: int, theta: ParamValue) -> Self:
        return self.add("crx", (c, t), (theta,))

    def rzz(self, a: int, b: int, theta: ParamValue) -> Self:
        return self.add("rzz", (a, b), (theta,))

    def cswap(self, c: int, a: int, b: int) -> Self:
        return self.add("cswap", (c, a, b))


__all__ = ["MEASURE", "Circuit", "CircuitBuilder", "Op", "Param", "ParamExpr", "ParamValue"]
