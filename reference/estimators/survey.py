r"""Estimators of the gate-model survey scores: QCSAM overlaps and CLCU readout, QMSAN's trace.

Spec: issue 14 item 1 ("QCSAM / QMSAN / QASA estimators join when the gate-model survey issue
lands"); survey spec ``claims/survey-mechanisms-and-qama.md`` §4 (QCSAM: ``SUR-QCSAM-02``,
``SUR-QCSAM-03``), §5 (QMSAN: ``SUR-QMSAN-03``, ``SUR-QMSAN-05``), §8 (QASA: its 8 ``<Z_j>`` are
the ``expval`` quantity of :mod:`reference.estimators.expval`, simultaneous intervals); claims
``H-EST-03`` .. ``H-EST-06`` (unbiasedness, budgets, intervals, coverage) and ``H-EST-11`` ..
``H-EST-12`` (the destructive ``Tr(rho sigma)`` form, the post-selected budget).

Quantities (one registration each in :data:`SURVEY_QUANTITIES`, read by
:func:`reference.estimators.quantities.make_estimator` and ``python -m qasm plan``):

* ``overlap`` (method ``hadamard-test``): QCSAM's complex overlap ``alpha_ij = <k_j|q_i>`` from a
  Hadamard test (qcsam-hadamard-real or -imag, either one): two programs, the real test
  (``P(anc=0) = (1 + Re alpha)/2``) and the same test with ``sdg`` on the ancilla before its last
  ``h`` (``(1 + Im alpha)/2``); scores ``2 P(0) - 1`` in ``[-1, 1]`` (Lipschitz 2), labels
  ``("Re", "Im")``, simultaneous at ``delta / 2`` each.
* ``trace-overlap``: QMSAN's score ``alpha_sj = Tr(rho_s sigma_j)`` in ``[0, 1]`` (``= 2 P(0) - 1``,
  Lipschitz 2) of a SWAP test on the kept pairs (method ``swap-test``, the circuit as registered),
  or ancilla-free (method ``bell``): the SWAP test's preparation without the ancilla, each kept pair
  ``(a, b)`` measured in the Bell basis (``cx a b; h a``), event "``sum_pairs b_a b_b`` even",
  ``P = (1 + Tr(rho_A sigma_A))/2`` because the SWAP eigenvalue of a pair is ``(-1)^(b_a b_b)``
  (the two-copy identity ``H-EST-02`` with two different states, ``H-EST-11``). QMSAN's
  normalised weights ``alpha / sum alpha`` are a ratio of these and are not given an interval here.
* ``postselected-expval`` (method ``z-basis``): QCSAM's CLCU readout ``<Z_l>`` of the
  post-selected output ``|o_i>``: every qubit is measured, the shots whose selection qubits (every
  qubit outside ``readout``) read 0 are kept, and ``<Z_l | sel> = 1 - 2 k_l / n_sel``. Given
  ``n_sel``, ``k_l`` is binomial with the conditional probability, so the Clopper-Pearson interval
  at ``delta / m`` covers conditionally on every ``n_sel``, hence unconditionally. The budget
  (``H-EST-12``) is the total ``n`` with ``n p - sqrt(n ln(1/delta) / 2) >= m0``, ``m0`` the
  Hoeffding budget of the kept shots and ``p = p_succ`` the planned circuit's exact selection
  probability (Hoeffding's lower tail: ``n_sel >= m0`` with probability ``>= 1 - delta``): the
  ``1/p_succ`` cost the survey says QCSAM hides. On a device whose ``p_succ`` is lower the
  interval stays valid, only wider. The success probability itself is the ``success`` quantity
  (marked: the indices whose selection bits are 0).

>>> from reference.registry import circuits
>>> est = make_survey_estimator(circuits()["qcsam-clcu"].build(), "postselected-expval",
...                             subsystem=[1, 2])
>>> [p.id for p in est.programs()], est.labels
(['postselected-expval-z'], ('Z_1|sel', 'Z_2|sel'))
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from reference import simulate as sim
from reference._types import BoolArray, FloatArray, IntArray
from reference.circuit import MEASURE, Circuit, Op
from reference.estimators.base import (
    Estimate,
    EventEstimator,
    Program,
    all_outcomes,
    check_counts,
    lipschitz_map,
    outcome_probabilities,
)
from reference.estimators.counts import bit_matrix
from reference.estimators.expval import Z_MAP, measured_on
from reference.estimators.intervals import (
    bonferroni,
    check_delta,
    hoeffding_halfwidth,
    hoeffding_shots,
)
from reference.estimators.noisy import noisy_value
from reference.estimators.swap import check_swap_test
from reference.estimators.two_copy import _and_parity_even, check_subsystem

OVERLAP_MAP = lipschitz_map("overlap", lambda p: 2.0 * p - 1.0, -1.0, 1.0, 2.0, linear=True)
"""``Re`` or ``Im alpha = 2 P(anc = 0) - 1``."""

TRACE_OVERLAP_MAP = lipschitz_map(
    "trace-overlap", lambda p: 2.0 * p - 1.0, 0.0, 1.0, 2.0, linear=True
)
"""``Tr(rho sigma) = 2 P(even) - 1`` clipped to ``[0, 1]``."""


def _bit0_zero(bits: IntArray) -> BoolArray:
    return np.asarray(bits[:, 0] == 0)


# ---------------------------------------------------------------------------------------------
# several programs, simultaneous intervals


@dataclass(frozen=True, kw_only=True)
class CompositeEstimator:
    """Scores of several one-program :class:`EventEstimator` parts, simultaneous: each part was
    built at ``delta / len(parts)`` (the union bound), so every interval holds together with
    probability ``>= 1 - delta``. All parts share the shots."""

    quantity: str
    method: str
    parts: tuple[EventEstimator, ...]
    epsilon: float
    delta: float

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(lab for p in self.parts for lab in p.labels)

    @property
    def budget(self) -> int:
        return max(p.budget for p in self.parts)

    def achieved_epsilon(self, shots: int) -> float:
        return max(p.achieved_epsilon(shots) for p in self.parts)

    def programs(self) -> tuple[Program, ...]:
        return tuple(prog for p in self.parts for prog in p.programs())

    def exact(self, state: npt.ArrayLike | None = None) -> FloatArray:
        """Exact scores of every part (``state`` is refused: the parts are different circuits)."""
        if state is not None:
            raise ValueError("state: a composite estimator runs several circuits; use noisy()")
        return np.concatenate([p.exact() for p in self.parts])

    def noisy(self, noise: sim.NoiseModel) -> FloatArray:
        """The scores each part converges to under ``noise`` (:func:`noisy_value`)."""
        return np.concatenate([noisy_value(p, noise) for p in self.parts])

    def estimate(self, counts: Mapping[str, Mapping[str, object]], **kw: Any) -> Estimate:
        table = check_counts(self.programs(), counts, **kw)
        est, lo, hi, shots = [], [], [], []
        for p in self.parts:
            k, n = p.event_counts(table[p.program_id])
            e, a, b = p.interval(k, n)
            est += [float(x) for x in e]
            lo += [float(x) for x in a]
            hi += [float(x) for x in b]
            shots.append(n)
        return Estimate(
            quantity=self.quantity,
            estimate=tuple(est),
            ci_low=tuple(lo),
            ci_high=tuple(hi),
            confidence=1.0 - self.delta,
            shots=min(shots),
            labels=self.labels,
        )


# ---------------------------------------------------------------------------------------------
# QCSAM: the complex overlap from a Hadamard test


def hadamard_test_pair(circuit: Circuit) -> tuple[Circuit, Circuit]:
    """The real and imaginary Hadamard tests of a measured Hadamard-test ``circuit`` (either one):
    its single measured qubit (the ancilla) starts and ends with ``h``; an ``sdg`` right before
    the last ``h`` marks the imaginary test."""
    mq = circuit.measured_qubits
    if len(mq) != 1:
        raise ValueError(
            f"circuit {circuit.name!r} measures {len(mq)} qubits; a Hadamard test measures its "
            "ancilla only"
        )
    anc = mq[0]
    ops = list(circuit.gate_ops)
    on = [i for i, op in enumerate(ops) if anc in op.qubits]
    if len(on) < 3 or ops[on[0]].gate != "h" or ops[on[-1]].gate != "h":
        raise ValueError(
            f"circuit {circuit.name!r} is not a Hadamard test: its measured qubit {anc} must "
            "start and end with h and control the tested unitary"
        )
    last = on[-1]
    imag = ops[on[-2]].gate == "sdg"
    body = [op for i, op in enumerate(ops) if i != last and not (imag and i == on[-2])]
    h = ops[last]
    meas = Op(MEASURE, (anc,), (), (0,))
    real_c = Circuit(circuit.num_qubits, (*body, h, meas), 1, f"{circuit.name}-re")
    imag_c = Circuit(
        circuit.num_qubits, (*body, Op("sdg", (anc,)), h, meas), 1, f"{circuit.name}-im"
    )
    return real_c, imag_c


def overlap_estimator(
    circuit: Circuit,
    *,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> CompositeEstimator:
    """``(Re alpha, Im alpha)`` of the overlap a Hadamard-test ``circuit`` measures."""
    d = bonferroni(check_delta(delta), 2)
    parts = tuple(
        EventEstimator(
            quantity="overlap",
            method="hadamard-test",
            circuit=c,
            events=(_bit0_zero,),
            labels=(lab,),
            score=OVERLAP_MAP,
            epsilon=epsilon,
            delta=d,
            shots=shots,
            program_id=f"overlap-{lab.lower()}",
        )
        for c, lab in zip(hadamard_test_pair(circuit), ("Re", "Im"), strict=True)
    )
    return CompositeEstimator(
        quantity="overlap", method="hadamard-test", parts=parts, epsilon=epsilon, delta=delta
    )


# ---------------------------------------------------------------------------------------------
# QMSAN: Tr(rho sigma) by the SWAP test or its destructive (Bell-basis) form


def destructive_swap_test(circuit: Circuit) -> Circuit:
    """The ancilla-free form of a measured SWAP-test ``circuit``: its preparation without the
    ancilla (qubits above it renumbered down by one), each swapped pair ``(a, b)`` measured in the
    Bell basis (``cx a b; h a``); ``c = [a_1 .. a_m, b_1 .. b_m]``."""
    anc = check_swap_test(circuit)
    ops = list(circuit.gate_ops)
    first = min(i for i, op in enumerate(ops) if op.gate == "cswap" and op.qubits[0] == anc)
    pairs: list[tuple[int, int]] = []
    prep: list[Op] = []
    for i, op in enumerate(ops):
        if anc not in op.qubits:
            if i > first:
                raise ValueError(
                    f"circuit {circuit.name!r}: gate {op.gate} on {list(op.qubits)} acts after the "
                    "controlled-SWAPs; not a SWAP test of prepared states"
                )
            prep.append(op)
        elif op.gate == "cswap" and op.qubits[0] == anc:
            pairs.append((op.qubits[1], op.qubits[2]))
        elif op.gate != "h" or op.qubits != (anc,):
            raise ValueError(
                f"circuit {circuit.name!r}: the ancilla {anc} carries {op.gate}; a SWAP test "
                "applies only h and controlled-SWAPs to it"
            )

    def rn(q: int) -> int:
        return q - 1 if q > anc else q

    out = [Op(op.gate, tuple(rn(q) for q in op.qubits), op.params) for op in prep]
    for a, b in pairs:
        out += [Op("cx", (rn(a), rn(b))), Op("h", (rn(a),))]
    meas = [rn(a) for a, _ in pairs] + [rn(b) for _, b in pairs]
    out.append(Op(MEASURE, tuple(meas), (), tuple(range(len(meas)))))
    return Circuit(circuit.num_qubits - 1, tuple(out), len(meas), f"{circuit.name}-bell")


def trace_overlap_estimator(
    circuit: Circuit,
    *,
    method: str = "swap-test",
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator:
    """``Tr(rho sigma)`` of the states a measured SWAP-test ``circuit`` compares."""
    if method == "swap-test":
        check_swap_test(circuit)
        prog, event = circuit, _bit0_zero
    elif method == "bell":
        prog, event = destructive_swap_test(circuit), _and_parity_even
    else:
        raise ValueError(f"method={method!r} must be 'swap-test' or 'bell'")
    return EventEstimator(
        quantity="trace-overlap",
        method=method,
        circuit=prog,
        events=(event,),
        labels=("trace-overlap",),
        score=TRACE_OVERLAP_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id=f"trace-overlap-{method}",
    )


# ---------------------------------------------------------------------------------------------
# QCSAM: <Z_l> of the post-selected CLCU output


def postselected_shots(m0: int, p: float, delta: float) -> int:
    """Smallest ``n`` with ``n p - sqrt(n ln(1/delta) / 2) >= m0``: then a ``Binomial(n, p)``
    count of kept shots is ``>= m0`` with probability ``>= 1 - delta`` (Hoeffding's lower tail,
    ``H-EST-12``)."""
    if not 0.0 < p <= 1.0:
        raise ValueError(f"p={p} (the selection probability) must be in (0, 1]")
    c = math.sqrt(math.log(1.0 / check_delta(delta)) / 2.0)
    u = (c + math.sqrt(c * c + 4.0 * p * m0)) / (2.0 * p)
    n = max(m0, math.ceil(u * u) - 1)
    while n * p - math.sqrt(n) * c < m0:
        n += 1
    return n


@dataclass(frozen=True, kw_only=True)
class PostselectedEstimator(EventEstimator):
    """``<Z_l>`` of the branch where the ``selection`` qubits read 0 (conditional frequencies).

    ``readout``: column of each score's qubit in the program's classical bits; ``selection``: the
    columns that must read 0. The intervals are conditional on the kept shots (see the module
    docstring); ``shots`` in the estimate is the number of kept shots.
    """

    readout: tuple[int, ...] = ()
    selection: tuple[int, ...] = ()

    def _given(self, bits: IntArray) -> BoolArray:
        return np.asarray(np.all(bits[:, list(self.selection)] == 0, axis=1))

    @cached_property
    def selection_probability(self) -> float:
        probs = outcome_probabilities(self.circuit)
        bits = all_outcomes(len(self.circuit.measured_qubits))
        return float(probs[self._given(bits)].sum())

    @property
    def kept_budget(self) -> int:
        return hoeffding_shots(self.score.p_epsilon(self.epsilon), self.per_interval_delta)

    @property
    def budget(self) -> int:
        p = self.selection_probability
        if p <= 0.0:
            raise ValueError(f"circuit {self.circuit.name!r}: the selection has probability 0")
        return postselected_shots(self.kept_budget, p, self.delta)

    def achieved_epsilon(self, shots: int) -> float:
        c = math.sqrt(math.log(1.0 / self.delta) / 2.0)
        kept = math.floor(shots * self.selection_probability - math.sqrt(shots) * c)
        if kept < 1:
            return math.inf
        return self.score.score_epsilon(hoeffding_halfwidth(kept, self.per_interval_delta))

    def event_probabilities(self, state: npt.ArrayLike | None = None) -> FloatArray:
        """``(m,)`` conditional ``P(bit_l = 1 | selection reads 0)``."""
        probs = outcome_probabilities(self.circuit, state)
        bits = all_outcomes(len(self.circuit.measured_qubits))
        g = self._given(bits)
        pg = float(probs[g].sum())
        if pg <= 0.0:
            raise ValueError("state: the selection has probability 0")
        return np.array([float(probs[g & (bits[:, i] == 1)].sum()) / pg for i in self.readout])

    def event_counts(self, counts: Mapping[str, int]) -> tuple[IntArray, int]:
        bits, w = bit_matrix(counts)
        g = self._given(bits)
        n = int(w[g].sum())
        if n == 0:
            raise ValueError(
                "counts: no shot passed the post-selection (every selection bit 0); run more shots"
            )
        k = np.array([int(w[g & (bits[:, i] == 1)].sum()) for i in self.readout], np.int64)
        return k, n


def postselected_expval_estimator(
    circuit: Circuit,
    readout: Sequence[int],
    *,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> PostselectedEstimator:
    """``<Z_l | every other qubit reads 0>`` for ``l`` in ``readout`` (qubits of ``circuit``)."""
    n = circuit.num_qubits
    rq = check_subsystem(readout, n)
    if len(rq) == n:
        raise ValueError(f"subsystem={list(rq)}: leave at least one qubit to post-select on")
    prog = measured_on(circuit, range(n))
    return PostselectedEstimator(
        quantity="postselected-expval",
        method="z-basis",
        circuit=prog,
        events=tuple(_bit0_zero for _ in rq),  # unused: the counts are conditional
        labels=tuple(f"Z_{q}|sel" for q in rq),
        score=Z_MAP,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        program_id="postselected-expval-z",
        vector=True,
        readout=rq,
        selection=tuple(q for q in range(n) if q not in rq),
    )


# ---------------------------------------------------------------------------------------------
# the registry


@dataclass(frozen=True, kw_only=True)
class SurveyQuantity:
    """One registered quantity: its methods (the first is the default), whether it needs
    ``subsystem``, the registered circuits whose score it is, and the builder."""

    name: str
    methods: tuple[str, ...]
    needs_subsystem: bool
    circuits: tuple[str, ...]
    build: Callable[..., Any]


SURVEY_QUANTITIES: dict[str, SurveyQuantity] = {
    q.name: q
    for q in (
        SurveyQuantity(
            name="overlap",
            methods=("hadamard-test",),
            needs_subsystem=False,
            circuits=("qcsam-hadamard-real", "qcsam-hadamard-imag"),
            build=lambda c, method, subsystem, **kw: overlap_estimator(c, **kw),
        ),
        SurveyQuantity(
            name="trace-overlap",
            methods=("swap-test", "bell"),
            needs_subsystem=False,
            circuits=("qmsan-swap-test",),
            build=lambda c, method, subsystem, **kw: trace_overlap_estimator(
                c, method=method, **kw
            ),
        ),
        SurveyQuantity(
            name="postselected-expval",
            methods=("z-basis",),
            needs_subsystem=True,
            circuits=("qcsam-clcu", "qcsam-clcu-2head"),
            build=lambda c, method, subsystem, **kw: postselected_expval_estimator(
                c, subsystem, **kw
            ),
        ),
    )
}
"""Quantity name -> registration (one entry per survey score)."""


def make_survey_estimator(
    circuit: Circuit,
    quantity: str,
    *,
    method: str | None = None,
    subsystem: Sequence[int] | None = None,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
) -> EventEstimator | CompositeEstimator:
    """The estimator of a registered survey ``quantity`` (see :data:`SURVEY_QUANTITIES`)."""
    if quantity not in SURVEY_QUANTITIES:
        raise ValueError(f"quantity={quantity!r} must be one of {tuple(SURVEY_QUANTITIES)}")
    spec = SURVEY_QUANTITIES[quantity]
    m = spec.methods[0] if method is None else method
    if m not in spec.methods:
        raise ValueError(f"method={m!r} for quantity={quantity!r} must be one of {spec.methods}")
    if spec.needs_subsystem and subsystem is None:
        raise ValueError(f"subsystem: quantity={quantity!r} needs the readout qubits")
    est: EventEstimator | CompositeEstimator = spec.build(
        circuit, m, subsystem, epsilon=epsilon, delta=delta, shots=shots
    )
    return est


__all__ = [
    "OVERLAP_MAP",
    "SURVEY_QUANTITIES",
    "TRACE_OVERLAP_MAP",
    "CompositeEstimator",
    "PostselectedEstimator",
    "SurveyQuantity",
    "destructive_swap_test",
    "hadamard_test_pair",
    "make_survey_estimator",
    "overlap_estimator",
    "postselected_expval_estimator",
    "postselected_shots",
    "trace_overlap_estimator",
]
