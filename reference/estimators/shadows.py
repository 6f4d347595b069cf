r"""Purity and Renyi-2 from one copy: random-Pauli classical shadows with a proven interval.

Spec: issue 14 item 1 ("purity / Renyi-2 by randomized Pauli measurements, the method that needs
one copy"); claims ``H-EST-08`` (the locality-free ``34/eps^2`` budget under-counts) and
``H-EST-09`` (with the ``3^k`` factor it holds), ``H-EST-10`` (this estimator's coverage).

Snapshots. Each snapshot measures every qubit ``i`` of ``A`` (``k = |A|`` qubits) in a uniformly
random Pauli basis ``U_i`` (X, Y or Z) and gives ``rho_hat = (x)_i (3 U_i^dag |b_i><b_i| U_i - I)``
with ``E[rho_hat] = rho_A``. For two independent snapshots ``Tr(rho_hat rho_hat')`` is the
product over ``i`` of ``5`` (same basis, same bit), ``-4`` (same basis, different bit) or ``1/2``
(different bases), and ``E = Tr rho_A^2``. The estimator is the U-statistic over the ``N``
snapshots, ``U = (||sum_s rho_hat_s||_F^2 - N 5^k) / (N (N - 1))`` (unbiased).

Programs. The ``3^k`` basis settings are the programs (``prep``, then ``H`` for X or ``Sdg; H``
for Y on each qubit of ``A``, then ``A`` measured). Drawing a uniform setting per snapshot is the
same as drawing the settings' shot numbers from ``Multinomial(N, 3^-k)``: the plan does that once
with a stored seed, so the snapshots are i.i.d. as the bound needs; the counts must then hold
exactly the planned shots per setting (a different number would re-weight the settings).

Interval and budget (Hoeffding 1963, U-statistics of order 2 with a kernel in ``[a, b]``):
``P(|U - Tr rho_A^2| >= t) <= 2 exp(-2 floor(N/2) t^2 / (b - a)^2)``, here ``b = 5^k``,
``a = -4 5^(k-1)``, ``b - a = 9 5^(k-1)``. So ``t = 9 5^(k-1) sqrt(ln(2/delta) / (2 floor(N/2)))``
and ``N = 2 ceil(ln(2/delta) (9 5^(k-1))^2 / (2 eps^2))`` for half-width ``eps`` on the purity
(``eps 2^-k`` for Renyi-2: the Lipschitz constant of ``-ln`` on ``[2^-k, 1]``). The interval is
clipped to ``[2^-k, 1]`` before ``-ln``. This bound is loose (the kernel's range, not its
variance) but proven; with it one copy costs about ``(9 5^(k-1))^2 / 4`` times the shots of the
two-copy test, which is the price of needing one copy.

>>> from reference.core import bell
>>> est = ShadowEstimator(prep=bell(), subsystem=(0,), quantity="purity", epsilon=0.1)
>>> len(est.programs()), est.snapshots
(3, 29880)
>>> round(float(est.exact()[0]), 12)
0.5
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference.circuit import MEASURE, Circuit, Op
from reference.estimators.base import Estimate, Program, all_outcomes, check_counts
from reference.estimators.counts import bit_matrix
from reference.estimators.intervals import check_delta, check_epsilon
from reference.estimators.two_copy import check_subsystem

BASES = ("x", "y", "z")
_ROT = {
    "x": np.array([[1, 1], [1, -1]], dtype=np.complex128) / math.sqrt(2.0),  # H
    "y": np.array([[1, -1j], [1, 1j]], dtype=np.complex128) / math.sqrt(2.0),  # H Sdg
    "z": np.eye(2, dtype=np.complex128),
}
"""``U`` with ``|b>`` measured after ``U``: the snapshot is ``3 U^dag |b><b| U - I``."""


def kernel_range(k: int) -> float:
    """``b - a = 5^k + 4 5^(k-1) = 9 5^(k-1)`` for ``Tr(rho_hat rho_hat')`` on ``k`` qubits."""
    return 9.0 * 5.0 ** (k - 1)


def shadow_halfwidth(snapshots: int, k: int, delta: float) -> float:
    """Hoeffding's U-statistic half-width ``(b - a) sqrt(ln(2/delta) / (2 floor(N/2)))``."""
    return kernel_range(k) * math.sqrt(math.log(2.0 / delta) / (2.0 * (snapshots // 2)))


def shadow_snapshots(epsilon: float, delta: float, k: int) -> int:
    """Smallest even ``N`` with :func:`shadow_halfwidth` ``<= epsilon`` (purity half-width)."""
    half = math.ceil(math.log(2.0 / delta) * kernel_range(k) ** 2 / (2.0 * epsilon**2))
    while kernel_range(k) * math.sqrt(math.log(2.0 / delta) / (2.0 * half)) > epsilon:
        half += 1
    return 2 * half


def _snapshot_ops(qubit_ops: list[Op], setting: tuple[str, ...], sub: tuple[int, ...]) -> None:
    for q, b in zip(sub, setting, strict=True):
        if b == "x":
            qubit_ops.append(Op("h", (q,)))
        elif b == "y":
            qubit_ops.append(Op("sdg", (q,)))
            qubit_ops.append(Op("h", (q,)))


def setting_circuit(prep: Circuit, sub: tuple[int, ...], setting: tuple[str, ...]) -> Circuit:
    """``prep`` (measurements dropped), the basis change of ``setting`` on ``sub``, ``sub``
    measured into ``c[0..k-1]``."""
    ops = list(prep.gate_ops)
    _snapshot_ops(ops, setting, sub)
    ops.append(Op(MEASURE, sub, (), tuple(range(len(sub)))))
    return Circuit(prep.num_qubits, tuple(ops), len(sub), f"{prep.name or 'prep'}-shadow")


def _single_snapshots() -> ComplexArray:
    """``(6, 2, 2)``: ``3 U_b^dag |o><o| U_b - I`` at index ``2 b + o`` (basis ``b`` of
    :data:`BASES`, outcome ``o``)."""
    eye = np.eye(2, dtype=np.complex128)
    out = []
    for b in BASES:
        for o in (0, 1):
            ket = _ROT[b].conj().T[:, o]
            out.append(3.0 * np.outer(ket, ket.conj()) - eye)
    return np.asarray(out, dtype=np.complex128)


_SINGLE = _single_snapshots()


def snapshot_sum(
    counts_by_setting: Mapping[tuple[str, ...], npt.ArrayLike], k: int
) -> ComplexArray:
    """``sum_s rho_hat_s`` from per-setting outcome counts ``(2**k,)`` (``c[0]`` most
    significant).

    The counts go into a table ``W[(b_1, o_1), ..., (b_k, o_k)]`` (``6^k`` entries) contracted
    qubit by qubit with the one-qubit snapshots: ``sum W prod_i M[b_i, o_i]`` without forming the
    ``3^k 2^k`` Kronecker products one by one.
    """
    table = np.zeros((6,) * k, dtype=np.float64)
    bits = all_outcomes(k)
    for setting, counts in counts_by_setting.items():
        c = np.asarray(counts, dtype=np.float64)
        base = [2 * BASES.index(b) for b in setting]
        idx = tuple((base + bits).T)  # (k, 2**k): index 2 b_i + o_i of every qubit
        np.add.at(table, idx, c)
    # contract qubit i's (b_i, o_i) axis with M: the axes become (a_1, b_1, ..., a_k, b_k)
    t: ComplexArray = table.astype(np.complex128)
    for _ in range(k):
        t = np.tensordot(t, _SINGLE, axes=([0], [0]))  # moves the contracted qubit to the end
    t = t.reshape((2, 2) * k).transpose([*range(0, 2 * k, 2), *range(1, 2 * k, 2)])
    return np.asarray(t.reshape(1 << k, 1 << k), dtype=np.complex128)


def u_statistic(counts_by_setting: Mapping[tuple[str, ...], npt.ArrayLike], k: int) -> float:
    """``(||sum_s rho_hat_s||_F^2 - N 5^k) / (N (N - 1))``: the unbiased purity estimate."""
    n = float(sum(np.sum(np.asarray(c)) for c in counts_by_setting.values()))
    if n < 2:
        raise ValueError(f"snapshots={n:g}: the U-statistic needs at least 2")
    s = snapshot_sum(counts_by_setting, k)
    frob = float(np.real(np.sum(s * s.conj())))
    return (frob - n * 5.0**k) / (n * (n - 1.0))


@dataclass(frozen=True, kw_only=True)
class ShadowEstimator:
    """Purity (``quantity="purity"``) or Renyi-2 (``"renyi2"``) of ``prep``'s state on
    ``subsystem`` by random-Pauli shadows (see the module docstring).

    ``snapshots``: explicit ``N`` (default: the budget for ``epsilon``, ``delta``); ``seed``: the
    seed of the settings' multinomial shot draw (stored in the manifest).
    """

    prep: Circuit
    subsystem: tuple[int, ...]
    quantity: str = "purity"
    epsilon: float = 0.05
    delta: float = 0.05
    shots: int | None = None
    seed: int = 0
    method: str = "shadows"

    def __post_init__(self) -> None:
        object.__setattr__(self, "subsystem", check_subsystem(self.subsystem, self.prep.num_qubits))
        if self.quantity not in ("purity", "renyi2"):
            raise ValueError(f"quantity={self.quantity!r} must be 'purity' or 'renyi2'")
        check_epsilon(self.epsilon)
        check_delta(self.delta)
        if not self.prep.is_bound:
            raise ValueError(f"prep has unbound parameters {list(self.prep.parameters)}")
        if self.shots is not None and self.shots < 2:
            raise ValueError(f"shots={self.shots} must be >= 2 snapshots")

    @property
    def k(self) -> int:
        return len(self.subsystem)

    @property
    def purity_epsilon(self) -> float:
        return self.epsilon if self.quantity == "purity" else self.epsilon * 2.0**-self.k

    @property
    def budget(self) -> int:
        return shadow_snapshots(self.purity_epsilon, self.delta, self.k)

    @property
    def snapshots(self) -> int:
        return self.budget if self.shots is None else self.shots

    def achieved_epsilon(self, shots: int) -> float:
        t = shadow_halfwidth(shots, self.k, self.delta)
        return t if self.quantity == "purity" else t * 2.0**self.k

    def settings(self) -> list[tuple[str, ...]]:
        return list(itertools.product(BASES, repeat=self.k))

    def setting_shots(self) -> FloatArray:
        sets = self.settings()
        rng = np.random.default_rng(self.seed)
        return np.asarray(rng.multinomial(self.snapshots, np.full(len(sets), 1.0 / len(sets))))

    def programs(self) -> tuple[Program, ...]:
        out = []
        for setting, n in zip(self.settings(), self.setting_shots(), strict=True):
            if n == 0:
                continue
            out.append(
                Program(
                    id=f"{self.quantity}-shadow-{''.join(setting)}",
                    circuit=setting_circuit(self.prep, self.subsystem, setting),
                    shots=int(n),
                )
            )
        return tuple(out)

    def _map(self, purity: FloatArray) -> FloatArray:
        p = np.clip(purity, 2.0**-self.k, 1.0)
        return p if self.quantity == "purity" else np.asarray(-np.log(p), dtype=np.float64)

    def exact(self, state: npt.ArrayLike | None = None) -> FloatArray:
        """``(1,)`` score of ``prep``'s state (or of a given state / density matrix of it)."""
        psi = sim.statevector(self.prep) if state is None else np.asarray(state)
        if psi.ndim == 1:
            pur = float(qi.subsystem_purity(psi, list(self.subsystem)))
        else:
            pur = float(qi.purity(qi.partial_trace(psi, list(self.subsystem))))
        return np.atleast_1d(self._map(np.array(pur)))

    def interval(self, u: npt.ArrayLike, snapshots: int) -> tuple[FloatArray, ...]:
        """Vectorised ``(estimate, lo, hi)`` from U-statistics ``u`` over ``snapshots``."""
        ua = np.asarray(u, dtype=np.float64)
        t = shadow_halfwidth(snapshots, self.k, self.delta)
        a, b = self._map(ua - t), self._map(ua + t)
        return self._map(ua), np.minimum(a, b), np.maximum(a, b)

    def estimate(self, counts: Mapping[str, Mapping[str, object]], **kw: Any) -> Estimate:
        progs = self.programs()
        table = check_counts(progs, counts, **kw)
        by_setting: dict[tuple[str, ...], FloatArray] = {}
        for p, setting in zip(
            progs,
            [s for s, n in zip(self.settings(), self.setting_shots(), strict=True) if n],
            strict=True,
        ):
            n = sum(table[p.id].values())
            if n != p.shots:
                raise ValueError(
                    f"counts[{p.id!r}] holds {n} shots; shadows need exactly the planned "
                    f"{p.shots} (the settings' shot numbers are the random basis draw)"
                )
            bits, w = bit_matrix(table[p.id])
            idx = bits @ (1 << np.arange(self.k - 1, -1, -1))
            by_setting[setting] = np.asarray(
                np.bincount(idx, weights=w, minlength=1 << self.k), dtype=np.float64
            )
        u = u_statistic(by_setting, self.k)
        est, lo, hi = self.interval(u, self.snapshots)
        return Estimate(
            quantity=self.quantity,
            estimate=float(est),
            ci_low=float(lo),
            ci_high=float(hi),
            confidence=1.0 - self.delta,
            shots=self.snapshots,
        )


__all__ = [
    "BASES",
    "ShadowEstimator",
    "kernel_range",
    "setting_circuit",
    "shadow_halfwidth",
    "shadow_snapshots",
    "snapshot_sum",
    "u_statistic",
]
