"""Benchmark: the project's classical-shadow purity estimator against tensorcircuit-ng's
``shadows`` and PennyLane's ``ClassicalShadow`` on the same snapshots (issue 14, item 7).

Snapshots: the register A (``k`` qubits) of an entanglement pair state (dense encoding, ``2k``
qubits), ``N`` i.i.d. snapshots, each a uniformly random Pauli basis per qubit and one outcome drawn
from the exact distribution of that setting's circuit (:func:`reference.estimators.shadows.
setting_circuit`). Every method starts from the same ``(settings (N, k), bits (N, k))`` arrays.

Agreement first (before any timing): each method returns the shadow state ``G = (1/N) sum_s
rho_hat_s`` (``2^k x 2^k``) and the unbiased purity U-statistic ``(N^2 Tr G^2 - N 5^k) / (N (N-1))``
(:func:`reference.estimators.shadows.u_statistic`; the peers' ``G`` fed to the same formula),
flattened; checked equal to 1e-10. The reference groups the snapshots into per-setting counts
(``3^k`` settings, ``2^k`` outcomes: inside the timed call) and sums ``3^k 2^k`` Kronecker products;
tensorcircuit-ng (``global_shadow_state``) and PennyLane (``ClassicalShadow.global_snapshots``)
build one ``2^k x 2^k`` snapshot per shot.

The peers' own entropy estimates are different estimators and are reported, not checked: the
tensorcircuit-ng ``entropy_shadow`` and PennyLane ``ClassicalShadow.entropy`` project ``G`` onto
the positive cone and renormalise (biased; PennyLane warns its accuracy degrades exponentially in
the subsystem size), while the reference's U-statistic is unbiased and carries the proven interval
of ``H-EST-10``. The record's ``counts`` hold the exact ``S_2``, the reference's, and each peer's.

Output: a table on stdout and ``build/bench/shadows.json`` in the shared schema (``harness.py``).
Run: ``python tests/benchmarks/bench_shadows.py [--k 1 2 3] [--snapshots 20000]
[--peers tensorcircuit pennylane]`` (neither peer is a runtime dependency: tensorcircuit-ng is a
test dependency, PennyLane is in the ``bench`` extra; a peer that is not installed is skipped).
"""

from __future__ import annotations

import contextlib
import math
import warnings

import numpy as np
from harness import Bench, arguments

from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.estimators.base import outcome_probabilities
from reference.estimators.shadows import BASES, setting_circuit, snapshot_sum, u_statistic
from reference.mechanisms import entanglement as ent

PEERS = ["tensorcircuit", "pennylane"]


def prep_circuit(k: int, rng: np.random.Generator) -> Circuit:
    """A dense-encoded entanglement pair circuit with ``k`` qubits per register."""
    q, kk = rng.uniform(-math.pi, math.pi, (2, 2 * k))
    th = rng.uniform(-math.pi, math.pi, k)
    return ent.pair_circuit(q, kk, th, config=ent.EntanglementConfig(encoding="dense", layers=2))


