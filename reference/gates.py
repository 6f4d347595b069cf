"""The one gate table of the project.

Every gate used anywhere (simulator, emitters, mechanisms) is a row of :data:`GATES`.
Conventions (stated once, tested in ``tests/test_gates.py`` and ledger claim ``H-CORE-01``):

* Qubit order inside a gate: the first listed qubit is the most significant bit of the gate's
  matrix index, consistent with the register convention of :mod:`reference.circuit`.
* Rotations: ``R_P(t) = exp(-i t P / 2)`` for ``P in {X, Y, Z}``; ``rzz(t) = exp(-i t Z(x)Z / 2)``.
* ``p(t) = diag(1, e^{i t})``; ``cp(t) = diag(1, 1, 1, e^{i t})``.
* Controlled gates list their controls first: ``crx(t) = |0><0| (x) I + |1><1| (x) RX(t)``.
* ``mcx`` / ``mcz`` take any number of controls (>= 1) followed by one target; ``ccx`` is ``mcx``
  with two controls. ``cswap`` is a controlled swap of the last two qubits.

Matrices are built vectorised: each parameter is an array of shape ``(B,)`` and the matrix
function returns ``(B, 2**k, 2**k)`` (``B = 1`` for fixed gates, broadcast by the simulator).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from reference._types import ComplexArray, FloatArray

MatrixFn = Callable[[tuple[FloatArray, ...]], ComplexArray]


@dataclass(frozen=True, kw_only=True)
class GateSpec:
    """One row of the gate table.

    Attributes:
        name: lower-case gate name (OpenQASM 3 ``stdgates.inc`` spelling where it exists).
        num_qubits: fixed arity, or ``None`` for the variadic multi-controlled gates.
        num_params: number of real parameters (angles in radians).
        matrix: vectorised matrix function, see the module docstring.
        diagonal: the matrix is diagonal in the computational basis (simulator fast path).
        num_controls: leading qubits that act as controls (``-1``: all but the last one);
            ``base`` is then the gate applied to the remaining qubits when every control is 1.
        base: name of the target gate of a controlled gate.
    """

    name: str
    num_qubits: int | None
    num_params: int
    matrix: MatrixFn
    diagonal: bool = False
    num_controls: int = 0
    base: str | None = None

    def arity_ok(self, n: int) -> bool:
        """Whether ``n`` qubits is a valid arity for this gate."""
        if self.num_qubits is None:
            return n >= 2
        return n == self.num_qubits

    def controls_for(self, n: int) -> int:
        """Number of control qubits when applied to ``n`` qubits."""
        return n - 1 if self.num_controls < 0 else self.num_controls


def _fixed(m: Sequence[Sequence[complex]]) -> MatrixFn:
    arr = np.asarray(m, dtype=np.complex128)[None, :, :]
    arr.setflags(write=False)

    def fn(params: tuple[FloatArray, ...]) -> ComplexArray:
        return arr

    return fn


def _stack(rows: Sequence[Sequence[npt.NDArray[Any] | complex]], batch: int) -> ComplexArray:
    k = len(rows)
    out = np.zeros((batch, k, k), dtype=np.complex128)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            out[:, i, j] = v
    return out


def _rx(p: tuple[FloatArray, ...]) -> ComplexArray:
    t = p[0]
    c, s = np.cos(t / 2), np.sin(t / 2)
    return _stack([[c, -1j * s], [-1j * s, c]], t.shape[0])


def _ry(p: tuple[FloatArray, ...]) -> ComplexArray:
    t = p[0]
    c, s = np.cos(t / 2), np.sin(t / 2)
    return _stack([[c, -s], [s, c]], t.shape[0])


def _rz(p: tuple[FloatArray, ...]) -> ComplexArray:
    t = p[0]
    return _stack([[np.exp(-0.5j * t), 0], [0, np.exp(0.5j * t)]], t.shape[0])


def _p(p: tuple[FloatArray, ...]) -> ComplexArray:
    t = p[0]
    return _stack([[np.ones_like(t), 0], [0, np.exp(1j * t)]], t.shape[0])


def _controlled(base: MatrixFn, controls: int = 1) -> MatrixFn:
    def fn(params: tuple[FloatArray, ...]) -> ComplexArray:
        u = base(params)
        b, k, _ = u.shape
        dim = k << controls
        out = np.zeros((b, dim, dim), dtype=np.complex128)
        idx = np.arange(dim - k)
        out[:, idx, idx] = 1.0
        out[:, dim - k :, dim - k :] = u
        return out

    return fn


def _rzz(p: tuple[FloatArray, ...]) -> ComplexArray:
    t = p[0]
    a, b = np.exp(-0.5j * t), np.exp(0.5j * t)
    out = np.zeros((t.shape[0], 4, 4), dtype=np.complex128)
    for i, v in enumerate((a, b, b, a)):
        out[:, i, i] = v
    return out


_S2 = 1 / np.sqrt(2)
_I = [[1, 0], [0, 1]]
_X = [[0, 1], [1, 0]]
_Y = [[0, -1j], [1j, 0]]
_Z = [[1, 0], [0, -1]]
_H = [[_S2, _S2], [_S2, -_S2]]
_SWAP = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]


def _variadic(params: tuple[FloatArray, ...]) -> ComplexArray:
    """Variadic gates have no fixed matrix: see :func:`matrix` with ``num_qubits``."""
    raise TypeError("variadic gate: use reference.gates.matrix(name, params, num_qubits=...)")


def _spec(name: str, nq: int | None, npar: int, fn: MatrixFn, **kw: object) -> GateSpec:
    return GateSpec(name=name, num_qubits=nq, num_params=npar, matrix=fn, **kw)  # type: ignore[arg-type]


_TABLE: tuple[GateSpec, ...] = (
    _spec("id", 1, 0, _fixed(_I), diagonal=True),
    _spec("x", 1, 0, _fixed(_X)),
    _spec("y", 1, 0, _fixed(_Y)),
    _spec("z", 1, 0, _fixed(_Z), diagonal=True),
    _spec("h", 1, 0, _fixed(_H)),
    _spec("s", 1, 0, _fixed([[1, 0], [0, 1j]]), diagonal=True),
    _spec("sdg", 1, 0, _fixed([[1, 0], [0, -1j]]), diagonal=True),
    _spec("t", 1, 0, _fixed([[1, 0], [0, np.exp(0.25j * np.pi)]]), diagonal=True),
    _spec("tdg", 1, 0, _fixed([[1, 0], [0, np.exp(-0.25j * np.pi)]]), diagonal=True),
    _spec("sx", 1, 0, _fixed([[0.5 + 0.5j, 0.5 - 0.5j], [0.5 - 0.5j, 0.5 + 0.5j]])),
    _spec("rx", 1, 1, _rx),
    _spec("ry", 1, 1, _ry),
    _spec("rz", 1, 1, _rz, diagonal=True),
    _spec("p", 1, 1, _p, diagonal=True),
    _spec("cx", 2, 0, _controlled(_fixed(_X)), num_controls=1, base="x"),
    _spec("cy", 2, 0, _controlled(_fixed(_Y)), num_controls=1, base="y"),
    _spec("cz", 2, 0, _controlled(_fixed(_Z)), diagonal=True, num_controls=1, base="z"),
    _spec("cp", 2, 1, _controlled(_p), diagonal=True, num_controls=1, base="p"),
    _spec("crx", 2, 1, _controlled(_rx), num_controls=1, base="rx"),
    _spec("cry", 2, 1, _controlled(_ry), num_controls=1, base="ry"),
    _spec("crz", 2, 1, _controlled(_rz), diagonal=True, num_controls=1, base="rz"),
    _spec("swap", 2, 0, _fixed(_SWAP)),
    _spec("rzz", 2, 1, _rzz, diagonal=True),
    _spec("ccx", 3, 0, _controlled(_fixed(_X), 2), num_controls=2, base="x"),
    _spec("cswap", 3, 0, _controlled(_fixed(_SWAP), 1), num_controls=1, base="swap"),
    _spec("mcx", None, 0, _variadic, num_controls=-1, base="x"),
    _spec("mcz", None, 0, _variadic, diagonal=True, num_controls=-1, base="z"),
)

GATES: Mapping[str, GateSpec] = MappingProxyType({g.name: g for g in _TABLE})
"""Name -> :class:`GateSpec`. Read-only."""


def get(name: str) -> GateSpec:
    """Look up a gate, raising ``ValueError`` naming the unknown gate and the known ones."""
    try:
        return GATES[name]
    except KeyError:
        known = ", ".join(sorted(GATES))
        raise ValueError(f"gate={name!r} is unknown; known gates: {known}") from None


def matrix(
    name: str,
    params: tuple[float, ...] | tuple[FloatArray, ...] = (),
    *,
    num_qubits: int | None = None,
) -> ComplexArray:
    """Unitary matrix of a gate.

    Args:
        name: gate name from :data:`GATES`.
        params: one value (or one ``(B,)`` array) per parameter.
        num_qubits: arity, required for the variadic ``mcx`` / ``mcz``.

    Returns:
        ``(2**k, 2**k)`` for scalar parameters, ``(B, 2**k, 2**k)`` when any parameter is an array.

    >>> import numpy as np
    >>> bool(np.allclose(matrix("crx", (np.pi,)), [[1,0,0,0],[0,1,0,0],[0,0,0,-1j],[0,0,-1j,0]]))
    True
    """
    spec = get(name)
    if len(params) != spec.num_params:
        raise ValueError(
            f"params={params!r}: gate {name!r} takes {spec.num_params} parameter(s), "
            f"got {len(params)}"
        )
    batched = any(np.ndim(p) > 0 for p in params)
    arrs = tuple(np.atleast_1d(np.asarray(p, dtype=np.float64)) for p in params)
    if spec.num_qubits is None:
        if num_qubits is None or num_qubits < 2:
            raise ValueError(f"num_qubits={num_qubits!r}: gate {name!r} needs at least 2 qubits")
        base = get(spec.base or "x")
        m = _controlled(base.matrix, num_qubits - 1)(arrs)
    else:
        if num_qubits is not None and num_qubits != spec.num_qubits:
            raise ValueError(f"num_qubits={num_qubits}: gate {name!r} acts on {spec.num_qubits}")
        m = spec.matrix(arrs)
    return m if batched else m[0]


def base_matrix(spec: GateSpec, params: tuple[FloatArray, ...]) -> ComplexArray:
    """Matrix of the target part of a controlled gate, ``(B, 2**t, 2**t)``."""
    if spec.base is None:
        raise ValueError(f"gate {spec.name!r} is not a controlled gate")
    return get(spec.base).matrix(params)


__all__ = ["GATES", "GateSpec", "base_matrix", "get", "matrix"]
