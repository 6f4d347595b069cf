"""Bound :class:`~reference.circuit.Circuit` -> base-profile QIR (LLVM text and bitcode) via pyqir.

The module is built with pyqir's builder in the QIR base-profile shape that qirrunner and
``qdk.simulation.run_qir`` both execute:

* module flags ``qir_major_version 1``, ``qir_minor_version 0``, no dynamic qubit / result
  management; one entry point ``@main`` with the attributes ``entry_point``,
  ``qir_profiles="base_profile"``, ``output_labeling_schema="labeled"``, ``required_num_qubits``,
  ``required_num_results``;
* ``__quantum__rt__initialize(null)``, then the gates, then ``__quantum__qis__mz__body`` of each
  measured qubit into result ``c[k]`` (its classical bit), then one
  ``__quantum__rt__array_record_output(m, "c")`` and ``__quantum__rt__result_record_output`` per
  result labelled ``c[k]``, in classical-bit order;
* CX is declared as ``__quantum__qis__cx__body`` (pyqir's own ``cnot`` is rejected by qdk).

Gates outside QIR's instruction set are rewritten by :func:`qasm.decompose.decompose_for_qir`
(exact, except ``p``, ``cp`` and ``mcx``/``mcz`` with three or more controls, which are exact up
to a global phase that no measurement can see; the phase is returned in
:attr:`QirProgram.global_phase`). Every module is verified by pyqir (``Module.verify``, then
parsed back from its text and its bitcode) before it is returned.

Needs the ``interop`` extra (``pyqir``), imported lazily.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from qasm.decompose import decompose_for_qir
from reference.circuit import Circuit

QirMeasure = Literal["auto", "keep", "all"]

ENTRY_POINT = "main"
RESULT_LABEL = "c"

_QIS = {
    "x": "x",
    "y": "y",
    "z": "z",
    "h": "h",
    "s": "s",
    "sdg": "s_adj",
    "t": "t",
    "tdg": "t_adj",
    "rx": "rx",
    "ry": "ry",
    "rz": "rz",
    "cz": "cz",
    "swap": "swap",
    "ccx": "ccx",
}
"""Gate-table name -> ``pyqir.qis`` builder function; ``cx`` is declared by hand (see above)."""

CX_SYMBOL = "__quantum__qis__cx__body"


class QirVerificationError(RuntimeError):
    """pyqir rejected the module this emitter built (a bug of the emitter, not of the input)."""


@dataclass(frozen=True)
class QirProgram:
    """An emitted QIR module.

    Attributes:
        ll: LLVM text.
        bitcode: LLVM bitcode of the same module.
        num_qubits: ``required_num_qubits``.
        num_results: ``required_num_results`` (= recorded results, classical-bit order).
        measured_qubits: the qubit measured into each result ``c[0], c[1], ...``.
        global_phase: ``phi`` with ``U_circuit = exp(i phi) U_emitted`` (see
            :mod:`qasm.decompose`); 0 unless ``phased_gates`` is non-empty.
        phased_gates: gates of the circuit emitted up to a global phase.
    """

    ll: str
    bitcode: bytes
    num_qubits: int
    num_results: int
    measured_qubits: tuple[int, ...]
    global_phase: float
    phased_gates: tuple[str, ...]


def _require_pyqir() -> Any:
    try:
        import pyqir
        import pyqir.qis
        import pyqir.rt
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "QIR export needs the 'interop' extra: pip install -e '.[interop]'"
        ) from exc
    return pyqir


def _measured(circuit: Circuit, measure: QirMeasure) -> tuple[int, ...]:
    if measure not in ("auto", "keep", "all"):
        raise ValueError(f"measure={measure!r} must be one of ('auto', 'keep', 'all')")
    kept = circuit.measured_qubits
    if measure == "all" or (measure == "auto" and not kept):
        return tuple(range(circuit.num_qubits))
    return kept


def to_qir(
    circuit: Circuit,
    *,
    measure: QirMeasure = "auto",
    dump_state: bool = False,
    name: str | None = None,
) -> QirProgram:
    """Emit ``circuit`` (all parameters bound) as a verified base-profile QIR module.

    Args:
        circuit: a bound circuit of the gate table.
        measure: ``"keep"`` the circuit's measurements, measure ``"all"`` qubits into
            ``c[0..n-1]``, or ``"auto"`` (keep them, or measure all when there are none).
        dump_state: call ``__quantum__qis__dumpmachine__body`` before the measurements, so
            qirrunner prints the exact state (qdk does not accept this call: tests only).
        name: module name (default: the circuit's name, or ``"circuit"``).

    Raises:
        ValueError: unbound parameters (named), or an unknown ``measure`` mode.
        QirVerificationError: pyqir rejected the built module.
    """
    dec = decompose_for_qir(circuit)
    measured = _measured(circuit, measure)
    pyqir = _require_pyqir()
    ctx = pyqir.Context()
    mod = pyqir.qir_module(ctx, name or circuit.name or "circuit", 1, 0, False, False)
    entry = pyqir.entry_point(
        mod, ENTRY_POINT, circuit.num_qubits, len(measured), "base_profile", "labeled"
    )
    builder = pyqir.Builder(ctx)
    builder.insert_at_end(pyqir.BasicBlock(ctx, "entry", entry))
    void = pyqir.Type.void(ctx)
    i8p = pyqir.PointerType(pyqir.IntType(ctx, 8))
    qubit_t = pyqir.qubit(ctx, 0).type
    cx = pyqir.Function(
        pyqir.FunctionType(void, [qubit_t, qubit_t]), pyqir.Linkage.EXTERNAL, CX_SYMBOL, mod
    )

    pyqir.rt.initialize(builder, pyqir.Constant.null(i8p))
    for op in dec.circuit.gate_ops:
        qubits = [pyqir.qubit(ctx, q) for q in op.qubits]
        if op.gate == "cx":
            builder.call(cx, qubits)
        else:
            angles = [float(p) for p in op.params]  # type: ignore[arg-type]
            getattr(pyqir.qis, _QIS[op.gate])(builder, *angles, *qubits)
    if dump_state:
        dump = pyqir.Function(
            pyqir.FunctionType(void, [i8p]),
            pyqir.Linkage.EXTERNAL,
            "__quantum__qis__dumpmachine__body",
            mod,
        )
        builder.call(dump, [pyqir.Constant.null(i8p)])
    for k, q in enumerate(measured):
        pyqir.qis.mz(builder, pyqir.qubit(ctx, q), pyqir.result(ctx, k))
    if measured:
        pyqir.rt.array_record_output(
            builder,
            pyqir.const(pyqir.IntType(ctx, 64), len(measured)),
            pyqir.global_byte_string(mod, RESULT_LABEL.encode()),
        )
    for k in range(len(measured)):
        pyqir.rt.result_record_output(
            builder,
            pyqir.result(ctx, k),
            pyqir.global_byte_string(mod, f"{RESULT_LABEL}[{k}]".encode()),
        )
    builder.ret(None)

    error = mod.verify()
    if error is not None:
        raise QirVerificationError(f"pyqir rejected the module: {error}")
    ll = str(mod)
    bitcode = bytes(mod.bitcode)
    _verify_round_trip(pyqir, ll, bitcode)
    return QirProgram(
        ll=ll,
        bitcode=bitcode,
        num_qubits=circuit.num_qubits,
        num_results=len(measured),
        measured_qubits=measured,
        global_phase=dec.global_phase,
        phased_gates=dec.phased_gates,
    )


def _verify_round_trip(pyqir: Any, ll: str, bitcode: bytes) -> None:
    """Parse the text and the bitcode back; both must verify and agree, with one entry point."""
    from_ll = pyqir.Module.from_ir(pyqir.Context(), ll)
    from_bc = pyqir.Module.from_bitcode(pyqir.Context(), bitcode)
    for what, m in (("LLVM text", from_ll), ("bitcode", from_bc)):
        err = m.verify()
        if err is not None:
            raise QirVerificationError(f"the {what} does not verify after parsing: {err}")
        entries = [f for f in m.functions if pyqir.is_entry_point(f)]
        if len(entries) != 1:
            raise QirVerificationError(f"the {what} has {len(entries)} entry points, expected 1")
    if str(from_bc) != str(from_ll):
        raise QirVerificationError("the bitcode and the LLVM text describe different modules")


def to_qir_ll(circuit: Circuit, *, measure: QirMeasure = "auto") -> str:
    """LLVM text of :func:`to_qir`."""
    return to_qir(circuit, measure=measure).ll


def to_qir_bitcode(circuit: Circuit, *, measure: QirMeasure = "auto") -> bytes:
    """LLVM bitcode of :func:`to_qir`."""
    return to_qir(circuit, measure=measure).bitcode


__all__ = [
    "ENTRY_POINT",
    "QirMeasure",
    "QirProgram",
    "QirVerificationError",
    "to_qir",
    "to_qir_bitcode",
    "to_qir_ll",
]
