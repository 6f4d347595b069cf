"""Benchmark: full entanglement-attention matrix throughput (pairs/s), reference vs. peers.

Workloads (entropy in nats, 4 re-uploading layers, ``N`` queries x ``N`` keys, default
``N = 64``): super-dense ``d = 12`` (6 qubits), dense ``d = 12`` (12 qubits), IQP ``d = 3``
(6 qubits) and IQP ``d = 6`` (12 qubits, ``iqp12``). Methods:

* ``ours-general``: :func:`reference.mechanisms.entanglement.scores` with ``path="general"``:
  the general path in matrix form (:mod:`reference.mechanisms.entanglement.matrix_form`);
* ``ours-general-gates`` (``--gates``): the gate-by-gate batched simulation it replaced;
* ``ours-fast``: the pair-product fast path (angle encodings only, ``S001-P08``);
* ``tensorcircuit`` (the peer of every ratio): ``tensorcircuit-ng``, JAX backend, complex128,
  ``vmap`` + ``jit`` over pairs, entropy ``tc.quantum.entropy(rho, eps=1e-15)``; its compile
  time is excluded (its first, checked call compiles);
* ``pennylane`` (``--peers pennylane``): ``default.qubit`` with parameter broadcasting, entropy
  from a NumPy SVD of the state.

Every result is checked equal (max abs difference <= 1e-9) to ``ours-general`` before it is timed
(:func:`tests.benchmarks.harness.check_equal`); each method is then run ``--repeat`` times and
its throughput is the **median** run (the machine may be shared); ratios are to the peer in the
same run. One BLAS thread (``OPENBLAS_NUM_THREADS=OMP_NUM_THREADS=1``) for every library, as
``nox -s bench`` sets. Output: the harness table and ``build/bench/entanglement.json``
(schema ``qah-bench/1``).

Run: ``python tests/benchmarks/bench_entanglement.py [--sizes 64] [--workloads dense iqp12]``.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

# Single-threaded BLAS: idle OpenBLAS worker threads spin after a NumPy SVD/matmul and starve
# XLA's thread pool on a small machine (measured here: TensorCircuit dense N=16 fell from ~1,350
# to ~220 pairs/s when run right after the reference's general path). Set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reference.mechanisms import entanglement as ent  # noqa: E402
from tests.benchmarks.harness import OUT_DIR, Bench, check_equal  # noqa: E402

LAYERS = 4
TOL = 1e-9

Method = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def _entropy_from_states(psi: np.ndarray, n_r: int) -> np.ndarray:
    """Peer-side entropy: SVD of the ``(2**n_r, 2**n_r)`` reshaped state (plain NumPy)."""
    s = np.linalg.svd(psi.reshape(psi.shape[0], 1 << n_r, 1 << n_r), compute_uv=False) ** 2
    s = np.where(s > 1e-15, s, 0.0)
    s = s / s.sum(axis=1, keepdims=True)
    return -np.sum(np.where(s > 0, s * np.log(np.where(s > 0, s, 1.0)), 0.0), axis=1)


def ours_general(cfg: ent.EntanglementConfig) -> Method:
    return lambda q, k, th: ent.scores(q, k, th, config=cfg, path="general")


def ours_gates(cfg: ent.EntanglementConfig) -> Method:
    return lambda q, k, th: ent.scores_general(q, k, th, config=cfg, method="gates")


def ours_fast(cfg: ent.EntanglementConfig) -> Method:
    return lambda q, k, th: ent.scores(q, k, th, config=cfg, path="fast")


def tensorcircuit_method(cfg: ent.EntanglementConfig, d: int) -> tuple[Method, dict[str, float]]:
    import tensorcircuit as tc

    backend = tc.set_backend("jax")
    tc.set_dtype("complex128")
    n_r = cfg.register_qubits(d)
    idx = ent.feature_index(cfg, d)
    gates = ent.ANGLE_GATES.get(cfg.encoding, ())

    def one(q: Any, k: Any, theta: Any) -> Any:
        c = tc.Circuit(2 * n_r)
        for _ in range(cfg.layers):
            for off, x in ((0, q), (n_r, k)):
                if gates:
                    for m in range(n_r):
                        for j, g in enumerate(gates):
                            getattr(c, g)(off + m, theta=x[int(idx[m, j])])
                else:
                    for i in range(n_r):
                        c.h(off + i)
                    for i in range(n_r):
                        c.rz(off + i, theta=x[i])
                    for i in range(n_r):
                        for j in range(i + 1, n_r):
                            c.rzz(off + i, off + j, theta=x[i] * x[j])
            for m in range(n_r):
                c.crx(m, n_r + m, theta=theta[m])
        rho = tc.quantum.reduced_density_matrix(c.state(), cut=list(range(n_r, 2 * n_r)))
        return tc.quantum.entropy(rho, eps=1e-15)

    batched = backend.jit(backend.vmap(one, vectorized_argnums=(0, 1)))
    info: dict[str, float] = {}

    def run(q: np.ndarray, k: np.ndarray, th: np.ndarray) -> np.ndarray:
        n, m = q.shape[0], k.shape[0]
        qq = np.repeat(q, m, axis=0)
        kk = np.tile(k, (n, 1))
        key = float(n * m)
        if key not in info:  # first call at this batch shape compiles
            t0 = time.perf_counter()
            np.asarray(batched(qq, kk, th))
            info[key] = time.perf_counter() - t0
        return np.asarray(batched(qq, kk, th)).reshape(n, m)

    return run, info


def pennylane_method(cfg: ent.EntanglementConfig, d: int, chunk: int) -> Method:
    import pennylane as qml

    n_r = cfg.register_qubits(d)
    idx = ent.feature_index(cfg, d)
    gate_of = {"rx": qml.RX, "ry": qml.RY}
    gates = ent.ANGLE_GATES.get(cfg.encoding, ())
    dev = qml.device("default.qubit", wires=2 * n_r)

    @qml.qnode(dev)
    def circuit(q: Any, k: Any, theta: Any) -> Any:
        for _ in range(cfg.layers):
            for off, x in ((0, q), (n_r, k)):
                if gates:
                    for m in range(n_r):
                        for j, g in enumerate(gates):
                            gate_of[g](x[int(idx[m, j])], wires=off + m)
                else:
                    for i in range(n_r):
                        qml.Hadamard(wires=off + i)
                    for i in range(n_r):
                        qml.RZ(x[i], wires=off + i)
                    for i in range(n_r):
                        for j in range(i + 1, n_r):
                            qml.IsingZZ(x[i] * x[j], wires=[off + i, off + j])
            for m in range(n_r):
                qml.CRX(theta[m], wires=[m, n_r + m])
        return qml.state()

    def run(q: np.ndarray, k: np.ndarray, th: np.ndarray) -> np.ndarray:
        n, m = q.shape[0], k.shape[0]
        qq = np.repeat(q, m, axis=0)
        kk = np.tile(k, (n, 1))
        out = np.empty(n * m)
        for lo in range(0, n * m, chunk):
            hi = min(n * m, lo + chunk)
            psi = np.asarray(circuit(qq[lo:hi].T, kk[lo:hi].T, th))
            out[lo:hi] = _entropy_from_states(psi.reshape(hi - lo, -1), n_r)
        return out.reshape(n, m)

    return run


WORKLOADS: dict[str, tuple[str, int]] = {
    "super_dense": ("super_dense", 12),
    "dense": ("dense", 12),
    "iqp": ("iqp", 3),
    "iqp12": ("iqp", 6),
}
"""Workload name -> (encoding, d): 6, 12, 6 and 12 qubits."""

PEERS = ("tensorcircuit", "pennylane")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[64])
    p.add_argument("--workloads", nargs="+", default=list(WORKLOADS), choices=list(WORKLOADS))
    p.add_argument("--budget", type=float, default=60.0, help="max seconds for one run")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per method (median)")
    p.add_argument("--peers", nargs="*", default=["tensorcircuit"], choices=list(PEERS))
    p.add_argument("--gates", action="store_true", help="also time the gate-by-gate general path")
    p.add_argument("--out", type=Path, default=OUT_DIR)
    a = p.parse_args(argv)
    rng = np.random.default_rng(2025)
    bench = Bench("entanglement")
    for wl in a.workloads:
        enc, d = WORKLOADS[wl]
        cfg = ent.EntanglementConfig(encoding=enc, layers=LAYERS)  # type: ignore[arg-type]
        n_r = cfg.register_qubits(d)
        methods: dict[str, Method] = {"ours-general": ours_general(cfg)}
        if a.gates:
            methods["ours-general-gates"] = ours_gates(cfg)
        compile_info: dict[str, dict[str, float]] = {}
        if cfg.is_angle_encoding:
            methods["ours-fast"] = ours_fast(cfg)
        if "tensorcircuit" in a.peers:
            methods["tensorcircuit"], compile_info["tensorcircuit"] = tensorcircuit_method(cfg, d)
        if "pennylane" in a.peers:
            methods["pennylane"] = pennylane_method(
                cfg, d, chunk=max(1, (2**27) // (16 << (2 * n_r)))
            )
        peer = next((m for m in PEERS if m in methods), None)
        per_pair: dict[str, float] = {}
        for n in sorted(a.sizes):
            q = rng.uniform(-math.pi, math.pi, (n, d))
            k = rng.uniform(-math.pi, math.pi, (n, d))
            th = rng.uniform(-math.pi, math.pi, n_r)
            size = {"qubits": 2 * n_r, "d": d, "N": n, "layers": LAYERS}
            workload = f"entropy, {enc} ({2 * n_r} qubits)"
            ref: np.ndarray | None = None
            for name, fn in methods.items():
                est = per_pair.get(name, 0.0) * n * n * (a.repeat + 1)
                if est > a.budget:
                    print(f"{wl:12s} N={n:4d} {name:18s} skipped (estimated {est:.0f} s)")
                    continue
                t0 = time.perf_counter()
                out = fn(q, k, th)  # first call: checked, and compiles a jit peer
                per_pair[name] = (time.perf_counter() - t0) / (n * n)
                if ref is None:
                    ref = out
                ok = check_equal(ref, out, atol=TOL, what=f"{wl} N={n} {name}")
                rec = bench.measure(
                    lambda fn=fn, q=q, k=k, th=th: fn(q, k, th),  # type: ignore[misc]
                    workload=workload,
                    size=size,
                    method=name,
                    items=n * n,
                    unit="pairs/s",
                    checked_equal=ok,
                    peer=None if name == peer else peer,
                    repeat=a.repeat,
                    warmup=0,
                    note=_note(name, compile_info, n),
                )
                med = n * n / rec.seconds.median if rec.seconds else 0.0
                bench.records[-1] = replace(rec, throughput=med)
                per_pair[name] = 1.0 / med
                print(f"{wl:12s} N={n:4d} {name:18s} {med:12.0f} pairs/s (median)", flush=True)
    bench.write(a.out)
    return 0


def _note(name: str, compile_info: dict[str, dict[str, float]], n: int) -> str:
    base = "throughput from the median run"
    secs = compile_info.get(name, {}).get(float(n * n))
    return f"{base}; jit compile {secs:.2f} s excluded" if secs is not None else base


if __name__ == "__main__":
    raise SystemExit(main())
