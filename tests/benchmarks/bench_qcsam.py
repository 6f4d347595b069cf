"""Benchmark: the QCSAM complex attention matrix ``alpha_ij = <k_j|q_i>`` (survey §4), reference
(one batched simulation per register) against PennyLane ``default.qubit`` (``qml.state()`` per
token, overlaps in NumPy), checked equal (<= 1e-10) before timing; the ratio in one run.

Output: a table on stdout and ``build/bench/qcsam.json`` in the shared schema (``harness.py``).
Run: ``python tests/benchmarks/bench_qcsam.py [--tokens 64] [--qubits 6] [--peers pennylane]``
(PennyLane is not a project dependency; ``--peers`` with no value times the reference alone; a peer
that is not installed is skipped).
"""

from __future__ import annotations

import numpy as np
from harness import Bench, arguments

from reference.mechanisms import qcsam


def pennylane_ansatz(theta: np.ndarray, n: int) -> None:
    """QCSAM's ansatz in PennyLane (inside a QNode): per layer RY, RZ on each wire, CNOT ladder.
    QMSAN (same authors) uses it too (``bench_qmsan``)."""
    import pennylane as qml

    for layer in range(theta.shape[0]):
        for q in range(n):
            qml.RY(theta[layer, q, 0], wires=q)
            qml.RZ(theta[layer, q, 1], wires=q)
        for q in range(n - 1):
            qml.CNOT(wires=[q, q + 1])


def pennylane_alpha(x: np.ndarray, p: qcsam.QCSAMParams, n: int) -> np.ndarray:
    import pennylane as qml

    dev = qml.device("default.qubit", wires=n)

    @qml.qnode(dev)
    def state(tok: np.ndarray, theta: np.ndarray) -> object:
        for q in range(n):
            qml.RY(tok[q], wires=q)
        pennylane_ansatz(theta, n)
        return qml.state()

    qs = np.array([np.asarray(state(t, p.query[0])) for t in x])
    ks = np.array([np.asarray(state(t, p.key[0])) for t in x])
    return np.asarray(qs @ ks.conj().T)


def main() -> None:
    ap = arguments(__doc__, peers=["pennylane"])
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--qubits", type=int, default=6)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    cfg = qcsam.QCSAMConfig(num_qubits=a.qubits, ansatz_layers=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-np.pi, np.pi, (a.tokens, a.qubits))
    ref = qcsam.alpha_matrix(x, p, cfg)[0]
    b = Bench("qcsam")
    b.measure_against(
        lambda: qcsam.alpha_matrix(x, p, cfg),
        ref,
        peers={"pennylane": lambda: pennylane_alpha(x, p, a.qubits)},
        only=a.peers,
        atol=1e-10,
        workload="QCSAM attention matrix alpha_ij = <k_j|q_i>",
        size={"tokens": a.tokens, "qubits": a.qubits},
        items=1,
        unit="matrices/s",
    )
    b.write(a.out_dir)


if __name__ == "__main__":
    main()
