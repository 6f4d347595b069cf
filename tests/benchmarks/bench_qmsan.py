"""Benchmark: the QMSAN score matrix ``alpha_sj = Tr(rho_s sigma_j)`` (survey §5), reference
(batched statevectors, partial traces by reshaping) against PennyLane ``default.qubit``
(``qml.density_matrix(wires=kept)`` per token, traces in NumPy), checked equal (<= 1e-10) before
timing; the ratio in one run.

Output: a table on stdout and ``build/bench/qmsan.json`` in the shared schema (``harness.py``).
Run: ``python tests/benchmarks/bench_qmsan.py [--tokens 64] [--qubits 6] [--kept 3]
[--peers pennylane]`` (PennyLane is not a project dependency; ``--peers`` with no value times the
reference alone; a peer that is not installed is skipped).
"""

from __future__ import annotations

import numpy as np
from bench_qcsam import pennylane_ansatz
from harness import Bench, arguments

from reference.mechanisms import qmsan


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
        pennylane_ansatz(theta, n)
        return qml.density_matrix(wires=list(range(m)))

    rho = np.array([np.asarray(reduced(t, w, p.query)) for t, w in zip(x, om, strict=True)])
    sig = np.array([np.asarray(reduced(t, w, p.key)) for t, w in zip(x, om, strict=True)])
    return np.real(np.einsum("sab,jba->sj", rho, sig))


def main() -> None:
    ap = arguments(__doc__, peers=["pennylane"])
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--qubits", type=int, default=6)
    ap.add_argument("--kept", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    cfg = qmsan.QMSANConfig(num_qubits=a.qubits, kept_qubits=a.kept, ansatz_layers=2)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-np.pi, np.pi, (a.tokens, a.qubits))
    ref = qmsan.scores(x, p, cfg)
    b = Bench("qmsan")
    b.measure_against(
        lambda: qmsan.scores(x, p, cfg),
        ref,
        peers={"pennylane": lambda: pennylane_scores(x, p, cfg)},
        only=a.peers,
        atol=1e-10,
        workload="QMSAN score matrix alpha_sj = Tr(rho_s sigma_j)",
        size={"tokens": a.tokens, "qubits": a.qubits, "kept": a.kept},
        items=1,
        unit="matrices/s",
    )
    b.write(a.out_dir)


if __name__ == "__main__":
    main()
