r"""Grover search with an oracle-query counter (seed 002, §3 Theorem 3.1, §6; claims S002-C26..C29,
S002-C39; default S002-A06).

Search space ``[N] = {0, ..., N-1}`` (0-based here; the paper's ``[n]`` is 1-based), marked set
``f^{-1}(1)`` of size ``M``. With the uniform start ``|s> = N^{-1/2} sum_j |j>``, one Grover
iteration ``G = (2|s><s| - I) O_f`` (``O_f |j> = (-1)^{f(j)} |j>``) is a rotation by ``2 theta``
in the span of the uniform marked and unmarked states, ``theta = arcsin sqrt(M/N)``, so

    P_succ(r) = sin^2((2r + 1) theta)                         (S002-C26)

exactly, for every ``N >= 1`` (not only powers of two). ``r* = floor(pi / (4 theta))`` gives
``P_succ >= 1 - M/N`` and ``r* <= (pi/4) sqrt(N/M)`` (S002-C27).

Query model: one Grover iteration is one oracle query; checking a measured candidate ``j`` is one
classical query of ``f``. Every search function returns the number of queries it used.

* :func:`bbht_search` — Boyer–Brassard–Høyer–Tapp (1998) for an unknown number of marked items.
* :func:`find_all` — find every marked item by repeated search and unmarking, finished by a
  certification search that finds nothing (Theorem 3.1 Part 1; cost ``O(sqrt(N k))`` by
  ``sum_m sqrt(N/m) <= 2 sqrt(N k)``, S002-C28). Failure probability (S002-A06, S002-C39):
  ``failure_model="per-row"`` (default) makes one row fail with probability at most
  ``delta / num_rows`` with ``R = ceil(log2(N * num_rows / delta))`` repetitions of each search
  step (a ``log(n/delta)`` overhead); ``failure_model="deterministic"`` uses ``R = 1``, i.e. the
  cost the theorems charge without the success amplification they silently need.
* :func:`durr_hoyer_max` — Dürr–Høyer maximum finding (used by GroQ-RAG).
* :class:`GroverFindSet` — the find-set adapter of Algorithm 1 (``f_i(j) = 1[x_ij >= tau]``,
  S002-A02 with a ``strict`` option).

Sampling uses the exact measurement distribution: ``backend="subspace"`` draws "marked" with
probability ``sin^2((2j+1) theta)`` and then a uniform item of that class (exact because the state
stays uniform within each class); ``backend="statevector"`` simulates the length-``N`` state
vector. Gate-level circuits for ``N = 2^m`` (:func:`grover_circuit`) use the multi-controlled Z of
the gate table; their simulation equals the analytic formula (up to the global phase ``(-1)^r``).

Notation map: paper ``n`` (search space per row) -> ``num_items`` / ``N``; ``k`` -> number marked
``M``; ``T`` (time per oracle evaluation, ``O(d)`` with QRAM) is left to the caller, who multiplies
the returned query counts.

>>> round(float(success_probability(num_items=4, num_marked=1, iterations=1)), 12)
1.0
>>> optimal_iterations(num_items=1024, num_marked=1)
25
"""

from __future__ import annotations

from reference._mechanism import CircuitExample, Mechanism
from reference.algorithms.findset import FindResult
from reference.mechanisms.grover.circuits import (
    diffusion,
    gate_level_success_probability,
    grover_circuit,
    grover_iteration,
    phase_oracle,
)
from reference.mechanisms.grover.search import (
    BBHT_LAMBDA,
    Backend,
    FailureModel,
    FindAllResult,
    GroverFindSet,
    MaxResult,
    SearchResult,
    bbht_attempt_budget,
    bbht_search,
    durr_hoyer_max,
    find_all,
    grover_state,
    marked_mask,
    optimal_iterations,
    repetitions,
    simulated_success_probability,
    success_probability,
    theta,
)

MECHANISM = Mechanism(
    name="grover",
    module=__name__,
    summary="Grover search with a query counter: BBHT, find-all-k, Dürr-Høyer max (seed 002).",
    circuits=(
        CircuitExample(
            name="grover-iteration",
            build=lambda: grover_iteration(3, [5]),
            description="one Grover iteration (phase oracle for |101>, diffusion) on 3 qubits",
        ),
        CircuitExample(
            name="grover-search-3q",
            build=lambda: grover_circuit(3, [5], 2, measure=True),
            description="Grover search for |101> on 3 qubits, r* = 2 iterations, measured",
        ),
    ),
)

__all__ = [
    "BBHT_LAMBDA",
    "MECHANISM",
    "Backend",
    "FailureModel",
    "FindAllResult",
    "FindResult",
    "GroverFindSet",
    "MaxResult",
    "SearchResult",
    "bbht_attempt_budget",
    "bbht_search",
    "diffusion",
    "durr_hoyer_max",
    "find_all",
    "gate_level_success_probability",
    "grover_circuit",
    "grover_iteration",
    "grover_state",
    "marked_mask",
    "optimal_iterations",
    "phase_oracle",
    "repetitions",
    "simulated_success_probability",
    "success_probability",
    "theta",
]
