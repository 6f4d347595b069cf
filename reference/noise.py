"""The App. F noise model of seed 001 (spec §7, default ``S001-A21``), for
:func:`reference.simulate.density_matrix`.

RECONSTRUCTED mapping of the paper's TensorCircuit noise (``tensorcircuit/channels.py``):

* after every one-qubit gate: ``depolarizingchannel(px=p1, py=p1, pz=p1)``, Kraus operators
  ``sqrt(1-3p) I, sqrt(p) X, sqrt(p) Y, sqrt(p) Z`` (total error ``3 p``, claim ``S001-P23``);
* after every two-qubit gate (the CRX of the PQC; also RZZ of IQP): the same channel with ``p2`` on
  **each** of its qubits (``two_qubit="local"``, default), or ``generaldepolarizingchannel(p2, 2)``
  (``two_qubit="general"``): probability ``p2`` on each of the 15 non-identity two-qubit Paulis
  (total error ``15 p2``);
* thermal relaxation (``thermalrelaxationchannel(t1, t2, time)``, excited-state population 0) on
  every qubit a gate acts on, for the gate's duration. Gate times are **NOT AVAILABLE**
  (``S001-A12``): they are required arguments whenever ``t1``/``t2`` are given.

Gates on three or more qubits have no channel in the paper's model and are rejected. Idle qubits
receive no noise (per-gate noise, as TensorCircuit's circuit-level channels).

The IBM Kyiv median calibration of 19 Nov 2024 (App. F) is :data:`IBM_KYIV_2024_11_19`;
``T2 = 117.71 us <= 2 T1 = 554.08 us`` (claim ``S001-P24``); :func:`reference.simulate.
thermal_relaxation` rejects unphysical pairs.

>>> model = noise_model(p1=1e-3, p2=1e-2)
>>> from reference.circuit import Circuit
>>> rho = sim.density_matrix(Circuit.build(2).h(0).crx(0, 1, 0.3).done(), noise=model)
>>> bool(abs(np.trace(rho) - 1) < 1e-12)
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from reference import _validate as val
from reference import gates as _gates
from reference import simulate as sim
from reference._types import ComplexArray
from reference.circuit import Op

TwoQubitModel = Literal["local", "general"]
_TWO_QUBIT = ("local", "general")


@dataclass(frozen=True, kw_only=True)
class Calibration:
    """Device calibration numbers (times in seconds, probabilities per gate).

    Attributes:
        t1, t2: relaxation and dephasing times (s).
        p1: one-qubit depolarising probability per Pauli (``p_1x = p_1y = p_1z``).
        p2: two-qubit depolarising probability (per Pauli, see the module docstring).
        source: provenance.
    """

    t1: float
    t2: float
    p1: float
    p2: float
    source: str = ""

    def __post_init__(self) -> None:
        for name in ("t1", "t2"):
            val.finite_scalar(name, getattr(self, name), lo=0.0, lo_open=True)
        if self.t2 > 2 * self.t1:
            raise ValueError(f"t2={self.t2} > 2*t1={2 * self.t1}: unphysical (T2 <= 2 T1)")
        for name in ("p1", "p2"):
            val.finite_scalar(name, getattr(self, name), lo=0.0, hi=1 / 3)


IBM_KYIV_2024_11_19 = Calibration(
    t1=277.04e-6,
    t2=117.71e-6,
    p1=2.673e-4,
    p2=1.224e-2,
    source="seed 001 App. F: median IBM Kyiv calibration, 19 Nov 2024",
)
"""The paper's noise numbers (App. F)."""


def general_depolarizing_2q(p: float) -> sim.Channel:
    """TensorCircuit ``generaldepolarizingchannel(p, 2)`` with a float ``p``: Kraus operators
    ``sqrt(1 - 15 p) I(x)I`` and ``sqrt(p) P`` for the 15 non-identity Paulis ``P``.

    Needs ``0 <= p <= 1/15``.
    """
    v = val.finite_scalar("p", p, lo=0.0, hi=1 / 15)
    paulis = [np.eye(2, dtype=np.complex128)] + [
        np.asarray(_gates.matrix(g), dtype=np.complex128).reshape(2, 2) for g in ("x", "y", "z")
    ]
    kraus: list[ComplexArray] = []
    for i, (a, b) in enumerate(itertools.product(paulis, repeat=2)):
        w = 1 - 15 * v if i == 0 else v
        kraus.append(np.asarray(math.sqrt(w) * np.kron(a, b), dtype=np.complex128))
    return sim.Channel(tuple(kraus), "general_depolarizing_2q")


def _time(name: str, v: float | None) -> float:
    if v is None:
        raise ValueError(
            f"{name}=None: gate times are NOT AVAILABLE in the paper (S001-A12); pass them "
            "explicitly when t1/t2 are given"
        )
    return val.finite_scalar(name, v, lo=0.0)


