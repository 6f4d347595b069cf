"""Variant family: QUBO solvers (SUR-QAMA-03), e.g. a user's annealer for QAMA.

Protocol (:class:`reference.algorithms.qubo.QUBOSolver`): ``solver(qubo, rng) -> solution`` with
attributes ``x`` (``(n,)`` in ``{0, 1}``) and ``energy``. A solver that sets
``one_flip_optimal = True`` (as QAMA's ``c_sa`` backend and
:class:`reference.algorithms.annealing.SimulatedAnnealing` do by construction) is also checked for
1-flip local optimality.

The law is :func:`properties.qama.laws.law_solver_post_conditions`, the function the ledger's
SUR-QAMA-03 evidence calls on the reference solvers, on random QAMA v2 QUBOs and random dense
QUBOs small enough for brute force (``n <= 10``):

* the returned ``x`` is feasible (binary, right length) and its reported energy is finite and
  equals ``E(x)`` (a solver reporting ``energy = nan`` fails with that value);
* ``E(x) >= E_min`` (brute force): a solver never reports a state below the true optimum;
* if claimed, ``Delta_i(x) >= 0`` for every ``i`` (SUR-QAMA-03).

>>> from reference.algorithms.annealing import SimulatedAnnealing
>>> [r.holds for r in FAMILY.run(SimulatedAnnealing(sweeps=20, restarts=4))]
[True, True, True]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from proofs.evidence.qama.symbolic import random_jh
from proofs.variants import LawResult, VariantFamily
from properties.outcome import Outcome
from properties.qama.laws import law_solver_post_conditions
from reference.algorithms.qubo import QUBO, QUBOSolver
from reference.mechanisms import qama

CASES = 40

GROUPS = {
    "reported": ("x binary of length n", "reported energy finite", "reported energy = E(x)"),
    "optimum": ("E(x) >= E_min",),
    "one_flip": ("1-flip optimal: min_i Delta_i(x) >= 0",),
}
"""Which named checks of :func:`law_solver_post_conditions` each reported post-condition is."""

CHECKS = (
    ("reported", "x binary of length n and reported energy finite and = E(x)"),
    ("optimum", "E(x) >= E_min (brute force, n <= 10)"),
    ("one_flip", "1-flip optimal: Delta_i(x) >= 0"),
)


def _instances(rng: np.random.Generator) -> Iterator[QUBO]:
    for i in range(CASES):
        if i % 2 == 0:
            hh = int(rng.integers(2, 4))
            n = int(rng.integers(1, 10 // hh + 1))
            yield qama.qama_qubo(*random_jh(rng, hh, n))
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


def _group_slack(outcome: Outcome, group: str) -> float:
    """The smallest slack of the group's checks; ``-1`` when none ran (an earlier check, such
    as a non-binary ``x``, stopped the law) or the reported energy check is missing."""
    wanted = GROUPS[group]
    got = [c for c in outcome.checks if c.name in wanted]
    if not got or (group == "reported" and len(got) < len(wanted)):
        return -1.0
    return min(c.slack for c in got)


def run(obj: object) -> Sequence[LawResult]:
    """Each instance calls the solver once; every post-condition's worst slack over the cases is
    its :class:`LawResult`. A solver that raises is reported as crashed (with the exception and
    the QUBO it raised on), never as a pass."""
    solver: QUBOSolver = obj  # type: ignore[assignment]
    one_flip = bool(getattr(obj, "one_flip_optimal", False))
    names = [c for c in CHECKS if one_flip or c[0] != "one_flip"]
    worst = {name: float("inf") for name, _ in names}
    counter: dict[str, dict[str, Any] | None] = {name: None for name, _ in names}
    crashed: str | None = None
    crash_case: dict[str, Any] | None = None
    rng = np.random.default_rng(20260403)
    cases = 0
    for model in _instances(rng):
        cases += 1
        case: dict[str, Any] = {"matrix": model.matrix.tolist()}
        try:
            chk = law_solver_post_conditions(solver, model, rng, one_flip_optimal=one_flip)
            slacks = {name: _group_slack(chk.outcome, name) for name, _ in names}
            case.update(chk.case)
        except Exception as exc:  # the variant raised: reported as crashed, never as a pass
            if crashed is None:
                crashed, crash_case = repr(exc), {**case, "error": repr(exc)}
            continue
        for name, _ in names:
            s = slacks[name]
            if s is not None and s < worst[name]:
                worst[name] = s
                counter[name] = case if s < 0 else None
    return [
        LawResult(
            claim_id="SUR-QAMA-03",
            holds=worst[name] >= 0 and crashed is None,
            cases=cases,
            worst_slack=worst[name],
            detail=detail,
            counterexample=crash_case if crashed is not None else counter[name],
            crashed=crashed,
        )
        for name, detail in names
    ]


FAMILY = VariantFamily(
    name="qubo-solver",
    description="QUBO solvers (QAMA's annealer backends): feasibility, finite reported energy, "
    "optimum bound, 1-flip optimality if claimed (SUR-QAMA-03)",
    matches=matches,
    run=run,
    signature="solver(qubo, rng) -> result with .x (n,) in {0, 1} and .energy",
)

__all__ = ["CHECKS", "FAMILY", "matches", "run"]
