"""Simulator baseline: circuits per second on batches of random 12-qubit, ~100-gate circuits.

Two workloads:
* one random structure, 4,096 parameter sets (``statevector`` with ``(B,)`` bindings): the
  attention-matrix workload (one circuit shape, many query-key pairs);
* 4,096 distinct random structures, each simulated on its own (worst case, no batching).
Peers: Qiskit's ``Statevector`` when importable (same circuits, checked equal before timing).
Writes ``build/bench/simulator.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from reference import simulate as sim
from reference.testing import random_circuit

N_QUBITS = 12
N_GATES = 100
BATCH = 4096
OUT = Path("build/bench/simulator.json")


def _time(fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    rng = np.random.default_rng(2026)
    c = random_circuit(rng, num_qubits=N_QUBITS, num_gates=N_GATES, symbolic=True)
    vals = {p: rng.uniform(-np.pi, np.pi, BATCH) for p in c.parameters}
    results: dict[str, float] = {}

    def batched() -> None:
        sim.statevector(c, bindings=vals)

    t = _time(batched, 2)
    results["batched_circuits_per_s"] = BATCH / t
    distinct = [random_circuit(rng, num_qubits=N_QUBITS, num_gates=N_GATES) for _ in range(256)]
    t = _time(lambda: [sim.statevector(x) for x in distinct], 1)
    results["distinct_circuits_per_s"] = len(distinct) / t
    try:  # peer: Qiskit Statevector on the same circuits, loaded from our OpenQASM 3 export
        import qiskit.qasm3
        from qiskit.quantum_info import Statevector

        from qasm.openqasm import to_openqasm
    except ImportError as exc:
        print(f"Qiskit peer skipped: {exc}")
    else:
        qcs = [qiskit.qasm3.loads(to_openqasm(x)) for x in distinct]
        n = N_QUBITS
        perm = [int(format(i, f"0{n}b")[::-1], 2) for i in range(1 << n)]
        for x, q in zip(distinct[:8], qcs[:8], strict=True):  # equal before timing
            ref = sim.statevector(x)
            assert np.allclose(np.asarray(Statevector(q).data)[perm], ref, atol=1e-10)
        t = _time(lambda: [Statevector(q) for q in qcs], 1)
        results["qiskit_distinct_circuits_per_s"] = len(distinct) / t
        results["ratio_distinct_vs_qiskit"] = (
            results["distinct_circuits_per_s"] / results["qiskit_distinct_circuits_per_s"]
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1))
    print(f"simulator baseline ({N_QUBITS} qubits, {N_GATES} gates):")
    for k, v in results.items():
        print(f"  {k:36s} {v:10.1f}")


if __name__ == "__main__":
    main()