@dataclass(frozen=True, kw_only=True)
class _Model:
    one: tuple[tuple[sim.Channel, int], ...]
    local2: tuple[sim.Channel, ...]
    general2: sim.Channel | None
    thermal1: sim.Channel | None
    thermal2: sim.Channel | None

    def __call__(self, op: Op) -> Sequence[tuple[sim.Channel, tuple[int, ...]]]:
        qs = op.qubits
        out: list[tuple[sim.Channel, tuple[int, ...]]] = []
        if len(qs) == 1:
            out.extend((ch, qs) for ch, _ in self.one)
            if self.thermal1 is not None:
                out.append((self.thermal1, qs))
        elif len(qs) == 2:
            if self.general2 is not None:
                out.append((self.general2, qs))
            else:
                out.extend((ch, (q,)) for ch in self.local2 for q in qs)
            if self.thermal2 is not None:
                out.extend((self.thermal2, (q,)) for q in qs)
        else:
            raise ValueError(
                f"op {op.gate!r} on {len(qs)} qubits: the App. F noise model defines channels "
                "for one- and two-qubit gates only"
            )
        return out


def noise_model(
    *,
    p1: float,
    p2: float,
    t1: float | None = None,
    t2: float | None = None,
    gate_time_1q: float | None = None,
    gate_time_2q: float | None = None,
    two_qubit: TwoQubitModel = "local",
) -> sim.NoiseModel:
    """The App. F noise model (``S001-A21``) as a :data:`reference.simulate.NoiseModel`.

    Args:
        p1: one-qubit depolarising probability per Pauli, after every one-qubit gate.
        p2: two-qubit probability: per qubit and Pauli (``"local"``) or per two-qubit Pauli
            (``"general"``), after every two-qubit gate.
        t1, t2: relaxation times (same unit as the gate times); both or neither.
        gate_time_1q, gate_time_2q: gate durations, required with ``t1``/``t2`` (``S001-A12``).
        two_qubit: ``"local"`` (default) or ``"general"`` (15 Paulis).
    """
    val.choice("two_qubit", two_qubit, _TWO_QUBIT)
    one = ((sim.depolarizing(p1), 1),)
    general2 = general_depolarizing_2q(p2) if two_qubit == "general" else None
    local2 = () if general2 is not None else (sim.depolarizing(p2),)
    thermal1 = thermal2 = None
    if (t1 is None) != (t2 is None):
        raise ValueError(f"t1={t1!r}, t2={t2!r}: give both relaxation times or neither")
    if t1 is not None and t2 is not None:
        g1 = _time("gate_time_1q", gate_time_1q)
        g2 = _time("gate_time_2q", gate_time_2q)
        thermal1 = sim.thermal_relaxation(t1, t2, g1)
        thermal2 = sim.thermal_relaxation(t1, t2, g2)
    elif gate_time_1q is not None or gate_time_2q is not None:
        raise ValueError("gate_time_1q/gate_time_2q given without t1, t2")
    return _Model(one=one, local2=local2, general2=general2, thermal1=thermal1, thermal2=thermal2)


def kyiv_noise_model(
    *,
    gate_time_1q: float,
    gate_time_2q: float,
    two_qubit: TwoQubitModel = "local",
    thermal: bool = True,
) -> sim.NoiseModel:
    """:func:`noise_model` with :data:`IBM_KYIV_2024_11_19`; gate times (seconds) are required
    (``S001-A12``: not given by the paper). ``thermal=False`` keeps depolarising noise only."""
    c = IBM_KYIV_2024_11_19
    if not thermal:
        _time("gate_time_1q", gate_time_1q)
        _time("gate_time_2q", gate_time_2q)
        return noise_model(p1=c.p1, p2=c.p2, two_qubit=two_qubit)
    return noise_model(
        p1=c.p1,
        p2=c.p2,
        t1=c.t1,
        t2=c.t2,
        gate_time_1q=gate_time_1q,
        gate_time_2q=gate_time_2q,
        two_qubit=two_qubit,
    )


def total_error(channel: sim.Channel) -> float:
    """``1 - |Tr K_0|^2 / dim^2`` for a Pauli channel whose first Kraus operator is ``~ I``:
    the probability that a non-identity Pauli is applied (``3 p`` for :func:`depolarizing`,
    ``15 p`` for :func:`general_depolarizing_2q`; claim ``S001-P23``)."""
    k0 = channel.kraus[0]
    dim = k0.shape[0]
    return float(1.0 - abs(np.trace(k0)) ** 2 / dim**2)


__all__ = [
    "IBM_KYIV_2024_11_19",
    "Calibration",
    "general_depolarizing_2q",
    "kyiv_noise_model",
    "noise_model",
    "total_error",
]
