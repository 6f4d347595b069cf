"""One entry point for every hardware quantity: :func:`make_estimator`.

Quantity names (issue 14, the ``plan`` CLI's ``--quantity``): ``swap`` (``P(1)`` of a circuit's own
SWAP test), ``fidelity``, ``concurrence``, ``purity``, ``renyi2``, ``expval``, ``success``.
The gate-model survey scores (QCSAM ``overlap`` and ``postselected-expval``, QMSAN
``trace-overlap``) are registered in :data:`reference.estimators.survey.SURVEY_QUANTITIES` and
join :data:`QUANTITIES` / :data:`METHODS` from there; QASA's 8 ``<Z_j>`` are ``expval``.
:data:`CIRCUIT_SCORES` names the quantities that are a registered circuit's score.
Methods for ``purity`` / ``renyi2``: ``two-copy`` (default, ancilla + controlled-SWAP) and
``bell`` (ancilla-free destructive) and ``shadows`` (random-Pauli classical shadows, one copy;
``seed`` fixes the settings' shot draw).

``von-neumann`` is refused with the reason (not estimable from finitely many copies by these
measurements) and the offered alternative ``renyi2`` (``S_2 <= S_vN``, ``H-EST-07``).

>>> from reference.core import bell
>>> make_estimator(bell(), "purity", subsystem=[0]).programs()[0].shots
2952
"""

from __future__ import annotations

from collections.abc import Sequence

from reference.circuit import Circuit
from reference.estimators.base import EventEstimator
from reference.estimators.expval import expval_estimator
from reference.estimators.grover import success_estimator
from reference.estimators.shadows import ShadowEstimator
from reference.estimators.survey import SURVEY_QUANTITIES, CompositeEstimator, make_survey_estimator
from reference.estimators.swap import concurrence_estimator, swap_estimator
from reference.estimators.two_copy import purity_estimator, renyi2_estimator

QUANTITIES: tuple[str, ...] = (
    "swap",
    "fidelity",
    "concurrence",
    "purity",
    "renyi2",
    "expval",
    "success",
    *SURVEY_QUANTITIES,
)
METHODS: dict[str, tuple[str, ...]] = {
    "swap": ("swap-test",),
    "fidelity": ("swap-test",),
    "concurrence": ("cswap",),
    "purity": ("two-copy", "bell", "shadows"),
    "renyi2": ("two-copy", "bell", "shadows"),
    "expval": ("z-basis",),
    "success": ("z-basis",),
    **{name: q.methods for name, q in SURVEY_QUANTITIES.items()},
}
"""Methods per quantity; the first is the default."""

CIRCUIT_SCORES: dict[str, tuple[str, ...]] = {
    **{c: (name,) for name, q in SURVEY_QUANTITIES.items() for c in q.circuits},
    "qcsam-clcu": ("postselected-expval", "success"),
    "qcsam-clcu-2head": ("postselected-expval", "success"),
    "qasa-pqc": ("expval",),
    "qsann-query": ("expval",),
    "qsann-key": ("expval",),
}
"""Registered circuit -> the quantities that are its mechanism's score (the survey mechanisms'
readouts: QCSAM's overlap and CLCU readout and success probability, QMSAN's ``Tr(rho sigma)``,
QASA's and QSANN's ``<Z_j>``)."""

VON_NEUMANN_REASON = (
    "the von Neumann entropy is not estimable from counts of these measurements (it is not a "
    "polynomial in rho_A, so no finite-copy measurement gives it); estimate renyi2 "
    "(S_2 = -ln Tr rho_A^2 <= S_vN) instead"
)


def make_estimator(
    circuit: Circuit,
    quantity: str,
    *,
    method: str | None = None,
    subsystem: Sequence[int] | None = None,
    marked: Sequence[int] | None = None,
    epsilon: float = 0.05,
    delta: float = 0.05,
    shots: int | None = None,
    seed: int = 0,
) -> EventEstimator | ShadowEstimator | CompositeEstimator:
    """The estimator of ``quantity`` for the (bound) ``circuit``.

    ``subsystem``: qubits of ``circuit`` (required for ``purity`` / ``renyi2``; for ``expval`` the
    measured qubits, default the circuit's own measured qubits or all). ``marked``: basis indices
    for ``success``. ``seed``: the shadows' settings draw (ignored by other methods).
    """
    if quantity in ("von-neumann", "entropy", "vn"):
        raise ValueError(f"quantity={quantity!r}: {VON_NEUMANN_REASON}")
    if quantity not in QUANTITIES:
        raise ValueError(f"quantity={quantity!r} must be one of {QUANTITIES}")
    m = METHODS[quantity][0] if method is None else method
    if m not in METHODS[quantity]:
        raise ValueError(
            f"method={m!r} for quantity={quantity!r} must be one of {METHODS[quantity]}"
        )
    if quantity in SURVEY_QUANTITIES:
        return make_survey_estimator(
            circuit,
            quantity,
            method=m,
            subsystem=subsystem,
            epsilon=epsilon,
            delta=delta,
            shots=shots,
        )
    if m == "shadows":
        if subsystem is None:
            raise ValueError(f"subsystem: quantity={quantity!r} needs the measured subsystem")
        return ShadowEstimator(
            prep=circuit,
            subsystem=tuple(subsystem),
            quantity=quantity,
            epsilon=epsilon,
            delta=delta,
            shots=shots,
            seed=seed,
        )
    kw = {"epsilon": epsilon, "delta": delta, "shots": shots}
    if quantity in ("swap", "fidelity"):
        return swap_estimator(circuit, quantity=quantity, **kw)  # type: ignore[arg-type]
    if quantity == "concurrence":
        return concurrence_estimator(circuit, **kw)  # type: ignore[arg-type]
    if quantity in ("purity", "renyi2"):
        if subsystem is None:
            raise ValueError(f"subsystem: quantity={quantity!r} needs the measured subsystem")
        fn = purity_estimator if quantity == "purity" else renyi2_estimator
        return fn(circuit, subsystem, method=m, **kw)  # type: ignore[arg-type]
    if quantity == "expval":
        qs = subsystem
        if qs is None:
            qs = circuit.measured_qubits or tuple(range(circuit.num_qubits))
        return expval_estimator(circuit, qs, **kw)  # type: ignore[arg-type]
    if marked is None:
        raise ValueError("marked: quantity='success' needs the marked basis indices")
    return success_estimator(circuit, marked, **kw)  # type: ignore[arg-type]


__all__ = ["CIRCUIT_SCORES", "METHODS", "QUANTITIES", "VON_NEUMANN_REASON", "make_estimator"]
