"""Variant family: a user's PQC in the QASA position (survey §8, ``SUR-QASA-01..04``).

Protocol: an object with ``num_inputs: int``, ``weight_shape: tuple[int, ...]`` and
``__call__(x, w) -> Circuit`` (:class:`reference.circuit.Circuit`), where ``x`` is a list of
``num_inputs`` symbolic inputs and ``w`` an object array of ``weight_shape`` symbolic weights
(:class:`reference.circuit.ParamExpr`; affine arithmetic such as ``x[i] + 0.3`` or ``2 * w[0, 1]``
is allowed). The circuit's ``measure`` ops declare the measured qubits; the PQC's output is
``<Z_q>`` of each. Optionally ``resources: dict`` declares counts to check (``qubits``, ``cx``,
``gates``, ``used``).

Laws: ``SUR-QASA-02`` boundedness ``|<Z>| <= 1``; ``SUR-QASA-03`` input periodicity
``QC(x + 2 pi e_i) = QC(x)``; ``SUR-QASA-04`` the shift rule summed over every occurrence of a
weight equals the central finite difference (a weight inside a gate without a two-term shift rule
is reported); ``SUR-QASA-01`` resource counts (and "used" weights = the gradient's support) equal
the declared ones. The reference builder (:data:`REFERENCE`) is the authors' circuit.

    python -m proofs check my_pqc.py:builder
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from proofs.variants import LawResult, VariantFamily, summarize_cases
from properties.outcome import Outcome, true
from properties.qasa import laws
from reference.circuit import Circuit, Param, ParamExpr
from reference.mechanisms import qasa

POINTS = 4


class ReferenceBuilder:
    """The authors' QASA circuit as a builder (its declared resources are the computed ones)."""

    def __init__(self, config: qasa.QASAConfig | None = None) -> None:
        self.config = config or qasa.QASAConfig()
        self.num_inputs = self.config.num_qubits
        self.weight_shape = self.config.weight_shape
        self.resources = {"qubits": 9, "cx": 27, "gates": 110, "used": 33}

    def __call__(self, x: list[ParamExpr], w: np.ndarray) -> Circuit:
        sub = {qasa.input_symbol(i): x[i] for i in range(self.num_inputs)}
        sub |= {qasa.weight_symbol(r, c): w[r, c] for r, c in qasa.weight_slots(self.config)}
        c = qasa.pqc_circuit(self.config)
        return _substitute(c, sub)


def _substitute(c: Circuit, sub: dict[str, ParamExpr]) -> Circuit:
    from reference.circuit import Op

    def one(p: float | ParamExpr) -> float | ParamExpr:
        if not isinstance(p, ParamExpr):
            return p
        out: float | ParamExpr = p.const
        for name, coeff in p.terms:
            out = out + coeff * sub[name]
        return out

    ops = tuple(Op(op.gate, op.qubits, tuple(one(p) for p in op.params), op.clbits) for op in c.ops)
    return Circuit(c.num_qubits, ops, c.num_clbits, c.name)


REFERENCE = ReferenceBuilder()


def _matches(obj: object) -> bool:
    n = getattr(obj, "num_inputs", None)
    shape = getattr(obj, "weight_shape", None)
    return (
        callable(obj)
        and isinstance(n, int)
        and not isinstance(n, bool)
        and n >= 1
        and isinstance(shape, tuple)
        and all(isinstance(s, int) and s >= 1 for s in shape)
    )


def _symbols(n: int, shape: tuple[int, ...]) -> tuple[list[ParamExpr], np.ndarray]:
    x = [Param(f"in_{i}") for i in range(n)]
    w = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape):
        w[idx] = Param("wt_" + "_".join(map(str, idx)))
    return x, w


def _values(x: np.ndarray, w: np.ndarray) -> dict[str, float]:
    out = {f"in_{i}": float(v) for i, v in enumerate(x)}
    out |= {"wt_" + "_".join(map(str, idx)): float(w[idx]) for idx in np.ndindex(*w.shape)}
    return out


def _weight_of(circuit: Circuit, symbol: str) -> int:
    """``ceil(sum |coefficient|)`` of ``symbol`` over every gate angle (rounding of ``x + 2 pi``
    enters each occurrence scaled by its coefficient)."""
    total = 0.0
    for op in circuit.ops:
        for p in op.params:
            if isinstance(p, ParamExpr):
                total += abs(dict(p.terms).get(symbol, 0.0))
    return max(1, math.ceil(total))


