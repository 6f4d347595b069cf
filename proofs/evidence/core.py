"""Evidence for the foundational ``H-CORE`` claims (gate table, simulator, quantum information).

Every case is a law of :mod:`properties.core.laws` applied to the reference implementation, passed
explicitly (``matrix=_gates.matrix``, ``simulate=sim.statevector``, ``entropy=...``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from proofs.ledger import JSON, Case, Evidence, EvidenceRegistry, held_or_failed
from properties.core import laws
from reference import gates as _gates
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit
from reference.testing import random_circuit, random_product_state, random_state

EVIDENCE = EvidenceRegistry()
_S = qi.entanglement_entropy


def _circuit_json(c: Circuit) -> JSON:
    return {
        "num_qubits": c.num_qubits,
        "ops": [
            [op.gate, list(op.qubits), [float(p) for p in op.params]]  # type: ignore[arg-type]
            for op in c.ops
        ],
    }


@EVIDENCE.claim("H-CORE-01")
def gates_unitary(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for name, spec in _gates.GATES.items():
            arities = [spec.num_qubits] if spec.num_qubits else [2, 3, 4, 5]
            for nq in arities:
                for _ in range(20):
                    params = tuple(
                        float(x) for x in rng.uniform(-4 * np.pi, 4 * np.pi, spec.num_params)
                    )
                    yield (
                        laws.law_gate_unitary(name, params, nq, matrix=_gates.matrix),
                        {"gate": name, "params": list(params), "num_qubits": nq},
                    )

    return held_or_failed(
        cases(),
        detail="||U^dag U - I||_max <= 4 dim eps for every gate of the "
        f"table ({len(_gates.GATES)} gates, 20 random parameter draws each)",
    )


def _random_circuits(
    rng: np.random.Generator, count: int, max_qubits: int = 6
) -> Iterator[Circuit]:
    for _ in range(count):
        n = int(rng.integers(1, max_qubits + 1))
        yield random_circuit(rng, num_qubits=n, num_gates=int(rng.integers(1, 40)))


@EVIDENCE.claim("H-CORE-02")
def simulator_matches_dense(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for c in _random_circuits(rng, 300):
            yield (
                laws.law_simulator_matches_dense(c, sim.statevector),
                {"circuit": _circuit_json(c)},
            )

    return held_or_failed(
        cases(),
        detail="300 random circuits on 1..6 qubits over the whole gate table: every amplitude "
        "of the simulator equals the Kronecker-expanded dense product within 4 (m+1) 2^kmax eps",
    )


@EVIDENCE.claim("H-CORE-03")
def norm_preserved(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for c in _random_circuits(rng, 300, max_qubits=10):
            yield laws.law_norm_preserved(c, sim.statevector), {"circuit": _circuit_json(c)}

    return held_or_failed(
        cases(),
        detail="random circuits on 1..10 qubits; | ||psi|| - 1 | within the state tolerance",
    )


def _random_bipartitions(
    rng: np.random.Generator, count: int
) -> Iterator[tuple[np.ndarray, list[int]]]:
    for i in range(count):
        n = int(rng.integers(2, 9))
        psi = (
            random_state(rng, n)
            if i % 2 == 0
            else sim.statevector(
                random_circuit(rng, num_qubits=n, num_gates=int(rng.integers(1, 30)))
            )
        )
        k = int(rng.integers(1, n))
        sub = sorted(int(q) for q in rng.choice(n, size=k, replace=False))
        yield psi, sub


@EVIDENCE.claim("H-CORE-04")
def entropy_bounds(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for psi, sub in _random_bipartitions(rng, 400):
            yield (
                laws.law_entropy_bounds(psi, sub, entropy=_S),
                {"n": int(psi.size).bit_length() - 1, "subsystem": sub},
            )

    return held_or_failed(
        cases(),
        detail="Haar-random states and random-circuit states on 2..8 qubits, random subsystems: "
        "S_A >= 0 and S_A <= min(n_A, n_B) ln 2, each within 64 D eps + D 4e-14",
    )


@EVIDENCE.claim("H-CORE-05")
def entropy_symmetric(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for psi, sub in _random_bipartitions(rng, 400):
            yield (
                laws.law_entropy_symmetric(psi, sub, entropy=_S),
                {"n": int(psi.size).bit_length() - 1, "subsystem": sub},
            )

    return held_or_failed(cases(), detail="|S_A - S_B| within 64 dim eps + dim 4e-14")


@EVIDENCE.claim("H-CORE-06")
def bell_and_product(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        yield laws.law_bell_entropy(entropy=_S), {"state": "bell"}
        for _ in range(200):
            n = int(rng.integers(2, 9))
            psi = random_product_state(rng, n)
            k = int(rng.integers(1, n))
            sub = sorted(int(q) for q in rng.choice(n, size=k, replace=False))
            yield (
                laws.law_product_state_zero_entropy(psi, sub, entropy=_S),
                {"n": n, "subsystem": sub},
            )

    return held_or_failed(
        cases(),
        detail="S(Bell) = ln 2 within 64 D eps + D 4e-14; 200 random product states on 2..8 "
        "qubits give S == 0.0 exactly (tolerance 0)",
    )


@EVIDENCE.claim("H-CORE-07")
def batched_equals_loop(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(60):
            n = int(rng.integers(1, 7))
            c = random_circuit(rng, num_qubits=n, num_gates=int(rng.integers(1, 30)), symbolic=True)
            b = int(rng.integers(1, 9))
            vals = {p: rng.uniform(-7, 7, b) for p in c.parameters}
            outcome = laws.law_batched_equals_loop(
                c, vals, b, statevector=sim.statevector, statevector_batch=sim.statevector_batch
            )
            first = c.bind({p: float(v[0]) for p, v in vals.items()})
            yield outcome, {"circuit": _circuit_json(first), "batch": b}

    return held_or_failed(
        cases(),
        detail="bindings=(B,) arrays and statevector_batch equal a loop of single simulations",
    )


@EVIDENCE.claim("H-CORE-08")
def density_matches_statevector(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(80):
            n = int(rng.integers(1, 6))
            c = random_circuit(rng, num_qubits=n, num_gates=int(rng.integers(1, 25)))
            outcome = laws.law_density_matches_pure(
                c, statevector=sim.statevector, density_matrix=sim.density_matrix
            )
            yield outcome, {"circuit": _circuit_json(c)}
        for _ in range(40):
            n = int(rng.integers(1, 5))
            c = random_circuit(rng, num_qubits=n, num_gates=int(rng.integers(1, 15)))
            p = float(rng.uniform(0, 1 / 3))
            g = float(rng.uniform(0, 1))
            noise = laws.noise_model(p, g)
            yield (
                laws.law_noisy_density_is_state(c, noise, density_matrix=sim.density_matrix),
                {"circuit": _circuit_json(c), "p": p, "gamma": g},
            )

    return held_or_failed(
        cases(),
        detail="noiseless density matrix = |psi><psi|; with depolarizing "
        "and amplitude-damping channels rho stays Hermitian, unit-trace, PSD",
    )


@EVIDENCE.claim("H-CORE-09")
def conventions(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        yield laws.law_qubit_zero_is_msb(simulate=sim.statevector), {"check": "x on qubit 0"}
        for _ in range(50):
            t = float(rng.uniform(-4 * np.pi, 4 * np.pi))
            for name in laws.ROTATIONS:
                yield (
                    laws.law_rotation_convention(name, t, matrix=_gates.matrix),
                    {
                        "gate": name,
                        "t": t,
                    },
                )

    return held_or_failed(
        cases(),
        detail="R_P(t) = expm(-i t P/2), rzz = expm(-i t ZZ/2), "
        "CRX = |0><0| (x) I + |1><1| (x) RX, X on qubit 0 sets the MSB; "
        "tolerance 64 eps (1 + |t|) for scipy's expm",
    )


@EVIDENCE.claim("H-CORE-10")
def concurrence_consistency(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(200):
            a = random_state(rng, 2)
            case = {"state": [[float(z.real), float(z.imag)] for z in a]}
            yield (
                laws.law_concurrence_forms(
                    a, wootters=qi.concurrence_wootters, pure=qi.concurrence_pure
                ),
                case,
            )
        yield laws.law_concurrence_ghz3(pure=qi.concurrence_pure), {"state": "ghz3"}

    return held_or_failed(
        cases(),
        detail="200 Haar 2-qubit states: Wootters (state form, 64 eps; density-matrix form, "
        "~540 eps from the eigen-solver's backward error) and the Carvalho n-qubit form "
        "(2^(1-n/2) sqrt(4^n 4 eps)) agree with 2|ad-bc|; GHZ_3 gives sqrt(3/2)",
    )
