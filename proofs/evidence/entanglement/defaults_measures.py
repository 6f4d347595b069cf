"""Evidence for the reconstructed measure and circuit-layout defaults of seed 001 (``S001-A10``,
``A11``, ``A13`` .. ``A15``, ``A17``, ``A18``), in the form of :mod:`.defaults`: each case carries
named checks (the default's value, the emitted circuit's structure, equalities against an
independent oracle with derived tolerances, "the alternative changes the scores" as a boolean)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np

from proofs.evidence.entanglement._common import _auto, _general, _random_inputs
from proofs.evidence.entanglement.defaults import _angle, _changes, _default, _held, _max_diff
from proofs.ledger import Case, Evidence, EvidenceRegistry, Held
from properties.entanglement import laws
from properties.outcome import close, combine, true
from properties.tolerances import EPS, entropy_tolerance, purity_rounding
from reference import quantum_info as qi
from reference import simulate as sim
from reference.estimators import swap_test
from reference.mechanisms import entanglement as ent

EVIDENCE = EvidenceRegistry()


@EVIDENCE.claim("S001-A10")
def a10_swap_output(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="dense", measure="swap", layers=2)
    q, k, _ = _random_inputs(rng, cfg, 4)
    p1 = _general(q, k, None, config=cfg)
    fid = _general(q, k, None, config=replace(cfg, swap_output="fidelity"))
    n_r = cfg.register_qubits(4)
    zero = np.zeros(cfg.theta_shape(n_r))
    # SWAP-test P(1) = (1 - F)/2 and F are sums of 4^n_r products of amplitudes: 64 eps covers
    # the 2 n_r + 2 rounded gate layers at n_r = 2
    tol = 64 * EPS

    def cases() -> Iterator[Case]:
        yield _default("swap_output", "p1"), {"check": "default"}
        for i in range(q.shape[0]):
            for j in range(k.shape[0]):
                # independent oracle: |<phi(q)|phi(k)>|^2 from the encoding states. With theta
                # = 0 every CRX is the identity, so the simulated pair state is phi(q) (x)
                # phi(k); its (2^n_r, 2^n_r) matrix is rank one, and the factors' overlap is read
                # off its SVD (phases cancel).
                psi = sim.statevector(ent.pair_circuit(q[i], k[j], zero, config=cfg))
                u, _, vh = np.linalg.svd(psi.reshape(1 << n_r, 1 << n_r))
                f = float(abs(np.vdot(u[:, 0], vh[0])) ** 2)
                yield (
                    combine(
                        close("default = P(1) = (1 - F)/2", float(p1[i, j]), (1 - f) / 2, tol),
                        close("swap_output='fidelity' = F", float(fid[i, j]), f, tol),
                    ),
                    {"encoding": "dense", "d": 4, "i": i, "j": j, "F": f},
                )

    return _held(
        cases(),
        "measured: the default SWAP-test logit and the 'fidelity' option on 3 x 4 random "
        "dense-encoded pairs, against |<phi(q)|phi(k)>|^2 computed independently from the "
        "simulated encoding states (theta = 0 pair circuit, rank-one factors by SVD): default = "
        "P(1) = (1 - F)/2, swap_output='fidelity' = F, each within 64 eps",
    )


@EVIDENCE.claim("S001-A11")
def a11_concurrence_form(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="super_dense", measure="concurrence", layers=2)

    def cases() -> Iterator[Case]:
        yield _default("concurrence_form", "one_minus_p0"), {"check": "default"}
        for _ in range(3):
            q, k, th = _random_inputs(rng, cfg, 4, 2, 2)
            c = _general(q, k, th, config=cfg).reshape(-1)
            psi = ent.pair_states_general(q, k, th, config=cfg)
            probs = swap_test.cswap_probabilities(psi)
            c_circ = swap_test.concurrence_from_p0(probs[:, 0])
            lit = ent.concurrence_paper_literal(probs)
            # both read the same pair state: the circuit's P(0^n) is within the c-SWAP
            # probability bound, the purity average within its rounding; C = 2 sqrt(1 - P0)
            # then moves by the Lipschitz bound dP0 / sqrt(1 - P0) (2 sqrt(dP0) near C = 0)
            n = psi.shape[1].bit_length() - 1
            p0_err = laws.cswap_probability_tolerance(n) + purity_rounding(psi.shape[1])
            tol = laws.concurrence_tolerance(c_circ, p0_err)
            yield (
                combine(
                    laws.close_each(
                        "measure='concurrence' = 2 sqrt(1 - P(0^n)) of the c-SWAP circuit",
                        c,
                        c_circ,
                        tol,
                    ),
                    true(
                        "the literal formula differs from C on every pair",
                        bool(np.all(np.abs(lit - c) > tol)),
                    ),
                ),
                {"encoding": "super_dense", "d": 4, "pairs": int(c.size)},
            )

    return _held(
        cases(),
        "measure='concurrence' is 2 sqrt(1 - P(0^n)) and equals the value read off the simulated "
        "c-SWAP circuit on the same pair states (12 qubits) within the Lipschitz bound "
        "dP0 / sqrt(1 - P0) of the probability error; the literal formula (2 for every pair) "
        "differs; 3 random super-dense inputs of 2 x 2 pairs",
    )


@EVIDENCE.claim("S001-A13")
def a13_registers(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="dense", layers=1)
    alt_cfg = replace(cfg, register_layout="key_first")
    xq, xk = [0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]

    def query_qubits(circ: Any) -> set[int]:
        return {op.qubits[0] for op in circ.ops if op.gate in ("rx", "ry") and _angle(op) in xq}

    q_def = query_qubits(ent.pair_circuit(xq, xk, [0.1, 0.2], config=cfg))
    q_alt = query_qubits(ent.pair_circuit(xq, xk, [0.1, 0.2], config=alt_cfg))

    def cases() -> Iterator[Case]:
        yield (
            combine(
                _default("register_layout", "query_first"),
                true("default: query features on qubits {0, 1}", q_def == {0, 1}),
                true("'key_first': query features on qubits {2, 3}", q_alt == {2, 3}),
            ),
            {"check": "emitted circuit", "query_qubits": sorted(q_def), "alt": sorted(q_alt)},
        )
        for _ in range(3):
            q, k, th = _random_inputs(rng, cfg, 6)
            yield (
                close(
                    "'key_first' scores = 'query_first' scores",
                    _general(q, k, th, config=alt_cfg),
                    _general(q, k, th, config=cfg),
                    laws.score_tolerance(cfg, 6, q, k, th),
                ),
                {"encoding": "dense", "d": 6},
            )

    return _held(
        cases(),
        "default: query features on qubits 0..n_r-1; 'key_first' moves them to n_r..2n_r-1 (the "
        "emitted circuit changes) while pure-state scores are unchanged (3 random dense inputs, "
        "Fannes-Audenaert tolerance)",
    )


@EVIDENCE.claim("S001-A14")
def a14_feature_scale(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="dense", layers=2)
    alt = replace(cfg, feature_scale=0.5)
    c = ent.pair_circuit([0.25, -0.5], [0.75, 1.5], [0.3], config=cfg)
    angles = [_angle(op) for op in c.ops if op.gate in ("rx", "ry")][:4]
    seen: list[float] = []

    def cases() -> Iterator[Case]:
        yield (
            combine(
                _default("feature_scale", 1.0),
                close(
                    "default gate angles = features (radians)", angles, [0.25, -0.5, 0.75, 1.5], 0.0
                ),
            ),
            {"check": "emitted angles", "angles": angles},
        )
        for _ in range(3):
            q, k, th = _random_inputs(rng, cfg, 4)
            a_alt = _auto(q, k, th, config=alt)
            changed = _max_diff(_auto(q, k, th, config=cfg), a_alt)
            tol = laws.score_tolerance(cfg, 4, q, k, th)
            seen.append(changed)
            yield (
                combine(
                    _changes("feature_scale=0.5", changed, tol),
                    close(
                        "feature_scale=0.5 = inputs scaled by 0.5",
                        a_alt,
                        _auto(0.5 * q, 0.5 * k, th, config=cfg),
                        tol,
                    ),
                ),
                {"encoding": "dense", "d": 4, "changed": changed},
            )

    held = _held(cases(), "feature scale")
    if not isinstance(held, Held):
        return held
    return replace(
        held,
        detail="default: features are the gate angles in radians (no rescaling, exact); on 3 "
        f"random dense inputs feature_scale=0.5 changes the scores (by {min(seen):.3g} .. "
        f"{max(seen):.3g}) and equals scaling the inputs within the Fannes-Audenaert tolerance",
    )


@EVIDENCE.claim("S001-A15")
def a15_iqp_within(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="iqp", layers=2)
    tmpl = ent.pair_template(cfg, 3)
    qa, qb = set(range(3)), set(range(3, 6))
    rzz = [op.qubits for op in tmpl.ops if op.gate == "rzz"]
    across = [qs for qs in rzz if not (set(qs) <= qa or set(qs) <= qb)]
    alt = replace(cfg, iqp_entanglers="none")
    seen: list[float] = []

    def cases() -> Iterator[Case]:
        yield (
            combine(
                _default("iqp_entanglers", "within_register"),
                true("no RZZ across the registers", not across),
                true("12 RZZ gates (3 pairs x 2 registers x 2 layers)", len(rzz) == 12),
            ),
            {"check": "emitted circuit", "rzz": [list(x) for x in rzz]},
        )
        for _ in range(3):
            q, k, th = _random_inputs(rng, cfg, 3)
            changed = _max_diff(_general(q, k, th, config=cfg), _general(q, k, th, config=alt))
            seen.append(changed)
            yield (
                _changes("iqp_entanglers='none'", changed, laws.score_tolerance(cfg, 3, q, k, th)),
                {"encoding": "iqp", "d": 3, "changed": changed},
            )

    held = _held(cases(), "IQP entanglers")
    if not isinstance(held, Held):
        return held
    return replace(
        held,
        detail=f"default: {len(rzz)} RZZ gates, all within a register (3 pairs x 2 registers x "
        "2 layers), none across; on 3 random IQP inputs iqp_entanglers='none' drops them and "
        f"changes the scores (by {min(seen):.3g} .. {max(seen):.3g})",
    )


def _entropy_nats(rho: np.ndarray) -> float:
    p = np.linalg.eigvalsh(rho)
    p = p[p > 0]
    return float(-np.sum(p * np.log(p)))


@EVIDENCE.claim("S001-A17")
def a17_noisy_subsystem(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="super_dense", layers=2)
    # asymmetric noise (amplitude damping on the key qubit only) makes the global state mixed
    damp = sim.amplitude_damping(0.2)

    def noise(op: Any) -> list[tuple[sim.Channel, tuple[int, ...]]]:
        return [(damp, (1,))] if 1 in op.qubits else []

    # two entropy computations of a 2x2 reduced state: the entropy tolerance of each
    tol = 2 * entropy_tolerance(2)
    found: list[tuple[float, float]] = []

    def cases() -> Iterator[Case]:
        yield _default("entropy_subsystem", "query"), {"check": "default"}
        for _ in range(3):
            c = ent.pair_circuit(rng.uniform(-3, 3, 4), rng.uniform(-3, 3, 4), [1.3], config=cfg)
            rho = sim.density_matrix(c, noise=noise)
            # independent oracle: reduced states by an explicit index contraction (qubit 0 =
            # most significant bit) and -sum p ln p of their eigenvalues
            r4 = rho.reshape(2, 2, 2, 2)
            s_a = _entropy_nats(np.einsum("ijkj->ik", r4))
            s_b = _entropy_nats(np.einsum("ijil->jl", r4))
            s_def = float(ent.entropy_of_density_matrix(rho, n_r=1))
            s_key = float(
                ent.entropy_of_density_matrix(
                    rho, n_r=1, config=replace(cfg, entropy_subsystem="key")
                )
            )
            found.append((s_a, s_b))
            yield (
                combine(
                    close("default = S(rho_A) (explicit partial trace)", s_def, s_a, tol),
                    close("'key' = S(rho_B) (explicit partial trace)", s_key, s_b, tol),
                    true("noisy S(rho_A) != S(rho_B) beyond the tolerance", abs(s_a - s_b) > tol),
                ),
                {"encoding": "super_dense", "S_A": s_a, "S_B": s_b},
            )

    held = _held(cases(), "noisy subsystem")
    if not isinstance(held, Held):
        return held
    pairs = ", ".join(f"{a:.4f} vs {b:.4f}" for a, b in found)
    return replace(
        held,
        detail="noisy (amplitude damping 0.2 on the key) super-dense pairs, 3 random inputs: "
        f"S(rho_A) != S(rho_B) ({pairs}; computed here by an explicit partial trace and "
        "eigenvalues); the default entropy_of_density_matrix returns the query register's, "
        "'key' the other, within 2 entropy_tolerance(2)",
    )


@EVIDENCE.claim("S001-A18")
def a18_swap_states(rng: np.random.Generator) -> Evidence:
    cfg = ent.EntanglementConfig(encoding="dense", measure="swap", layers=2)
    alt = replace(cfg, swap_states="pair_state")
    c = ent.pair_swap_test_circuit([0.1, 0.2], [0.3, 0.4], [0.7], config=cfg)
    seen: list[float] = []

    def cases() -> Iterator[Case]:
        yield (
            combine(
                _default("swap_states", "encoding_only"),
                true("encoding-only SWAP-test circuit has no CRX", not c.count_ops().get("crx", 0)),
            ),
            {"check": "emitted circuit"},
        )
        for _ in range(3):
            q, k, th = _random_inputs(rng, cfg, 4)
            th2 = th + 1.0
            base = _general(q, k, th, config=cfg)
            dep = _max_diff(_general(q, k, th, config=alt), _general(q, k, th2, config=alt))
            # encoding-only P(1) = (1 - |<U(q)0|U(k)0>|^2)/2 with the states simulated apart
            tmpl = ent.pair_template(cfg, 4, pqc=False)
            sq = sim.statevector(tmpl, bindings=ent.pair_bindings(q, q, None, cfg))
            sk = sim.statevector(tmpl, bindings=ent.pair_bindings(k, k, None, cfg))
            a_states = qi.reduced_density_matrix(sq, [0, 1])
            b_states = qi.reduced_density_matrix(sk, [2, 3])
            ov = np.abs(np.einsum("iab,jba->ij", a_states, b_states))
            # P(1) = (1 - |<a|b>|^2)/2 moves by at most the 2-norm state error of either
            # computation (as for the SWAP path of S001-P08)
            delta = laws.pair_state_error(alt, 4, laws.max_angle(alt, q, k, th2))
            tol = 4 * delta + purity_rounding(1 << 4)
            seen.append(dep)
            yield (
                combine(
                    close(
                        "encoding-only P(1) independent of theta",
                        _general(q, k, th2, config=cfg),
                        base,
                        tol,
                    ),
                    close(
                        "encoding-only P(1) = (1 - |<U(q)0|U(k)0>|^2)/2", base, 0.5 * (1 - ov), tol
                    ),
                    _changes("theta under swap_states='pair_state'", dep, tol),
                ),
                {"encoding": "dense", "d": 4, "theta_dependence": dep},
            )

    held = _held(cases(), "SWAP states")
    if not isinstance(held, Held):
        return held
    return replace(
        held,
        detail="default: SWAP test of U(q)|0> and U(k)|0> (no CRX; on 3 random dense inputs "
        "P(1) is independent of theta and equals (1 - |<U(q)0|U(k)0>|^2)/2 from separately "
        "simulated states, within 4 delta + 64 D eps); swap_states='pair_state' depends on "
        f"theta (by {min(seen):.3g} .. {max(seen):.3g})",
    )
