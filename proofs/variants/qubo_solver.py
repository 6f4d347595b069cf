"""Variant family: QUBO solvers (SUR-QAMA-03), e.g. a user's annealer for QAMA.

Protocol (:class:`reference.algorithms.qubo.QUBOSolver`): ``solver(qubo, rng) -> solution`` with
attributes
``x`` (``(n,)`` in ``{0, 1}``) and ``energy``. A solver that sets ``one_flip_optimal = True`` (as
QAMA's ``c_sa`` backend and :class:`reference.algorithms.qubo.SimulatedAnnealing` do by
construction) is
also checked for 1-flip local optimality.

Laws, on random QAMA v2 QUBOs and random dense QUBOs small enough for brute force (``n <= 10``):

* the returned ``x`` is feasible (binary, right length) and its reported energy equals ``E(x)``;
* ``E(x) >= E_min`` (brute force): a solver never reports a state below the true optimum;
* if claimed, ``Delta_i(x) >= 0`` for every ``i`` (SUR-QAMA-03).

>>> from reference.algorithms.qubo import SimulatedAnnealing
>>> [r.holds for r in FAMILY.run(SimulatedAnnealing(sweeps=20, restarts=4))]
[True, True, True]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from proofs.variants import LawResult, VariantFamily
from properties.qama.laws import energy_tolerance
from reference.algorithms.qubo import QUBO, brute_force, flip_tolerance
from reference.mechanisms import qama

CASES = 40


def _instances(rng: np.random.Generator) -> Iterator[QUBO]:
    for i in range(CASES):
        if i % 2 == 0:
            hh = int(rng.integers(2, 4))
            n = int(rng.integers(1, 10 // hh + 1))
            a = rng.normal(size=(hh, n, n))
            j = 0.5 * (a + np.swapaxes(a, -1, -2))
            j[:, np.arange(n), np.arange(n)] = 0.0
            yield qama.qama_qubo(j, rng.normal(size=(hh, n)))
        else:
            n = int(rng.integers(1, 11))
            yield QUBO.from_matrix(rng.normal(size=(n, n)), symmetrize="average")


def matches(obj: object) -> bool:
    """A callable that maps a 2-variable QUBO and a Generator to an object with ``x``/``energy``."""
    if not callable(obj):
        return False
    try:
        sol: Any = obj(QUBO.from_matrix([[1.0, -1.0], [-1.0, 1.0]]), np.random.default_rng(0))
        return hasattr(sol, "x") and hasattr(sol, "energy") and np.shape(sol.x) == (2,)
    except Exception:
        return False


def _law(
    claim: str,
    detail: str,
    slack: Callable[[QUBO, Any], float],
    solver: Callable[[QUBO, np.random.Generator], Any],
) -> LawResult:
    rng = np.random.default_rng(20260403)
    worst = float("inf")
    counter: dict[str, Any] | None = None
    cases = 0
    for model in _instances(rng):
        cases += 1
        try:
            sol = solver(model, rng)
            s = slack(model, sol)
        except Exception as exc:  # a crash is a failed case
            s = -1.0
            counter = {"matrix": model.matrix.tolist(), "error": repr(exc)}
        if s < worst:
            worst = s
            if s < 0 and counter is None:
                counter = {
                    "matrix": model.matrix.tolist(),
                    "x": np.asarray(sol.x).tolist(),
                    "energy": float(sol.energy),
                }
    return LawResult(
        claim_id=claim,
        holds=worst >= 0,
        cases=cases,
        worst_slack=worst,
        detail=detail,
        counterexample=None if worst >= 0 else counter,
    )


def _feasible(model: QUBO, sol: Any) -> float:
    x = np.asarray(sol.x)
    if x.shape != (model.num_variables,) or not np.all((x == 0) | (x == 1)):
        return -1.0
    return energy_tolerance(model) - abs(float(model.energy(x)) - float(sol.energy))


def _not_below_optimum(model: QUBO, sol: Any) -> float:
    return (
        float(model.energy(np.asarray(sol.x))) - brute_force(model).energy + energy_tolerance(model)
    )


def _one_flip(model: QUBO, sol: Any) -> float:
    return float(model.flip_deltas(np.asarray(sol.x)).min()) + flip_tolerance(model)


def run(obj: object) -> Sequence[LawResult]:
    solver: Any = obj
    out = [
        _law("SUR-QAMA-03", "x binary of length n and reported energy = E(x)", _feasible, solver),
        _law("SUR-QAMA-03", "E(x) >= E_min (brute force, n <= 10)", _not_below_optimum, solver),
    ]
    if getattr(obj, "one_flip_optimal", False):
        out.append(_law("SUR-QAMA-03", "1-flip optimal: Delta_i(x) >= 0", _one_flip, solver))
    return out


FAMILY = VariantFamily(
    name="qubo-solver",
    description="QUBO solvers (QAMA's annealer backends): feasibility, energy, optimum bound, "
    "1-flip optimality if claimed (SUR-QAMA-03)",
    matches=matches,
    run=run,
)

__all__ = ["FAMILY", "matches", "run"]
