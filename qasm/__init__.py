"""Emitters of the one circuit IR: OpenQASM 3 (:mod:`qasm.openqasm`) and QIR (:mod:`qasm.qir`).

``import qasm`` needs only numpy; the emitters import ``openqasm3`` / ``pyqir`` (the ``interop``
extra) when called. CLI: ``python -m qasm list`` / ``python -m qasm export NAME --format ...``.
"""

from __future__ import annotations

from qasm.decompose import Decomposition, decompose_for_qir
from qasm.openqasm import UnsupportedGateError, to_openqasm, to_program
from qasm.qir import QirProgram, to_qir, to_qir_bitcode, to_qir_ll

__all__ = [
    "Decomposition",
    "QirProgram",
    "UnsupportedGateError",
    "decompose_for_qir",
    "to_openqasm",
    "to_program",
    "to_qir",
    "to_qir_bitcode",
    "to_qir_ll",
]