def _fixed(g: np.ndarray) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def grad(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        return g

    return grad


def _run(obj: object) -> list[LawResult]:
    n: int = obj.num_inputs  # type: ignore[attr-defined]
    shape: tuple[int, ...] = obj.weight_shape  # type: ignore[attr-defined]
    build: Callable[[list[ParamExpr], np.ndarray], Circuit] = obj  # type: ignore[assignment]
    xs, ws = _symbols(n, shape)
    circuit = build(xs, ws)
    if not isinstance(circuit, Circuit):
        raise TypeError(f"the builder returned {type(circuit).__name__}, not a Circuit")
    tol_f = laws.expectation_tolerance(circuit)

    def f(x: np.ndarray, w: np.ndarray) -> np.ndarray:
        return qasa.z_expectations(circuit, _values(x, w))

    rng = np.random.default_rng(2504)
    wsyms = ["wt_" + "_".join(map(str, idx)) for idx in np.ndindex(*shape)]
    b02: list[tuple[Outcome, dict[str, Any]]] = []
    b03: list[tuple[Outcome, dict[str, Any]]] = []
    b04: list[tuple[Outcome, dict[str, Any]]] = []
    threshold = np.zeros(len(wsyms))
    support = np.zeros(len(wsyms), dtype=bool)
    for k in range(POINTS):
        x = rng.uniform(-math.pi, math.pi, n)
        w = rng.uniform(0, 2 * math.pi, shape)
        case = {"x": x.tolist(), "w": w.tolist()}
        w_out = rng.normal(size=(3, len(circuit.measured_qubits or range(circuit.num_qubits))))
        b02.append((laws.law_bounded(f, x, w, w_out, tol_f), case))
        for i in range(n):
            r = _weight_of(circuit, f"in_{i}")
            b03.append(
                (laws.law_input_periodicity(f, x, w, i, tol_f, rotations=r), case | {"i": i})
            )
        vals = _values(x, w)
        g = np.zeros((*shape, w_out.shape[1]))
        for s, idx in zip(wsyms, np.ndindex(*shape), strict=True):
            try:
                occ = qasa.occurrences(circuit, s)
                g[idx] = qasa.shift_gradient(circuit, vals, s)
            except ValueError as exc:
                bad = true(f"{s} has a two-term shift rule", False)
                b04.append((bad, case | {"weight": s, "error": str(exc)}))
                continue
            threshold[wsyms.index(s)] = laws.gradient_tolerance(len(occ), tol_f)
            if k == 0:
                law = laws.law_shift_equals_finite_difference(
                    f, _fixed(g), x, w, idx, len(occ), tol_f
                )
                b04.append((law, case | {"weight": s}))
        # used: a gradient entry beyond the shift rule's rounding k delta_f
        support |= (np.abs(g).reshape(len(wsyms), -1) > threshold[:, None]).any(axis=1)
    counts = qasa.resource_counts(circuit) | {"used": int(support.sum())}
    declared = getattr(obj, "resources", None) or {}
    wrong = {k: [counts.get(k), v] for k, v in dict(declared).items() if counts.get(k) != v}
    b01 = [
        (
            true("declared resources = computed", not wrong),
            {"computed": counts, "declared_mismatch": wrong},
        )
    ]
    return [
        summarize_cases("SUR-QASA-01", f"declared resources vs computed {counts}", b01),
        summarize_cases("SUR-QASA-02", "|<Z_q>| <= 1 and ||W QC|| <= ||W||_2 sqrt(#measured)", b02),
        summarize_cases("SUR-QASA-03", "QC(x + 2 pi e_i) = QC(x) for every input", b03),
        summarize_cases(
            "SUR-QASA-04",
            "shift rule over every occurrence = finite difference",
            b04,
        ),
    ]


FAMILY = VariantFamily(
    name="pqc-builder",
    signature=(
        "builder(x (num_inputs,), w weight_shape) -> Circuit; attributes num_inputs, weight_shape"
    ),
    description="builder(x, w) -> Circuit with num_inputs, weight_shape (QASA position, survey §8)",
    matches=_matches,
    run=_run,
)

__all__ = ["FAMILY", "REFERENCE", "ReferenceBuilder"]
