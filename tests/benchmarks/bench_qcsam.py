"""Benchmark: the QCSAM complex attention matrix ``alpha_ij = <k_j|q_i>`` (survey §4), reference
(one batched simulation per register) against PennyLane ``default.qubit`` (``qml.state()`` per
token, overlaps in NumPy), checked equal (<= 1e-10) before timing; the ratio in one run.

Output: a table on stdout and JSON in ``build/bench/qcsam.json``.
Run: ``python tests/benchmarks/bench_qcsam.py [--tokens 64] [--qubits 6] [--peers pennylane]``
(PennyLane is not a project dependency; ``--peers`` with no value times the reference alone).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reference.mechanisms import qcsam  # noqa: E402


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pennylane_alpha(x: np.ndarray, p: qcsam.QCSAMParams, n: int) -> np.ndarray:
    import pennylane as qml

    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def state(tok: np.ndarray, theta: np.ndarray) -> object:
        for q in range(n):
            qml.RY(tok[q], wires=q)
        for layer in range(theta.shape[0]):
            for q in range(n):
                qml.RY(theta[layer, q, 0], wires=q)
                qml.RZ(theta[layer, q, 1], wires=q)
            for q in range(n - 1):
                qml.CNOT(wires=[q, q + 1])
        return qml.state()

    qs = np.array([np.asarray(state(t, p.query[0])) for t in x])
    ks = np.array([np.asarray(state(t, p.key[0])) for t in x])
    return np.asarray(qs @ ks.conj().T)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--qubits", type=int, default=6)
    ap.add_argument("--peers", nargs="*", default=["pennylane"])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "qcsam.json")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    cfg = qcsam.QCSAMConfig(num_qubits=a.qubits, ansatz_layers=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-np.pi, np.pi, (a.tokens, a.qubits))
    ref = qcsam.alpha_matrix(x, p, cfg)[0]
    rows = {"reference": _best(lambda: qcsam.alpha_matrix(x, p, cfg))}
    if "pennylane" in a.peers:
        dev = float(np.max(np.abs(pennylane_alpha(x, p, a.qubits) - ref)))
        if dev > 1e-10:
            raise SystemExit(f"pennylane differs from the reference by {dev:.3g}")
        rows["pennylane"] = _best(lambda: pennylane_alpha(x, p, a.qubits), repeat=1)
    for name, t in rows.items():
        print(
            f"{name:12s} {t * 1e3:10.2f} ms per {a.tokens}x{a.tokens} matrix  "
            f"x{t / rows['reference']:.2f} the reference time"
        )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(
        json.dumps({"tokens": a.tokens, "qubits": a.qubits, "seconds": rows}, indent=1)
    )


if __name__ == "__main__":
    main()