def draw_snapshots(
    prep: Circuit, k: int, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``(settings (N, k) in {0: X, 1: Y, 2: Z}, bits (N, k))`` on qubits ``0..k-1`` of ``prep``."""
    sub = tuple(range(k))
    settings = rng.integers(0, 3, size=(n, k))
    codes = settings @ (3 ** np.arange(k - 1, -1, -1))
    bits = np.zeros((n, k), dtype=np.int64)
    shifts = np.arange(k - 1, -1, -1)
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        setting = tuple(BASES[int(b)] for b in settings[rows[0]])
        p = outcome_probabilities(setting_circuit(prep, sub, setting))
        idx = rng.choice(1 << k, size=rows.size, p=p / p.sum())
        bits[rows] = (idx[:, None] >> shifts[None, :]) & 1
    return settings, bits


def _u_from_state(g: np.ndarray, n: int, k: int) -> float:
    frob = float(np.real(np.sum(g * g.conj()))) * n * n
    return (frob - n * 5.0**k) / (n * (n - 1.0))


def reference(settings: np.ndarray, bits: np.ndarray) -> np.ndarray:
    """Group into per-setting counts, then the snapshot sum and the U-statistic."""
    n, k = settings.shape
    codes = settings @ (3 ** np.arange(k - 1, -1, -1))
    outs = bits @ (1 << np.arange(k - 1, -1, -1))
    table = np.zeros((3**k, 1 << k))
    np.add.at(table, (codes, outs), 1.0)
    by_setting = {}
    for code in np.flatnonzero(table.sum(axis=1)):
        digits = [(int(code) // 3**j) % 3 for j in range(k - 1, -1, -1)]
        by_setting[tuple(BASES[d] for d in digits)] = table[code]
    g = snapshot_sum(by_setting, k) / n
    return _flat(g, u_statistic(by_setting, k))


def _flat(g: np.ndarray, purity: float) -> np.ndarray:
    return np.concatenate([g.real.ravel(), g.imag.ravel(), [purity]])


def tensorcircuit_state(settings: np.ndarray, bits: np.ndarray) -> np.ndarray:
    import tensorcircuit as tc
    from tensorcircuit import shadows

    tc.set_backend("numpy")
    tc.set_dtype("complex128")
    n, k = settings.shape
    g = np.asarray(shadows.global_shadow_state(bits[:, None, :], settings + 1))
    return _flat(g, _u_from_state(g, n, k))


def tensorcircuit_entropy(settings: np.ndarray, bits: np.ndarray) -> float:
    import tensorcircuit as tc
    from tensorcircuit import shadows

    tc.set_backend("numpy")
    tc.set_dtype("complex128")
    k = settings.shape[1]
    return float(
        np.real(
            shadows.entropy_shadow(
                bits[:, None, :], settings + 1, subsystem_to_keep=list(range(k)), alpha=2
            )
        )
    )


def _pennylane_shadow(settings: np.ndarray, bits: np.ndarray) -> object:
    import pennylane as qml

    k = settings.shape[1]
    return qml.ClassicalShadow(bits.astype(np.int64), settings.astype(np.int64), wire_map=range(k))


def pennylane_state(settings: np.ndarray, bits: np.ndarray) -> np.ndarray:
    n, k = settings.shape
    shadow = _pennylane_shadow(settings, bits)
    g = np.mean(np.asarray(shadow.global_snapshots()), axis=0)  # type: ignore[attr-defined]
    return _flat(g, _u_from_state(g, n, k))


def pennylane_entropy(settings: np.ndarray, bits: np.ndarray) -> float:
    k = settings.shape[1]
    shadow = _pennylane_shadow(settings, bits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(shadow.entropy(wires=list(range(k)), alpha=2))  # type: ignore[attr-defined]


def main() -> None:
    ap = arguments(__doc__, peers=PEERS)
    ap.add_argument("--k", type=int, nargs="*", default=[1, 2, 3])
    ap.add_argument("--snapshots", type=int, default=20000)
    a = ap.parse_args()
    b = Bench("shadows")
    for k in a.k:
        rng = np.random.default_rng(k)
        prep = prep_circuit(k, rng)
        settings, bits = draw_snapshots(prep, k, a.snapshots, rng)
        ours = reference(settings, bits)
        exact = -math.log(float(qi.subsystem_purity(sim.statevector(prep), list(range(k)))))
        counts = {"S2_exact": exact, "S2_reference_u": -math.log(max(ours[-1], 2.0**-k))}
        entropies = {"tensorcircuit": tensorcircuit_entropy, "pennylane": pennylane_entropy}
        for name, fn in entropies.items():
            if name in a.peers:
                with contextlib.suppress(ImportError):  # not installed: skipped below too
                    counts[f"S2_{name}_projected"] = fn(settings, bits)
        b.measure_against(
            lambda s=settings, t=bits: reference(s, t),
            ours,
            peers={
                "tensorcircuit": lambda s=settings, t=bits: tensorcircuit_state(s, t),
                "pennylane": lambda s=settings, t=bits: pennylane_state(s, t),
            },
            only=a.peers,
            atol=1e-10,
            workload="shadow state and purity U-statistic from random-Pauli snapshots",
            size={"k": k, "snapshots": a.snapshots},
            items=a.snapshots,
            unit="snapshots/s",
            counts=counts,
        )
    b.write(a.out_dir)


if __name__ == "__main__":
    main()
