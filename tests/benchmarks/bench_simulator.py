"""Simulator baseline: circuits per second on random 12-qubit, ~100-gate circuits.

Two workloads:
* one random structure, 4,096 parameter sets (``statevector`` with ``(B,)`` bindings): the
  attention-matrix workload (one circuit shape, many query-key pairs);
* 256 distinct random structures, each simulated on its own (worst case, no batching).
Peer: Qiskit's ``Statevector`` when importable (same circuits, loaded from our OpenQASM 3 export,
checked equal before timing). Writes ``build/bench/simulator.json`` in the shared schema
(``harness.py``). Run: ``python tests/benchmarks/bench_simulator.py``.
"""

from __future__ import annotations

import numpy as np
from harness import Bench, check_equal

from reference import simulate as sim
from reference.testing import random_circuit

N_QUBITS = 12
N_GATES = 100
BATCH = 4096
DISTINCT = 256
SIZE = {"qubits": N_QUBITS, "gates": N_GATES}


def main() -> None:
    rng = np.random.default_rng(2026)
    bench = Bench("simulator")
    c = random_circuit(rng, num_qubits=N_QUBITS, num_gates=N_GATES, symbolic=True)
    vals = {p: rng.uniform(-np.pi, np.pi, BATCH) for p in c.parameters}
    first = c.bind({p: float(v[0]) for p, v in vals.items()})
    equal = check_equal(
        sim.statevector(first),
        sim.statevector(c, bindings=vals)[0],
        atol=1e-10,
        what="batched bindings vs a single simulation",
    )
    bench.measure(
        lambda: sim.statevector(c, bindings=vals),
        workload="one structure, many parameter sets",
        size={**SIZE, "batch": BATCH},
        method="reference batched",
        items=BATCH,
        unit="circuits/s",
        checked_equal=equal,
        repeat=2,
    )
    distinct = [
        random_circuit(rng, num_qubits=N_QUBITS, num_gates=N_GATES) for _ in range(DISTINCT)
    ]
    workload = "distinct structures"
    size = {**SIZE, "circuits": DISTINCT}
    try:  # peer: Qiskit Statevector on the same circuits, loaded from our OpenQASM 3 export
        import qiskit.qasm3
        from qiskit.quantum_info import Statevector

        from qasm.openqasm import to_openqasm
    except ImportError as exc:
        print(f"Qiskit peer skipped: {exc}")
        peer = None
    else:
        peer = "qiskit"
        qcs = [qiskit.qasm3.loads(to_openqasm(x)) for x in distinct]
        # Qiskit orders qubits little-endian: reverse the bits of the index to compare
        perm = [int(format(i, f"0{N_QUBITS}b")[::-1], 2) for i in range(1 << N_QUBITS)]
        ours = np.stack([sim.statevector(x) for x in distinct[:8]])
        theirs = np.stack([np.asarray(Statevector(q).data)[perm] for q in qcs[:8]])
        equal = check_equal(ours, theirs, atol=1e-10, what="qiskit Statevector")
        bench.measure(
            lambda: [Statevector(q) for q in qcs],
            workload=workload,
            size=size,
            method="qiskit",
            items=DISTINCT,
            unit="circuits/s",
            checked_equal=equal,
            repeat=1,
            warmup=0,
        )
    bench.measure(
        lambda: [sim.statevector(x) for x in distinct],
        workload=workload,
        size=size,
        method="reference",
        peer=peer,
        items=DISTINCT,
        unit="circuits/s",
        checked_equal=True,
        repeat=1,
        warmup=0,
        note="the reference is the baseline of the equality checks",
    )
    bench.write()


if __name__ == "__main__":
    main()
