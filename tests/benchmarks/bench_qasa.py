"""Benchmark: the QASA PQC expectations ``[<Z_0>..<Z_7>]`` of ``L`` tokens (the per-token map of
the quantum encoder layer, survey §8), reference (one batched simulation) against PennyLane
``default.qubit`` (the authors' library; one QNode call per token, as their ``TorchLayer`` loop).

Results are checked equal (<= 1e-10) before timing; the ratio is printed in one run.
Output: a table on stdout and JSON in ``build/bench/qasa.json``.
Run: ``python tests/benchmarks/bench_qasa.py [--tokens 50] [--peers pennylane]`` (PennyLane is not
a project dependency: install it to include the peer; ``--peers`` with no value times the
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

from reference.mechanisms import qasa  # noqa: E402


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def pennylane_expectations(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    import pennylane as qml

    n, layers = 8, 4
    dev = qml.device("default.qubit", wires=n + 1)

    @qml.qnode(dev)
    def circuit(inputs: np.ndarray, weights: np.ndarray) -> list[object]:
        for i in range(n):
            qml.RX(inputs[i], wires=i)
            qml.RZ(inputs[i], wires=i)
        for i in range(n):
            qml.RX(weights[0, i], wires=i)
            qml.RZ(weights[1, i], wires=i)
        for layer in range(1, layers):
            for i in range(n):
                qml.CNOT(wires=[i, (i + 1) % n])
                qml.RY(weights[layer, i], wires=i)
                qml.RZ(weights[layer, i], wires=i)
            qml.CNOT(wires=[n - 1, n])
            qml.RY(weights[layer, n], wires=n)
        return [qml.expval(qml.PauliZ(i)) for i in range(n)]

    return np.array([np.asarray(circuit(t, w), dtype=float) for t in x])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--tokens", type=int, default=50)
    p.add_argument("--peers", nargs="*", default=["pennylane"])
    p.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "qasa.json")
    a = p.parse_args()
    rng = np.random.default_rng(0)
    cfg = qasa.QASAConfig()
    x = rng.uniform(-1, 1, (a.tokens, 8))
    w = rng.uniform(0, 2 * np.pi, cfg.weight_shape)
    ref = qasa.expectations(x, w, cfg)
    rows = {"reference": _best(lambda: qasa.expectations(x, w, cfg))}
    if "pennylane" in a.peers:
        peer = pennylane_expectations(x, w)
        dev = float(np.max(np.abs(peer - ref)))
        if dev > 1e-10:
            raise SystemExit(f"pennylane differs from the reference by {dev:.3g}")
        rows["pennylane"] = _best(lambda: pennylane_expectations(x, w), repeat=1)
    for name, t in rows.items():
        ratio = t / rows["reference"]
        print(f"{name:12s} {a.tokens / t:10.1f} tokens/s  x{ratio:.2f} the reference time")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"tokens": a.tokens, "seconds": rows}, indent=1))


if __name__ == "__main__":
    main()
