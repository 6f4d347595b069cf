"""Benchmark: the QMSAN score matrix ``alpha_sj = Tr(rho_s sigma_j)`` (survey §5), reference
(batched statevectors, partial traces by reshaping) against PennyLane ``default.qubit``
(``qml.density_matrix(wires=kept)`` per token, traces in NumPy), checked equal (<= 1e-10) before
timing; the ratio in one run.

Output: a table on stdout and JSON in ``build/bench/qmsan.json``.
Run: ``python tests/benchmarks/bench_qmsan.py [--tokens 64] [--qubits 6] [--kept 3]
[--peers pennylane]`` (PennyLane is not a project dependency; ``--peers`` with no value times the
reference alone).
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

from reference.mechanisms import qmsan  # noqa: E402


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pennylane_scores(x: np.ndarray, p: qmsan.QMSANParams, cfg: qmsan.QMSANConfig) -> np.ndarray:
    import pennylane as qml

    n, m = cfg.num_qubits, cfg.kept_qubits
    om = qmsan.positions(x.shape[0], cfg)
    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def reduced(tok: np.ndarray, w: np.ndarray, theta: np.ndarray) -> object:
        for q in range(n):
            qml.RY(tok[q], wires=q)
        for q in range(n):
            qml.RX(w[q], wires=q)
        for layer in range(theta.shape[0]):
            for q in range(n):
                qml.RY(theta[layer, q, 0], wires=q)
                qml.RZ(theta[layer, q, 1], wires=q)
            for q in range(n - 1):
                qml.CNOT(wires=[q, q + 1])
        return qml.density_matrix(wires=list(range(m)))

    rho = np.array([np.asarray(reduced(t, w, p.query)) for t, w in zip(x, om, strict=True)])
    sig = np.array([np.asarray(reduced(t, w, p.key)) for t, w in zip(x, om, strict=True)])
    return np.real(np.einsum("sab,jba->sj", rho, sig))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--qubits", type=int, default=6)
    ap.add_argument("--kept", type=int, default=3)
    ap.add_argument("--peers", nargs="*", default=["pennylane"])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "qmsan.json")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    cfg = qmsan.QMSANConfig(num_qubits=a.qubits, kept_qubits=a.kept, ansatz_layers=2)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-np.pi, np.pi, (a.tokens, a.qubits))
    ref = qmsan.scores(x, p, cfg)
    rows = {"reference": _best(lambda: qmsan.scores(x, p, cfg))}
    if "pennylane" in a.peers:
        dev = float(np.max(np.abs(pennylane_scores(x, p, cfg) - ref)))
        if dev > 1e-10:
            raise SystemExit(f"pennylane differs from the reference by {dev:.3g}")
        rows["pennylane"] = _best(lambda: pennylane_scores(x, p, cfg), repeat=1)
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
