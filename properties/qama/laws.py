"""Laws of QUBO models, QAMA and QAOA (claims ``SUR-QAMA-*``).

Every law takes the implementation under test as its first argument (the QUBO builder, the
conversions, the solver, the cost layer, ...), so the reference (bound in
:mod:`properties.qama.test_laws` and :mod:`proofs.evidence.qama`) and a user's variant
(:mod:`proofs.variants.qubo_solver`) are checked by the same function. A law whose
precondition does not hold on the given inputs (for example "the minimiser is unique with a gap
larger than the perturbation") returns ``None``; callers skip such cases.

Round-off model: an energy ``x^T Q x + c`` with ``x`` binary is a sum of at most ``n^2 + 1``
exactly representable products; its float64 error is at most ``(n^2 + 1) eps (sum|Q| + |c|)``
(recursive summation bound). :func:`properties.tolerances.energy_tolerance` doubles this for the
two sides of an equality. A non-finite value computed from the implementation's output is a
failure (a check with a non-finite deviation never holds).

Each law returns a :class:`properties.outcome.Outcome`: named checks, numeric ones with their
deviation and derived tolerance, yes/no ones as booleans (issue 10 C); the ledger reports them
per sub-law (utilisation, "k of k true"). The ledger (:mod:`proofs.evidence.qama`) and the
Hypothesis tests (:mod:`properties.qama.test_laws`) call the same functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from properties.outcome import Outcome, at_least, at_most, combine, true, within
from properties.tolerances import EPS, energy_tolerance
from reference import simulate as _sim
from reference._types import FloatArray, IntArray
from reference.algorithms.qubo import (
    QUBO,
    Ising,
    QUBOSolver,
    all_energies,
    basis_bits,
    brute_force,
    flip_tolerance,
)
from reference.circuit import Circuit
from reference.mechanisms.qama import QAMAParams, QAMAv1Params, closed_form_energy, v1_objective


class QUBOBuilder(Protocol):
    """``build(J, h, *, params) -> QUBO``: the QAMA v2 QUBO (``qama.qama_qubo``)."""

    def __call__(self, J: FloatArray, h: FloatArray, /, *, params: QAMAParams) -> QUBO: ...


class V1Builder(Protocol):
    """``build(J, h, *, params) -> QUBO``: the v1 bit-level QUBO (``qama.v1_qubo``)."""

    def __call__(self, J: FloatArray, h: FloatArray, /, *, params: QAMAv1Params) -> QUBO: ...


class IsingClosedForm(Protocol):
    """``closed_form(J, h, *, params) -> (h_I, J_I, offset)`` (``qama.ising_closed_form``)."""

    def __call__(
        self, J: FloatArray, h: FloatArray, /, *, params: QAMAParams
    ) -> tuple[FloatArray, FloatArray, float]: ...


FlipDeltas = Callable[[QUBO, IntArray], FloatArray]
"""``deltas(qubo, x (..., n)) -> (..., n)`` single-flip energy changes (``QUBO.flip_deltas``)."""
BitsToWeights = Callable[[IntArray, int], FloatArray]
"""``to_weights(bits (..., q), q) -> (...)`` (``qama.bits_to_weights``)."""
CostLayer = Callable[[QUBO, float], Circuit]
"""``cost_layer(qubo, gamma) -> Circuit`` (``qaoa.cost_layer_circuit``)."""


@dataclass(frozen=True, kw_only=True)
class IsingForms:
    """The conversions checked by :func:`law_ising_equivalence` (SUR-QAMA-02)."""

    to_ising: Callable[[QUBO], Ising]
    pauli_terms: Callable[[QUBO], Mapping[str, float]]
    pauli_diagonal: Callable[[QUBO], FloatArray]


def margin(name: str, tolerance: float, deviation: float) -> Outcome:
    """The numeric check ``deviation <= tolerance`` named ``name`` (a NaN never holds)."""
    return within(name, float(deviation), float(tolerance))


def _overlap(x: FloatArray) -> FloatArray:
    """``G(x) = sum_j c_j (c_j - 1)``, ``c_j = sum_h x_hj``, for ``x: (..., H, N)`` (exact)."""
    c = x.sum(axis=-2)
    out: FloatArray = (c * (c - 1.0)).sum(axis=-1)
    return out


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-01, -02, -03: forms and identities


def law_qama_matrix_closed_form(
    build: QUBOBuilder, J: FloatArray, h: FloatArray, params: QAMAParams
) -> Outcome:
    """SUR-QAMA-01: ``Q = Q^T``; ``x^T Q x`` equals the three-term closed form for every ``x``."""
    model = build(J, h, params=params)
    hh, n, _ = J.shape
    sym = true("Q = Q^T", np.array_equal(model.matrix, model.matrix.T))
    if not sym.holds:
        return sym
    x = basis_bits(hh * n)
    dev = np.abs(model.energy(x) - closed_form_energy(x.reshape(-1, hh, n), J, h, params=params))
    return combine(sym, margin("x^T Q x = closed form", energy_tolerance(model), float(dev.max())))


def law_ising_equivalence(forms: IsingForms, qubo: QUBO) -> Outcome:
    """SUR-QAMA-02: QUBO energy = Ising energy at ``s = 2x - 1`` = ``<x|H_C|x>`` with ``s = -Z``,
    for every ``x``. ``H_C`` is assembled independently from Kronecker products of ``Z``."""
    n = qubo.num_variables
    x = basis_bits(n)
    e = all_energies(qubo)
    dev_is = np.abs(forms.to_ising(qubo).energy(2 * x - 1) - e).max()
    z = np.array([1.0, -1.0])
    diag = np.zeros(1 << n)
    for label, coeff in forms.pauli_terms(qubo).items():
        term = np.ones(1)
        for ch in label:
            term = np.kron(term, z if ch == "Z" else np.ones(2))
        diag = diag + coeff * term
    dev_pauli = max(np.abs(diag - e).max(), np.abs(forms.pauli_diagonal(qubo) - e).max())
    tol = energy_tolerance(qubo) * 2.0  # two conversions, each within energy_tolerance
    return combine(
        margin("Ising energy at s = 2x - 1 = x^T Q x", tol, float(dev_is)),
        margin("Pauli-Z diagonal = x^T Q x", tol, float(dev_pauli)),
    )


def law_qama_ising_closed_form(
    closed_form: IsingClosedForm,
    build: QUBOBuilder,
    to_ising: Callable[[QUBO], Ising],
    J: FloatArray,
    h: FloatArray,
    params: QAMAParams,
) -> Outcome:
    """SUR-QAMA-02 (QAMA specialisation): the survey's closed-form ``h, J, offset`` equal the
    general conversion of the QAMA QUBO."""
    model = build(J, h, params=params)
    ising = to_ising(model)
    hi, ji, off = closed_form(J, h, params=params)
    dev = max(
        float(np.abs(hi - ising.h).max()),
        float(np.abs(ji - ising.J).max()),
        abs(off - ising.offset),
    )
    return margin("closed-form h, J, offset = general conversion", energy_tolerance(model), dev)


def law_flip_identity(deltas: FlipDeltas, qubo: QUBO) -> Outcome:
    """SUR-QAMA-03: ``Delta_i(x) = (1-2x_i)(Q_ii + 2 sum_{j!=i} Q_ij x_j)`` equals
    ``E(x xor e_i) - E(x)`` for every ``x`` and ``i``."""
    n = qubo.num_variables
    x = basis_bits(n)
    e = all_energies(qubo)
    d = deltas(qubo, x)
    idx = np.arange(1 << n)
    worst = 0.0
    for i in range(n):
        flipped = idx ^ (1 << (n - 1 - i))
        worst = max(worst, float(np.abs(e[flipped] - e - d[:, i]).max()))
    tol = energy_tolerance(qubo) + flip_tolerance(qubo)
    return margin("Delta_i(x) = E(x xor e_i) - E(x)", tol, worst)


@dataclass(frozen=True, kw_only=True)
class SolverCheck:
    """The SUR-QAMA-03 post-conditions of one solver call.

    Attributes:
        outcome: the named checks: ``x binary of length n``, ``reported energy finite``,
            ``reported energy = E(x)`` (within :func:`~properties.tolerances.energy_tolerance`),
            ``E(x) >= E_min`` (brute force), and, when the solver claims it, ``1-flip optimal``
            (``min_i Delta_i(x) >= 0`` within :func:`~reference.algorithms.qubo.flip_tolerance`).
        case: the solver's answer (``x``, ``energy``) and the first ``error`` found, for the
            counterexample.
    """

    outcome: Outcome
    case: dict[str, Any]

    @property
    def holds(self) -> bool:
        return self.outcome.holds

    @property
    def worst(self) -> float:
        """The smallest slack of the checks (the number the variant report shows)."""
        return self.outcome.slack


def law_solver_post_conditions(
    solver: QUBOSolver, qubo: QUBO, rng: np.random.Generator, *, one_flip_optimal: bool = True
) -> SolverCheck:
    """SUR-QAMA-03: call ``solver(qubo, rng)`` once and check its answer. Every reported value
    must be finite: a solver reporting ``energy = nan`` fails with that value (a NaN slack would
    compare false with everything and pass unnoticed)."""
    sol = solver(qubo, rng)
    n = qubo.num_variables
    raw_x, raw_e = getattr(sol, "x", None), getattr(sol, "energy", None)
    case: dict[str, Any] = {"x": np.asarray(raw_x).tolist(), "energy": repr(raw_e)}
    x = np.asarray(raw_x)
    binary = true("x binary of length n", x.shape == (n,) and bool(np.all((x == 0) | (x == 1))))
    if not binary.holds:
        case["error"] = f"x={case['x']!r} is not a binary vector of length n={n}"
        return SolverCheck(outcome=binary, case=case)
    e = float(qubo.energy(x))
    tol = energy_tolerance(qubo)
    checks = [binary, at_least("E(x) >= E_min", e, brute_force(qubo).energy, tol)]
    if one_flip_optimal:
        lowest = float(qubo.flip_deltas(x).min())
        flip_tol = flip_tolerance(qubo)
        checks.append(at_least("1-flip optimal: min_i Delta_i(x) >= 0", lowest, 0.0, flip_tol))
    try:
        energy = float(raw_e)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        energy = math.nan
    finite = true("reported energy finite", math.isfinite(energy))
    checks.append(finite)
    if not finite.holds:
        case["error"] = f"energy={raw_e!r} is not a finite number"
    else:
        checks.append(margin("reported energy = E(x)", tol, abs(e - energy)))
    out = combine(*checks)
    if not out.holds:
        case.setdefault("error", "; ".join(map(str, out.failing)))
    return SolverCheck(outcome=out, case=case)


def law_solver_sound(
    solver: QUBOSolver, qubo: QUBO, rng: np.random.Generator, *, one_flip_optimal: bool = True
) -> Outcome:
    """SUR-QAMA-03 post-conditions of a solver: the checks of
    :func:`law_solver_post_conditions` (``x`` binary, reported energy finite and equal to
    ``E(x)``, ``E(x) >= E_min``, and if claimed ``Delta_i(x) >= 0`` up to
    :func:`~reference.algorithms.qubo.flip_tolerance`)."""
    return law_solver_post_conditions(solver, qubo, rng, one_flip_optimal=one_flip_optimal).outcome


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-04: penalty semantics and comparative statics


def law_penalty_semantics(build: QUBOBuilder, x: FloatArray, p: float) -> Outcome:
    """SUR-QAMA-04: for ``x: (H, N)`` the cross-head QUBO part ``x^T Q_pen x`` (the QUBO built
    with ``J = 0``, ``h = 0`` and penalty ``p``) equals ``p sum_j c_j (c_j - 1)``; it is ``>= 0``
    and ``= 0`` iff no token is shared."""
    hh, n = x.shape
    model = build(np.zeros((hh, n, n)), np.zeros((hh, n)), params=QAMAParams(penalty=p))
    pen = float(model.energy(x.reshape(-1)))
    c = x.sum(axis=0)
    g = float(_overlap(x))  # exact: small integers
    shared = bool(np.any(c > 1))
    # x^T Q_pen x sums (HN)^2 terms of size <= p (each exact: x binary): recursive summation
    # error <= (HN)^2 eps p; doubled for the two sides of the identity, and again for p * G
    tol = 4.0 * (hh * n) ** 2 * EPS * p
    return combine(
        at_least("x^T Q_pen x >= 0", pen, 0.0, tol),
        # zero iff no shared token, on the exact integer count G (pen = p G checked next)
        true("G(x) = 0 iff no token is shared", g >= 0 and (g == 0) != shared),
        margin("x^T Q_pen x = p G(x)", tol, abs(pen - p * g)),
    )


def law_penalty_statics(
    build: QUBOBuilder, J: FloatArray, h: FloatArray, p1: float, p2: float
) -> Outcome | None:
    """SUR-QAMA-04: ``p1 < p2`` implies ``G(x*_{p2}) <= G(x*_{p1})`` (exact solver).

    Exchange argument: ``(p2 - p1)(G2 - G1) <= 2 delta`` with ``delta`` the round-off of the
    computed minima; ``G`` takes even integer values, so ``G2 <= G1`` once ``p2 - p1 > delta``.
    """
    lo, hi = min(p1, p2), max(p1, p2)
    m1 = build(J, h, params=QAMAParams(penalty=lo))
    m2 = build(J, h, params=QAMAParams(penalty=hi))
    delta = energy_tolerance(m2)
    if hi - lo <= delta:
        return None
    hh, n, _ = J.shape
    g1 = float(_overlap(brute_force(m1).x.reshape(hh, n).astype(np.float64)))
    g2 = float(_overlap(brute_force(m2).x.reshape(hh, n).astype(np.float64)))
    return true("G(x*_p2) <= G(x*_p1)", g2 <= g1)  # exact: G is an integer count


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-05: Danskin / envelope


def optimal_energy(build: QUBOBuilder, J: FloatArray, h: FloatArray, params: QAMAParams) -> float:
    """``E*(J, h) = min_x E(x)`` of the built QUBO, by brute force."""
    return brute_force(build(J, h, params=params)).energy


def law_danskin(
    build: QUBOBuilder,
    J: FloatArray,
    h: FloatArray,
    dJ: FloatArray,
    dh: FloatArray,
    params: QAMAParams,
    *,
    step: float = 1e-3,
) -> Outcome | None:
    """SUR-QAMA-05: at a unique minimiser the central difference of ``E*`` along ``(dJ, dh)``
    equals ``<grad, d>`` with ``grad_h E* = -c_l N x*`` and ``grad_{J^h} E* = -c_q x_h x_h^T``
    (off-diagonal). Precondition: gap ``> 2 step L`` with ``L = c_q sum|dJ| + c_l N sum|dh|``
    (so the minimiser does not change within the step and ``E*`` is linear there); then the
    difference is exact up to round-off ``2 tol / (2 step)``."""
    hh, n, _ = J.shape
    model = build(J, h, params=params)
    ex = brute_force(model)
    lip = params.c_q * float(np.abs(dJ).sum()) + params.c_l * n * float(np.abs(dh).sum())
    if ex.degeneracy != 1 or ex.gap <= 2.0 * step * lip + 4.0 * ex.tolerance:
        return None
    x = ex.x.reshape(hh, n).astype(np.float64)
    plus = optimal_energy(build, J + step * dJ, h + step * dh, params)
    minus = optimal_energy(build, J - step * dJ, h - step * dh, params)
    fd = (plus - minus) / (2.0 * step)
    pred = -params.c_l * n * float((x * dh).sum()) - params.c_q * float(
        np.einsum("hj,hjk,hk->", x, dJ, x)
    )
    # each of E*(+), E*(-) within energy_tolerance of the model at (1 + step) scale; the
    # difference divided by 2 step: 2 tol (1 + step) / (2 step), doubled for pred's own rounding
    tol = 2.0 * energy_tolerance(model) * (1.0 + step) / step
    return margin("central difference of E* = <grad, d>", tol, abs(fd - pred))


def law_concave(
    build: QUBOBuilder,
    J1: FloatArray,
    h1: FloatArray,
    J2: FloatArray,
    h2: FloatArray,
    params: QAMAParams,
) -> Outcome:
    """SUR-QAMA-05: ``E*`` (a minimum of functions linear in ``(J, h)``) is concave:
    ``E*((a+b)/2) >= (E*(a) + E*(b))/2``."""
    mid = optimal_energy(build, 0.5 * (J1 + J2), 0.5 * (h1 + h2), params)
    avg = 0.5 * (optimal_energy(build, J1, h1, params) + optimal_energy(build, J2, h2, params))
    # three computed minima, each within energy_tolerance (the instances have the same scale)
    tol = 4.0 * energy_tolerance(build(J1, h1, params=params))
    return at_most("(E*(a) + E*(b)) / 2 <= E*((a + b) / 2)", avg, mid, tol)


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-06: counts and equivariance


def _permuted_minimiser(
    build: QUBOBuilder,
    J: FloatArray,
    h: FloatArray,
    params: QAMAParams,
    permute: Callable[[Any], Any],
) -> Outcome | None:
    """Whether the unique minimiser of the permuted instance is the permuted minimiser (a
    boolean check), ``None`` when the minimiser is not unique. ``permute`` acts on ``J``, ``h``
    and the ``(H, N)`` selection alike."""
    hh, n, _ = J.shape
    ex = brute_force(build(J, h, params=params))
    if ex.degeneracy != 1:
        return None
    xp = brute_force(build(permute(J), permute(h), params=params)).x.reshape(hh, n)
    return true("minimiser permutes", np.array_equal(xp, permute(ex.x.reshape(hh, n))))


def law_token_permutation(
    build: QUBOBuilder, J: FloatArray, h: FloatArray, perm: IntArray, params: QAMAParams
) -> Outcome | None:
    """SUR-QAMA-06: at a unique minimiser, ``J -> P J P^T``, ``h -> P h`` permutes ``x*``."""

    def permute(a: Any) -> Any:
        return a[:, perm][:, :, perm] if a.ndim == 3 else a[:, perm]

    return _permuted_minimiser(build, J, h, params, permute)


def law_head_permutation(
    build: QUBOBuilder, J: FloatArray, h: FloatArray, perm: IntArray, params: QAMAParams
) -> Outcome | None:
    """SUR-QAMA-06: at a unique minimiser, permuting heads permutes the rows of ``x*``."""
    return _permuted_minimiser(build, J, h, params, lambda a: a[perm])


def law_v1_bijection(to_weights: BitsToWeights, q_bits: int) -> Outcome:
    """SUR-QAMA-06 (v1): bits -> ``w`` is a bijection of ``{0,1}^q`` onto ``{k/(2^q-1)}``."""
    w = to_weights(basis_bits(q_bits), q_bits)
    target = np.arange(1 << q_bits) / ((1 << q_bits) - 1)
    finite = true("w finite", bool(np.all(np.isfinite(w))))
    if not finite.holds:
        return finite
    k = np.rint(w * ((1 << q_bits) - 1)).astype(np.int64)
    # w = sum_b 2^b x_b / (2^q - 1): q exact additions then one division, <= (q + 1) eps relative
    # on a value <= 1, doubled for the target's own division: 4 q eps covers it for q >= 1
    dev = float(np.abs(np.sort(w) - target).max())
    return combine(
        finite,
        true("bits -> k one-to-one", len(set(k.tolist())) == 1 << q_bits),
        margin("sorted w = k / (2^q - 1)", 4.0 * q_bits * EPS, dev),
    )


def law_v1_bit_objective(
    build: V1Builder, J: FloatArray, h: FloatArray, params: QAMAv1Params
) -> Outcome:
    """SUR-QAMA-06 (v1): the bit-level QUBO reproduces the ``w``-level objective for every bit
    assignment."""
    model = build(J, h, params=params)
    hh, n, _ = J.shape
    x = basis_bits(model.num_variables)
    dev = np.abs(
        model.energy(x) - v1_objective(x.reshape(-1, hh, n, params.q_bits), J, h, params=params)
    )
    tol = energy_tolerance(model)
    return margin("bit-level x^T Q x = w-level objective", tol, float(dev.max()))


# ---------------------------------------------------------------------------------------------
# SUR-QAMA-C01: QAOA cost layer


def law_cost_layer_phase(cost_layer: CostLayer, qubo: QUBO, gamma: float) -> Outcome:
    """SUR-QAMA-C01: the cost-layer unitary is diagonal and equals ``exp(-i gamma E(x))`` up to a
    global phase. Tolerance: ``4 (m+1) 4 eps`` per amplitude for ``m`` gates of <= 2 qubits, plus
    ``|gamma|`` times the energy round-off."""
    circ = cost_layer(qubo, gamma)
    u = _sim.unitary(circ)
    d = np.diagonal(u)
    off = float(np.abs(u - np.diag(d)).max())
    ratio = d * np.exp(1j * gamma * all_energies(qubo))
    dev = float(np.abs(ratio - ratio[0]).max())
    tol = 16.0 * (len(circ.ops) + 1) * EPS + 2.0 * abs(gamma) * energy_tolerance(qubo)
    return combine(
        margin("cost-layer unitary diagonal", tol, off),
        margin("diagonal = exp(-i gamma E(x)) up to a global phase", tol, dev),
    )


__all__ = [
    "BitsToWeights",
    "CostLayer",
    "FlipDeltas",
    "IsingClosedForm",
    "IsingForms",
    "QUBOBuilder",
    "SolverCheck",
    "V1Builder",
    "law_concave",
    "law_cost_layer_phase",
    "law_danskin",
    "law_flip_identity",
    "law_head_permutation",
    "law_ising_equivalence",
    "law_penalty_semantics",
    "law_penalty_statics",
    "law_qama_ising_closed_form",
    "law_qama_matrix_closed_form",
    "law_solver_post_conditions",
    "law_solver_sound",
    "law_token_permutation",
    "law_v1_bijection",
    "law_v1_bit_objective",
    "margin",
    "optimal_energy",
]
