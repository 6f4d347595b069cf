"""Benchmark: the QASA PQC expectations ``[<Z_0>..<Z_7>]`` of ``L`` tokens (the per-token map of
the quantum encoder layer, survey §8), reference (one batched simulation) against PennyLane
``default.qubit`` (the authors' library; one QNode call per token, as their ``TorchLayer`` loop).

Results are checked equal (<= 1e-10) before timing; the ratio is measured in one run.
Output: a table on stdout and ``build/bench/qasa.json`` in the shared schema (``harness.py``).
Run: ``python tests/benchmarks/bench_qasa.py [--tokens 50] [--peers pennylane]`` (PennyLane is not
a project dependency: install it to include the peer; ``--peers`` with no value times the
reference alone; a peer that is not installed is skipped).
"""

from __future__ import annotations

import numpy as np
from harness import Bench, arguments

from reference.mechanisms import qasa


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
    p = arguments(__doc__, peers=["pennylane"])
    p.add_argument("--tokens", type=int, default=50)
    a = p.parse_args()
    rng = np.random.default_rng(0)
    cfg = qasa.QASAConfig()
    x = rng.uniform(-1, 1, (a.tokens, 8))
    w = rng.uniform(0, 2 * np.pi, cfg.weight_shape)
    ref = qasa.expectations(x, w, cfg)
    b = Bench("qasa")
    b.measure_against(
        lambda: qasa.expectations(x, w, cfg),
        ref,
        peers={"pennylane": lambda: pennylane_expectations(x, w)},
        only=a.peers,
        atol=1e-10,
        workload="QASA PQC expectations <Z_0>..<Z_7>",
        size={"tokens": a.tokens, "qubits": 9},
        items=a.tokens,
        unit="tokens/s",
    )
    b.write(a.out_dir)


if __name__ == "__main__":
    main()
