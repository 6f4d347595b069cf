"""Minimal, typed NumPy reference of quantum and quantum-inspired attention mechanisms.

One circuit IR (:mod:`reference.circuit`, :mod:`reference.gates`) feeds the batched simulator
(:mod:`reference.simulate`) and the emitters of :mod:`qasm`. Mechanisms are registered in
:data:`MECHANISMS`. Depends on NumPy and SciPy only.
"""

from reference.circuit import Circuit, Op, Param, ParamExpr
from reference.registry import MECHANISMS, circuits

__all__ = ["MECHANISMS", "Circuit", "Op", "Param", "ParamExpr", "circuits"]
