r"""The shape every hardware estimator shares: programs, an event, a monotone score map.

Each estimator of :mod:`reference.estimators` measures one or more circuits (:class:`Program`:
a measured :class:`~reference.circuit.Circuit` and its shots) and reads, from the counts, the
frequency ``k / n`` of an **event** (a set of classical outcomes) whose probability ``p`` is a known
monotone function of the score: ``score = g(p)`` (:class:`ScoreMap`). Then

* the point estimate is ``g(k / n)`` clipped to the score's physical range (a purity in
  ``[2^-n_A, 1]``, never ``<= 0`` before a logarithm);
* the interval at level ``1 - delta`` is ``g`` of the Clopper-Pearson interval of ``p`` (a monotone
  map carries a covering interval to a covering interval), clipped to the same range (the truth is
  in the range, so clipping keeps coverage);
* the shot budget for half-width ``epsilon`` on the score is ``hoeffding_shots(eps_p, delta)``
  where ``eps_p = ScoreMap.p_epsilon(epsilon)`` is the probability half-width that guarantees
  ``epsilon`` on the score (a Lipschitz or Hoelder bound of ``g``, proved in ``H-EST-04``).

Several events at once (``<Z_j>`` for several ``j``) share one program and get simultaneous
intervals by the Bonferroni split ``delta / m``
(:func:`~reference.estimators.intervals.bonferroni`).

The linear scores (``P(1)``, fidelity ``1 - 2p``, purity ``2p - 1``, ``<Z> = 1 - 2p``, success
``p``) have an unbiased *raw* estimator ``g(k / n)`` before clipping (``H-EST-03``); the clipped
estimate trades that for physicality.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from reference import simulate as sim
from reference._types import BoolArray, FloatArray, IntArray
from reference.circuit import Circuit
from reference.estimators.counts import bit_matrix, canonical_counts, total_shots
from reference.estimators.intervals import (
    bonferroni,
    check_delta,
    check_epsilon,
    clopper_pearson,
    hoeffding_halfwidth,
    hoeffding_shots,
)

Event = Callable[[IntArray], BoolArray]
"""``event(bits (K, num_clbits)) -> (K,)`` booleans: which outcomes count."""


@dataclass(frozen=True, kw_only=True)
class ScoreMap:
    """``score = g(p)``, monotone on ``[0, 1]``.

    Attributes:
        name: the score's name (``"purity"``, ``"renyi2"``, ...).
        g: the map, vectorised; it may clip internally (``renyi2`` clips the purity before ``-ln``).
        lo, hi: the physical range the estimate and interval are clipped to.
        p_epsilon: score half-width -> probability half-width that guarantees it.
        score_epsilon: the inverse: probability half-width -> guaranteed score half-width.
        lipschitz: the constant (or ``"holder"``) stated in the docs and proved in ``H-EST-04``.
        linear: ``g`` is affine (its raw estimator is unbiased, ``H-EST-03``).
    """

    name: str
    g: Callable[[FloatArray], FloatArray]
    lo: float
    hi: float
    p_epsilon: Callable[[float], float]
    score_epsilon: Callable[[float], float]
    linear: bool

    def clipped(self, p: npt.ArrayLike) -> FloatArray:
        return np.clip(self.g(np.asarray(p, dtype=np.float64)), self.lo, self.hi)


def lipschitz_map(
    name: str,
    g: Callable[[FloatArray], FloatArray],
    lo: float,
    hi: float,
    const: float,
    *,
    linear: bool,
) -> ScoreMap:
    """A score map with ``|g(p) - g(q)| <= const |p - q|``."""
    return ScoreMap(
        name=name,
        g=g,
        lo=lo,
        hi=hi,
        p_epsilon=lambda e: e / const,
        score_epsilon=lambda e: e * const,
        linear=linear,
    )


@dataclass(frozen=True, kw_only=True)
class Program:
    """One program to run: a measured circuit (bound), its id and shots."""

    id: str
    circuit: Circuit
    shots: int

    @property
    def num_clbits(self) -> int:
        return len(self.circuit.measured_qubits)


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """An estimate with its interval. ``estimate`` etc. are tuples for vector quantities."""

    quantity: str
    estimate: float | tuple[float, ...]
    ci_low: float | tuple[float, ...]
    ci_high: float | tuple[float, ...]
    confidence: float
    shots: int
    labels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "quantity": self.quantity,
            "estimate": _j(self.estimate),
            "ci_low": _j(self.ci_low),
            "ci_high": _j(self.ci_high),
            "confidence": self.confidence,
            "shots": self.shots,
        }
        if self.labels:
            out["labels"] = list(self.labels)
        return out


def _j(x: float | tuple[float, ...]) -> float | list[float]:
    return list(x) if isinstance(x, tuple) else x


def all_outcomes(num_clbits: int) -> IntArray:
    """Every outcome as bits ``(2**nb, nb)``, index order with ``c[0]`` most significant."""
    idx = np.arange(1 << num_clbits, dtype=np.int64)
    shifts = np.arange(num_clbits - 1, -1, -1, dtype=np.int64)
    return np.asarray((idx[:, None] >> shifts[None, :]) & 1, dtype=np.int64)


def outcome_probabilities(circuit: Circuit, state: npt.ArrayLike | None = None) -> FloatArray:
    """Exact distribution of the measured classical bits (index: ``c[0]`` most significant).

    ``state``: a statevector or density matrix of ``circuit`` already computed (optional).
    """
    if state is None:
        state = sim.statevector(circuit)
    s = np.asarray(state)
    probs = sim.probabilities_dm(s) if s.ndim == 2 else sim.probabilities(s)
    mq = circuit.measured_qubits
    if not mq:
        raise ValueError("circuit has no measurement")
    return sim.marginal(probs, mq)


class Estimator(Protocol):
    """What ``plan`` / ``estimate`` need of an estimator (:class:`EventEstimator`,
    :class:`~reference.estimators.shadows.ShadowEstimator`)."""

    @property
    def quantity(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def epsilon(self) -> float: ...
    @property
    def delta(self) -> float: ...
    @property
    def budget(self) -> int: ...
    def achieved_epsilon(self, shots: int) -> float: ...
    def programs(self) -> tuple[Program, ...]: ...
    def exact(self, state: npt.ArrayLike | None = None) -> FloatArray: ...
    def estimate(self, counts: Mapping[str, Mapping[str, object]], **kw: Any) -> Estimate: ...


@dataclass(frozen=True, kw_only=True)
class EventEstimator:
    """Estimator of ``m >= 1`` scores ``g(P(event_i))`` from the counts of one program.

    Attributes:
        quantity, method: names (as in the manifest).
        circuit: the measured program circuit (bound).
        events: one event per score; ``labels`` names them (``"Z_0"``, ...).
        score: the monotone map.
        epsilon, delta: the requested half-width on the score and failure probability.
        shots: explicit shots (``None``: the budget); fewer than the budget needs
            ``epsilon`` left unspecified (see :func:`EventEstimator.achieved_epsilon`).
        program_id: id of the program in the manifest.
        vector: report tuples even for ``m = 1`` (``expval``).
    """

    quantity: str
    method: str
    circuit: Circuit
    events: tuple[Event, ...]
    labels: tuple[str, ...]
    score: ScoreMap
    epsilon: float
    delta: float
    shots: int | None = None
    program_id: str = "p0"
    vector: bool = False
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_epsilon(self.epsilon)
        check_delta(self.delta)
        if not self.circuit.measured_qubits:
            raise ValueError("circuit: the program must measure at least one qubit")
        if not self.circuit.is_bound:
            raise ValueError(
                f"circuit has unbound parameters {list(self.circuit.parameters)}: bind them"
            )
        if len(self.events) != len(self.labels) or not self.events:
            raise ValueError("events and labels must be non-empty and of equal length")

    @property
    def per_interval_delta(self) -> float:
        return bonferroni(self.delta, len(self.events))

    @property
    def budget(self) -> int:
        """Shots guaranteeing half-width ``epsilon`` on every score with probability ``1-delta``."""
        return hoeffding_shots(self.score.p_epsilon(self.epsilon), self.per_interval_delta)

    def achieved_epsilon(self, shots: int) -> float:
        """The score half-width guaranteed at ``shots`` (the budget inverted)."""
        return self.score.score_epsilon(hoeffding_halfwidth(shots, self.per_interval_delta))

    def programs(self) -> tuple[Program, ...]:
        n = self.budget if self.shots is None else self.shots
        return (Program(id=self.program_id, circuit=self.circuit, shots=n),)

    # exact values -------------------------------------------------------------------------

    def event_probabilities(self, state: npt.ArrayLike | None = None) -> FloatArray:
        """``(m,)`` exact ``P(event_i)`` of the program (or of a given final state)."""
        probs = outcome_probabilities(self.circuit, state)
        bits = all_outcomes(len(self.circuit.measured_qubits))
        return np.array([float(probs[ev(bits)].sum()) for ev in self.events])

    def exact(self, state: npt.ArrayLike | None = None) -> FloatArray:
        """``(m,)`` exact scores ``g(P(event_i))`` (noisy when ``state`` is a noisy final state)."""
        return self.score.clipped(self.event_probabilities(state))

    # from counts --------------------------------------------------------------------------

    def event_counts(self, counts: Mapping[str, int]) -> tuple[IntArray, int]:
        bits, w = bit_matrix(counts)
        k = np.array([int(w[ev(bits)].sum()) for ev in self.events], dtype=np.int64)
        return k, total_shots(counts)

    def interval(self, k: npt.ArrayLike, n: npt.ArrayLike) -> tuple[FloatArray, ...]:
        """Vectorised ``(estimate, lo, hi)`` from event counts ``k`` out of ``n`` shots."""
        ka = np.asarray(k, dtype=np.int64)
        na = np.broadcast_to(np.asarray(n, dtype=np.int64), ka.shape)
        pl, ph = clopper_pearson(ka, na, self.per_interval_delta)
        est = self.score.clipped(ka / na)
        a, b = self.score.clipped(pl), self.score.clipped(ph)
        return est, np.minimum(a, b), np.maximum(a, b)

    def estimate(self, counts: Mapping[str, Mapping[str, object]], **kw: Any) -> Estimate:
        """The estimate from ``{program_id: {bitstring: count}}`` (see :func:`check_counts`)."""
        table = check_counts(self.programs(), counts, **kw)
        k, n = self.event_counts(table[self.program_id])
        est, lo, hi = self.interval(k, n)
        if self.vector or len(self.events) > 1:
            return Estimate(
                quantity=self.quantity,
                estimate=tuple(float(x) for x in est),
                ci_low=tuple(float(x) for x in lo),
                ci_high=tuple(float(x) for x in hi),
                confidence=1.0 - self.delta,
                shots=n,
                labels=self.labels,
            )
        return Estimate(
            quantity=self.quantity,
            estimate=float(est[0]),
            ci_low=float(lo[0]),
            ci_high=float(hi[0]),
            confidence=1.0 - self.delta,
            shots=n,
        )


def check_counts(
    programs: tuple[Program, ...],
    counts: Mapping[str, Mapping[str, object]],
    *,
    counts_format: str = "canonical",
    require_shots: bool = True,
) -> dict[str, dict[str, int]]:
    """Validate ``counts`` against ``programs``: every program present, keys of the right width,
    at least the planned shots each (``require_shots``); returns canonical counts per id."""
    if not isinstance(counts, Mapping):
        raise TypeError("counts must map program id -> {bitstring: count}")
    missing = [p.id for p in programs if p.id not in counts]
    if missing:
        raise ValueError(f"counts: missing program(s) {missing} (have {sorted(counts)})")
    extra = sorted(set(counts) - {p.id for p in programs})
    if extra:
        raise ValueError(
            f"counts: unknown program id(s) {extra}; the plan has {[p.id for p in programs]}"
        )
    out: dict[str, dict[str, int]] = {}
    for p in programs:
        c = canonical_counts(
            counts[p.id],
            num_clbits=p.num_clbits,
            counts_format=counts_format,  # type: ignore[arg-type]
            where=f"counts[{p.id!r}]",
        )
        n = total_shots(c)
        if require_shots and n < p.shots:
            raise ValueError(
                f"counts[{p.id!r}] holds {n} shots; the plan needs shots={p.shots} for its "
                "epsilon and delta (too few shots: run more, or plan with --shots)"
            )
        out[p.id] = c
    return out


__all__ = [
    "Estimate",
    "Estimator",
    "Event",
    "EventEstimator",
    "Program",
    "ScoreMap",
    "all_outcomes",
    "check_counts",
    "lipschitz_map",
    "outcome_probabilities",
]
