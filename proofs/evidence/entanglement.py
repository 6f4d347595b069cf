"""Evidence for the entanglement-attention claims of seed 001 (``S001-P01`` .. ``S001-P15``,
``S001-P25``) and the reconstructed defaults ``S001-A01`` .. ``A05``, ``A10``, ``A11``, ``A13`` ..
``A15``, ``A17``, ``A18`` implemented in :mod:`reference.mechanisms.entanglement`.

SymPy proofs run the *gate lists of the circuits the reference emits* on symbolic amplitudes with
exact gate matrices (``H = [[1, 1], [1, -1]] / sqrt 2``, ``CSWAP`` as a permutation); the numeric
gate table is tied to those matrices by ``H-CORE-09``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import sympy as sp

from proofs.ledger import (
    JSON,
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Held,
    Proved,
    Refuted,
    held_or_failed,
    load_counterexample,
)
from properties.core import laws as laws_core
from properties.entanglement import laws
from reference import gates as _gates
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit, Op, ParamExpr
from reference.estimators import swap_test
from reference.mechanisms import entanglement as ent
from reference.testing import random_state

EVIDENCE = EvidenceRegistry()


_DIMS = {"super_dense": (4, 8), "dense": (2, 4, 6), "iqp": (2, 3)}


def _random_config(
    rng: np.random.Generator,
    encodings: Sequence[str] = ("super_dense", "dense", "iqp"),
    **fixed: Any,
) -> tuple[ent.EntanglementConfig, int]:
    enc = str(rng.choice(list(encodings)))
    opts: dict[str, Any] = {
        "encoding": enc,
        "layers": int(rng.integers(1, 5)),
        "crx_direction": str(rng.choice(["query_to_key", "key_to_query"])),
        "share_theta_across_layers": bool(rng.integers(0, 2)),
        "feature_layout": str(rng.choice(["contiguous", "strided"])),
        "register_layout": str(rng.choice(["query_first", "key_first"])),
        "phi2": str(rng.choice(["product", "havlicek"])),
    }
    opts.update(fixed)
    d = int(rng.choice(_DIMS[str(opts["encoding"])]))
    return ent.EntanglementConfig(**opts), d


def _random_inputs(
    rng: np.random.Generator, cfg: ent.EntanglementConfig, d: int, n: int = 3, m: int = 4
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    q = rng.uniform(-math.pi, math.pi, (n, d))
    k = rng.uniform(-math.pi, math.pi, (m, d))
    theta = rng.uniform(-2 * math.pi, 2 * math.pi, cfg.theta_shape(cfg.register_qubits(d)))
    return q, k, theta


def _case(cfg: ent.EntanglementConfig, d: int, **extra: JSON) -> dict[str, JSON]:
    out: dict[str, JSON] = {
        "encoding": cfg.encoding,
        "d": d,
        "layers": cfg.layers,
        "crx_direction": cfg.crx_direction,
        "share_theta": cfg.share_theta_across_layers,
        "layout": cfg.feature_layout,
        "registers": cfg.register_layout,
    }
    out.update(extra)
    return out


def _general(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="general")


def _auto(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config)


def _fast(q: Any, k: Any, theta: Any, *, config: ent.EntanglementConfig) -> np.ndarray:
    return ent.scores(q, k, theta, config=config, path="fast")


_states = ent.pair_states_general
"""The pair-state implementation the state laws check."""

_CSWAP = (swap_test.cswap_probabilities, swap_test.cswap_probabilities_purity)
_FORMS = (swap_test.cswap_probabilities, swap_test.concurrence_from_p0)
_PAIR_CONC = (_states, swap_test.concurrence_purity, swap_test.concurrence_from_p0)


# ---------------------------------------------------------------------------------------------
# exact (SymPy) simulation of the reference's own gate lists


def _sp_gate(name: str, params: Sequence[Any]) -> sp.Matrix:
    half = sp.Rational(1, 2)
    if name == "h":
        return sp.Matrix([[1, 1], [1, -1]]) / sp.sqrt(2)
    if name == "rx":
        t = params[0] * half
        return sp.Matrix([[sp.cos(t), -sp.I * sp.sin(t)], [-sp.I * sp.sin(t), sp.cos(t)]])
    if name == "ry":
        t = params[0] * half
        return sp.Matrix([[sp.cos(t), -sp.sin(t)], [sp.sin(t), sp.cos(t)]])
    if name == "crx":
        r = _sp_gate("rx", params)
        m = sp.eye(4)
        m[2:, 2:] = r
        return m
    if name == "swap":
        return sp.Matrix([[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]])
    if name == "cswap":
        m = sp.eye(8)
        m[4:, 4:] = _sp_gate("swap", ())
        return m
    raise ValueError(f"gate={name!r} has no exact SymPy matrix here")


def _sp_apply(state: list[Any], n: int, name: str, qubits: Sequence[int]) -> list[Any]:
    """Apply an exact gate to a symbolic statevector (qubit 0 = most significant bit)."""
    u = _sp_gate(name, ())
    k = len(qubits)
    out = [sp.Integer(0)] * (1 << n)
    for idx in range(1 << n):
        col = 0
        for q in qubits:
            col = (col << 1) | ((idx >> (n - 1 - q)) & 1)
        for row in range(1 << k):
            coeff = u[row, col]
            if coeff == 0:
                continue
            j = idx
            for pos, q in enumerate(qubits):
                bit = (row >> (k - 1 - pos)) & 1
                j = (j & ~(1 << (n - 1 - q))) | (bit << (n - 1 - q))
            out[j] = out[j] + coeff * state[idx]
    return out


def _sp_amplitudes(prefix: str, dim: int) -> list[Any]:
    xs = sp.symbols(f"{prefix}r0:{dim}", real=True)
    ys = sp.symbols(f"{prefix}i0:{dim}", real=True)
    return [x + sp.I * y for x, y in zip(xs, ys, strict=True)]


def _sp_kron(*vecs: Sequence[Any]) -> list[Any]:
    out: list[Any] = [sp.Integer(1)]
    for v in vecs:
        out = [a * b for a in out for b in v]
    return out


def _sp_abs2(z: Any) -> Any:
    return sp.expand(z * sp.conjugate(z))


def _sp_reduced_purity(psi: Sequence[Any], n: int, alpha: Sequence[int]) -> Any:
    """``Tr rho_alpha^2`` of an (unnormalised) pure state, ``(sum |psi|^2)^2`` for the empty set."""
    rest = [q for q in range(n) if q not in alpha]
    da, dr = 1 << len(alpha), 1 << len(rest)
    m = sp.zeros(da, dr)
    for idx in range(1 << n):
        bits = [(idx >> (n - 1 - q)) & 1 for q in range(n)]
        a = int("".join(str(bits[q]) for q in alpha) or "0", 2)
        r = int("".join(str(bits[q]) for q in rest) or "0", 2)
        m[a, r] = psi[idx]
    rho = m * m.H
    return sp.expand(sum(_sp_abs2(rho[i, j]) for i in range(da) for j in range(da)))


def _test_part(c: Circuit) -> list[tuple[str, tuple[int, ...]]]:
    return [(op.gate, op.qubits) for op in c.gate_ops if op.gate in ("h", "cswap")]


def _swap_test_proof() -> tuple[bool, str]:
    """P(1) = (|a|^2 |b|^2 - |<a|b>|^2) / 2 for the SWAP test of the emitted circuit, n_r = 1."""
    circ = ent.pair_swap_test_circuit(
        [0.1, 0.2], [0.3, 0.4], config=ent.EntanglementConfig(encoding="dense", layers=1)
    )
    a = _sp_amplitudes("a", 2)
    b = _sp_amplitudes("b", 2)
    state = _sp_kron([1, 0], a, b)
    for name, qs in _test_part(circ):
        state = _sp_apply(state, 3, name, qs)
    p1 = sp.expand(sum(_sp_abs2(state[i]) for i in range(4, 8)))
    na = sum(_sp_abs2(x) for x in a)
    nb = sum(_sp_abs2(x) for x in b)
    ov = sum(sp.conjugate(x) * y for x, y in zip(a, b, strict=True))
    want = sp.expand((na * nb - _sp_abs2(ov)) / 2)
    ok = sp.expand(p1 - want) == 0
    return bool(ok), f"gates {_test_part(circ)} on |0>|a>|b> with 4 complex symbols"


def _cswap_expansion_proof(n: int = 2) -> tuple[bool, str]:
    """P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2 for the emitted c-SWAP circuit."""
    circ = swap_test.cswap_concurrence_circuit(n)
    psi = _sp_amplitudes("p", 1 << n)
    state = _sp_kron(*([[1, 0]] * n), psi, psi)
    for name, qs in _test_part(circ):
        state = _sp_apply(state, 3 * n, name, qs)
    pur = {
        alpha: _sp_reduced_purity(psi, n, alpha)
        for k in range(n + 1)
        for alpha in itertools.combinations(range(n), k)
    }
    block = 1 << (2 * n)
    for z in range(1 << n):
        pz = sp.expand(sum(_sp_abs2(state[z * block + i]) for i in range(block)))
        zset = {q for q in range(n) if (z >> (n - 1 - q)) & 1}
        want = sum((-1) ** len(zset & set(alpha)) * val for alpha, val in pur.items()) / sp.Integer(
            1 << n
        )
        if sp.expand(pz - want) != 0:
            return False, f"z={z:0{n}b}: difference does not vanish"
    return True, (
        f"all {1 << n} outcomes of the emitted {3 * n}-qubit circuit "
        f"({len(circ.gate_ops)} gates) on |0^{n}> psi psi, psi with {1 << n} complex symbols "
        "(homogeneous form: Tr rho_empty^2 = |psi|^4)"
    )


# ---------------------------------------------------------------------------------------------
# S001-P01 .. P04


@EVIDENCE.claim("S001-P01")
def p01_unitary(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for name in ("rx", "ry", "rz", "h", "crx", "rzz", "swap", "cswap"):
            spec = _gates.get(name)
            for _ in range(25):
                params = tuple(
                    float(x) for x in rng.uniform(-4 * np.pi, 4 * np.pi, spec.num_params)
                )
                yield (
                    laws_core.law_gate_unitary(name, params, spec.num_qubits),
                    {"gate": name, "params": list(params)},
                )
        for _ in range(30):
            cfg, d = _random_config(rng)
            q, k, th = _random_inputs(rng, cfg, d)
            yield laws.law_state_normalised(_states, cfg, q, k, th), _case(cfg, d)

    return held_or_failed(
        cases(),
        detail="U^dag U = I within 4 dim eps for RX RY RZ H CRX RZZ SWAP CSWAP (25 angles each); "
        "pair states of random configurations (all encodings) have unit norm within "
        "sqrt(D) * state_tolerance",
    )


@EVIDENCE.claim("S001-P02")
def p02_entropy_bounds(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for fn in (_general, _fast, _general):
            for _ in range(20):
                encs = ("super_dense", "dense") if fn is _fast else ("super_dense", "dense", "iqp")
                cfg, d = _random_config(rng, encs)
                q, k, th = _random_inputs(rng, cfg, d)
                yield laws.law_entropy_bounds(fn, cfg, q, k, th), _case(cfg, d)
        # the bound is reached: dense d=2, CRX(pi) on equal-weight control (S = ln 2)
        cfg = ent.EntanglementConfig(encoding="dense", layers=1)
        q, k = np.array([[math.pi / 2, 0.0]]), np.zeros((1, 2))
        slack = laws.law_entropy_bounds(_general, cfg, q, k, np.array([math.pi]))
        yield slack, {"case": "maximal", "d": 2}

    return held_or_failed(
        cases(),
        detail="0 <= S_A <= n_r ln 2 (super-dense/IQP d=4..8/3: <= 3 ln 2 for n_r = 3) on random "
        "configurations, general and fast paths; slack = distance to the nearer bound + "
        "Fannes-Audenaert tolerance; the maximal case attains n_r ln 2",
    )


@EVIDENCE.claim("S001-P03")
def p03_schmidt_symmetry(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(40):
            cfg, d = _random_config(rng)
            q, k, th = _random_inputs(rng, cfg, d)
            yield laws.law_entropy_symmetric(_states, cfg, q, k, th), _case(cfg, d)

    return held_or_failed(
        cases(), detail="|S_A - S_B| of simulated pair states within 2 entropy_tolerance + 64 D eps"
    )


@EVIDENCE.claim("S001-P04")
def p04_zero_theta(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for fn in (_general, _auto):
            for _ in range(25):
                cfg, d = _random_config(rng)
                q, k, _ = _random_inputs(rng, cfg, d)
                yield laws.law_zero_theta_product(fn, cfg, q, k), _case(cfg, d)

    return held_or_failed(
        cases(),
        detail="theta = 0: S_A = 0 within the tolerance for every encoding (general and auto "
        "paths); a product state gives exactly 0.0 in the reference",
    )


# ---------------------------------------------------------------------------------------------
# S001-P05 .. P07: symbolic identities + numeric confirmation


def _sp_crx(t: Any) -> sp.Matrix:
    return _sp_gate("crx", (t,))


@EVIDENCE.claim("S001-P05")
def p05_crx_2pi(rng: np.random.Generator) -> Evidence:
    k = sp.Symbol("k", integer=True)
    zi = sp.diag(1, 1, (-1) ** k, (-1) ** k)  # (Z (x) I)^k
    if sp.simplify(_sp_crx(2 * sp.pi * k) - zi) != sp.zeros(4, 4):
        return Failed(error="SymPy: CRX(2 pi k) != (Z (x) I)^k")
    num = float(np.max(np.abs(_gates.matrix("crx", (2 * math.pi,)) - np.diag([1, 1, -1, -1]))))
    if num > 4 * laws_core.EPS:
        return Failed(error=f"gate table CRX(2 pi) deviates from Z (x) I by {num:.3g}")

    def cases() -> Iterator[Case]:
        for fn in (_general, _auto):
            for _ in range(20):
                cfg, d = _random_config(rng)
                q, k_, _ = _random_inputs(rng, cfg, d)
                ks = rng.integers(-3, 4, cfg.theta_shape(cfg.register_qubits(d)))
                yield (
                    laws.law_theta_multiple_of_2pi(fn, cfg, q, k_, ks),
                    _case(cfg, d, k=ks.tolist()),
                )

    held = held_or_failed(cases(), detail="S_A = 0 at theta in 2 pi Z")
    if not isinstance(held, Held):
        return held
    return Proved(
        method="SymPy: CRX(2 pi k) = (Z (x) I)^k for integer k (a local unitary), so every gate "
        "of the pair circuit is local and the state is a product",
        detail=f"numeric: gate table CRX(2pi) = Z(x)I within {num:.1g}; S_A = 0 on {held.cases} "
        f"random configurations with theta in 2 pi Z (worst slack {held.worst_slack:.3g})",
    )


@EVIDENCE.claim("S001-P06")
def p06_theta_period(rng: np.random.Generator) -> Evidence:
    t = sp.Symbol("t", real=True)
    if sp.simplify(_sp_crx(t + 4 * sp.pi) - _sp_crx(t)) != sp.zeros(4, 4):
        return Failed(error="SymPy: CRX(t + 4 pi) != CRX(t)")
    half = sp.simplify(_sp_crx(t + 2 * sp.pi) - _sp_crx(t)) != sp.zeros(4, 4)

    def cases() -> Iterator[Case]:
        for fn in (_general, _auto):
            for _ in range(20):
                cfg, d = _random_config(rng)
                q, k, th = _random_inputs(rng, cfg, d)
                idx = int(rng.integers(0, th.size))
                yield (
                    laws.law_theta_period_4pi(fn, cfg, q, k, th, idx),
                    _case(cfg, d, index=idx),
                )

    held = held_or_failed(cases(), detail="S_A(theta + 4 pi e_i) = S_A(theta)")
    if not isinstance(held, Held):
        return held
    return Proved(
        method="SymPy: CRX(t + 4 pi) = CRX(t) identically (so the circuit, hence S_A, is "
        f"4 pi-periodic); CRX(t + 2 pi) != CRX(t): {half}",
        detail=f"numeric: {held.cases} random configurations, one angle shifted by 4 pi, worst "
        f"slack {held.worst_slack:.3g} (Fannes-Audenaert tolerance)",
    )


@EVIDENCE.claim("S001-P07")
def p07_feature_period(rng: np.random.Generator) -> Evidence:
    x = sp.Symbol("x", real=True)
    for g in ("rx", "ry"):
        if sp.simplify(_sp_gate(g, (x + 2 * sp.pi,)) + _sp_gate(g, (x,))) != sp.zeros(2, 2):
            return Failed(error=f"SymPy: {g}(x + 2 pi) != -{g}(x)")

    def cases() -> Iterator[Case]:
        for fn in (_general, _auto):
            for _ in range(20):
                cfg, d = _random_config(rng, ("super_dense", "dense"))
                q, k, th = _random_inputs(rng, cfg, d)
                idx = int(rng.integers(0, d))
                on_key = bool(rng.integers(0, 2))
                yield (
                    laws.law_feature_period_2pi(fn, cfg, q, k, th, idx, on_key=on_key),
                    _case(cfg, d, index=idx, on_key=on_key),
                )

    held = held_or_failed(cases(), detail="S_A periodic in features")
    if not isinstance(held, Held):
        return held
    # IQP part of the claim: not periodic (RZZ(x_i x_j) is not 2 pi-periodic in x_i)
    iqp_margin = -math.inf
    for _ in range(20):
        cfg, d = _random_config(rng, ("iqp",), phi2="product", feature_layout="contiguous")
        q, k, th = _random_inputs(rng, cfg, 3 if d < 3 else d)
        iqp_margin = max(iqp_margin, laws.iqp_periodicity_violation(_general, cfg, q, k, th))
    if iqp_margin <= 0:
        return Failed(error="IQP S_A looked 2 pi-periodic in a feature on 20 random cases")
    return Proved(
        method="SymPy: RX(x + 2 pi) = -RX(x) and RY(x + 2 pi) = -RY(x), a global phase on the "
        "pair state, so S_A is unchanged",
        detail=f"numeric: {held.cases} random angle-encoding configurations (worst slack "
        f"{held.worst_slack:.3g}); IQP is not periodic: shifting a query feature by 2 pi changes "
        f"S_A by {iqp_margin:.3g} beyond the tolerance",
    )


# ---------------------------------------------------------------------------------------------
# S001-P08, P09


@EVIDENCE.claim("S001-P08")
def p08_additivity(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(30):
            cfg, d = _random_config(rng, ("super_dense", "dense"))
            q, k, th = _random_inputs(rng, cfg, d)
            yield laws.law_additivity(_states, cfg, q, k, th), _case(cfg, d, law="additivity")
        for measure in ("entropy", "concurrence", "swap"):
            for _ in range(15):
                cfg, d = _random_config(
                    rng,
                    ("super_dense", "dense"),
                    measure=measure,
                    swap_states=str(rng.choice(["encoding_only", "pair_state"])),
                    swap_output=str(rng.choice(["p1", "fidelity"])),
                )
                q, k, th = _random_inputs(rng, cfg, d)
                yield (
                    laws.law_fast_equals_general(_fast, _general, cfg, q, k, th),
                    _case(cfg, d, law="fast == general", measure=measure),
                )

    return held_or_failed(
        cases(),
        detail="angle encodings: S_A = sum_m S(rho_{A_m}), each <= ln 2, from the simulated state; "
        "the pair-product fast path equals the general simulation for entropy, concurrence "
        "and SWAP test",
    )


@EVIDENCE.claim("S001-P09")
def p09_asymmetry(rng: np.random.Generator) -> Evidence:
    w = load_counterexample("S001-P09")
    cfg = ent.EntanglementConfig(encoding=w["encoding"], layers=int(w["layers"]))
    q, k, th = np.array([w["q"]]), np.array([w["k"]]), np.array(w["theta"])
    a_qk = float(ent.scores(q, k, th, config=cfg, path="general")[0, 0])
    a_kq = float(ent.scores(k, q, th, config=cfg, path="general")[0, 0])
    tol = laws.score_tolerance(cfg, q.shape[1], q, k, th)
    margin = abs(a_qk - a_kq) - tol
    if margin <= 0:
        return Failed(error=f"stored witness is symmetric: A(q,k)={a_qk}, A(k,q)={a_kq}")
    total = differ = 0
    for _ in range(20):
        cfg_r, d = _random_config(rng, ("super_dense", "dense", "iqp"))
        x = rng.uniform(-math.pi, math.pi, (5, d))
        th_r = rng.uniform(-2 * math.pi, 2 * math.pi, cfg_r.theta_shape(cfg_r.register_qubits(d)))
        asym = laws.asymmetry(functools.partial(_general, theta=th_r, config=cfg_r), x)
        off = ~np.eye(5, dtype=bool)
        t = laws.score_tolerance(cfg_r, d, x, th_r)
        total += int(off.sum()) // 2
        differ += int((asym[off] > t).sum()) // 2
    if differ == 0:
        return Failed(error="no asymmetric pair among random tokens")
    return Held(
        cases=total + 1,
        worst_slack=margin,
        tolerance=tol,
        detail=f"stored witness (dense, d=2, L={cfg.layers}): A(q,k)={a_qk:.6f} != "
        f"A(k,q)={a_kq:.6f}; {differ} of {total} random unordered token pairs (all encodings) "
        "have |A(x_i,x_j) - A(x_j,x_i)| above the Fannes-Audenaert tolerance",
    )


# ---------------------------------------------------------------------------------------------
# S001-P10 .. P15


@EVIDENCE.claim("S001-P10")
def p10_bell(rng: np.random.Generator) -> Evidence:
    return held_or_failed(
        [(laws.law_bell_ln2(ent.pair_circuit), {"states": "bell, CRX(pi) on RX(pi/2)|0> (x) |0>"})],
        detail="S(Bell) = ln 2 and S(CRX(pi) on an equal-weight control) = ln 2 (one bit)",
    )


@EVIDENCE.claim("S001-P11")
def p11_swap_test(rng: np.random.Generator) -> Evidence:
    ok, how = _swap_test_proof()
    if not ok:
        return Failed(error="SymPy: the SWAP-test identity does not hold for the emitted circuit")

    def cases() -> Iterator[Case]:
        for _ in range(30):
            n = int(rng.integers(1, 4))
            a = np.stack([random_state(rng, n) for _ in range(4)])
            b = np.stack([random_state(rng, n) for _ in range(4)])
            b[0] = a[0] * np.exp(1j * rng.uniform(0, 2 * np.pi))  # equal up to phase: P(1) = 0
            yield laws.law_swap_test_identity(swap_test.swap_test_circuit, a, b), {"n": n}
        for _ in range(10):
            cfg, d = _random_config(rng, ("super_dense", "dense", "iqp"), measure="swap")
            q, _, _ = _random_inputs(rng, cfg, d)
            p = ent.scores(q, q, None, config=cfg, path="general")
            yield 1e-13 - float(np.max(np.abs(np.diag(p)))), _case(cfg, d, law="A(q,q)=0")

    held = held_or_failed(cases(), detail="SWAP test")
    if not isinstance(held, Held):
        return held
    return Proved(
        method="SymPy: P(1) = (|a|^2|b|^2 - |<a|b>|^2)/2 exactly for the test part of the emitted "
        f"SWAP-test circuit ({how})",
        detail=f"numeric: {held.cases} cases (Haar states on 1..3 qubits through the simulated "
        "circuit; P(1) in [0, 1/2]; equal states up to phase and A(q, q) give P(1) = 0); worst "
        f"slack {held.worst_slack:.3g}",
    )


@EVIDENCE.claim("S001-P12")
def p12_cswap(rng: np.random.Generator) -> Evidence:
    ok, how = _cswap_expansion_proof(2)
    if not ok:
        return Failed(error=f"SymPy: c-SWAP expansion fails: {how}")

    def cases() -> Iterator[Case]:
        for _ in range(24):
            n = int(rng.integers(1, 5))
            st = np.stack([random_state(rng, n) for _ in range(3)])
            yield laws.law_cswap_expansion(*_CSWAP, st), {"n": n}
        cfg = ent.EntanglementConfig(encoding="super_dense", layers=2)
        q, k, th = _random_inputs(rng, cfg, 4, 2, 2)
        psi = ent.pair_states_general(q, k, th, config=cfg)
        yield laws.law_cswap_expansion(*_CSWAP, psi), _case(cfg, 4, law="pair states")

    held = held_or_failed(cases(), detail="c-SWAP")
    if not isinstance(held, Held):
        return held
    return Proved(
        method=f"SymPy (n = 2): P(z) = 2^-n sum_alpha (-1)^|z & alpha| Tr rho_alpha^2 for {how}",
        detail=f"numeric: simulated c-SWAP circuit vs purity formula and P(odd parity) = 0 on "
        f"{held.cases} Haar / pair states with n = 1..4 (worst slack {held.worst_slack:.3g})",
    )


@EVIDENCE.claim("S001-P13")
def p13_concurrence(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(30):
            n = int(rng.integers(2, 5))
            st = np.stack([random_state(rng, n) for _ in range(3)])
            yield laws.law_concurrence_forms(*_FORMS, st), {"n": n}
        for _ in range(10):
            st = np.stack([random_state(rng, 2) for _ in range(4)])
            yield (
                laws.law_concurrence_forms(*_FORMS, st),
                {"n": 2, "law": "2|ad-bc| = 2 sqrt(P(11))"},
            )

    return held_or_failed(
        cases(),
        detail="C_n = 2 sqrt(1 - P(0^n)) from the simulated c-SWAP circuit equals the Carvalho "
        "form "
        "(n = 2..4); for n = 2 it equals 2|ad - bc| and 2 sqrt(P(11)); tolerance 2 sqrt(tol_P)",
    )


def _state_from_json(v: Sequence[Sequence[float]]) -> np.ndarray:
    return np.array([complex(re, im) for re, im in v])


@EVIDENCE.claim("S001-P14")
def p14_literal_refuted(rng: np.random.Generator) -> Evidence:
    cx = load_counterexample("S001-P14")
    rows = []
    refuted = False
    for name, rec in cx["states"].items():
        psi = _state_from_json(rec["amplitudes"])
        probs = swap_test.cswap_probabilities(psi)
        literal = float(ent.concurrence_paper_literal(probs)[0])
        correct = float(swap_test.concurrence_from_p0(probs[:, 0])[0])
        carvalho = float(qi.concurrence_pure(psi))
        expected = float(rec["true_concurrence"])
        if abs(correct - expected) > 1e-7 or abs(carvalho - expected) > 1e-7:
            return Failed(
                error=f"{name}: 2 sqrt(1-P(0)) = {correct}, Carvalho = {carvalho}, expected "
                f"{expected}"
            )
        if abs(literal - expected) > 1e-6:
            refuted = True
        rows.append(f"{name}: literal {literal:.6g} vs true C {expected:.6g}")
    if not refuted:
        return Failed(error="the literal formula agreed with the true concurrence on every state")
    return Refuted(
        counterexample=cx,
        observed="; ".join(rows),
        detail="the paper's C_n = 2 sqrt(P(even number of 1s)) read literally includes 0^n; on "
        "pure "
        "states odd parities never occur (S001-P12), so it is identically 2. The correct "
        "C_n = 2 sqrt(1 - P(0^n)) gives product 0, Bell 1, GHZ_3 sqrt(3/2) (checked above)",
    )


@EVIDENCE.claim("S001-P15")
def p15_pair_product(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(30):
            cfg, d = _random_config(rng, ("super_dense", "dense"))
            q, k, th = _random_inputs(rng, cfg, d, 2, 3)
            yield laws.law_pair_product_concurrence(*_PAIR_CONC, cfg, q, k, th), _case(cfg, d)

    return held_or_failed(
        cases(),
        detail="angle-encoding pair states: purity-formula C_n of the simulated state equals "
        "2 sqrt(1 - prod_m (1 + Tr rho_{A_m}^2)/2)",
    )


@EVIDENCE.claim("S001-P25")
def p25_nats(rng: np.random.Generator) -> Evidence:
    changed = 0.0

    def cases() -> Iterator[Case]:
        nonlocal changed
        for fn in (_general, _auto):
            for _ in range(20):
                cfg, d = _random_config(rng)
                q, k, th = _random_inputs(rng, cfg, d)
                yield laws.law_nats_vs_bits(fn, _states, cfg, q, k, th), _case(cfg, d)
                a = fn(q, k, th, config=cfg)
                sm = np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)
                b = a / math.log(2)
                sm2 = np.exp(b) / np.exp(b).sum(axis=1, keepdims=True)
                changed = max(changed, float(np.max(np.abs(sm - sm2))))

    held = held_or_failed(cases(), detail="S_nats = S_bits ln 2")
    if not isinstance(held, Held):
        return held
    if changed <= 1e-6:
        return Failed(error="softmax of nats and bits logits coincided on every case")
    return Held(
        cases=held.cases,
        worst_slack=held.worst_slack,
        detail="scores are in nats: S = S_bits * ln 2 with S_bits from log2 of the Schmidt "
        f"probabilities; the softmax weights of the two units differ by up to {changed:.3g}, so "
        "the unit is fixed to nats",
    )


# ---------------------------------------------------------------------------------------------
# reconstructed defaults (S001-A..): the option exists with the stated default and the
# alternative changes the behaviour where it should


def _angle(op: Op) -> float:
    """The bound first parameter of an op."""
    p = op.params[0]
    if isinstance(p, ParamExpr):
        raise ValueError(f"op {op.gate} on {op.qubits} has a symbolic angle {p}")
    return float(p)


def _default_of(field: str) -> Any:
    return getattr(ent.EntanglementConfig(), field)


def _defaults_ok(expect: Mapping[str, Any]) -> str | None:
    for f, v in expect.items():
        got = _default_of(f)
        if got != v:
            return f"EntanglementConfig().{f} = {got!r}, expected {v!r}"
    return None


def _max_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(a) - np.asarray(b))))


@EVIDENCE.claim("S001-A01")
def a01_layout(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"feature_layout": "contiguous"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="super_dense", layers=2)
    alt = replace(cfg, feature_layout="strided")
    q, k, th = _random_inputs(rng, cfg, 8)
    changed = _max_diff(_general(q, k, th, config=cfg), _general(q, k, th, config=alt))
    # strided on x equals contiguous on the permuted features: same model class
    perm = ent.feature_index(alt, 8).reshape(-1)
    same = _max_diff(
        _general(q[:, perm], k[:, perm], th, config=cfg), _general(q, k, th, config=alt)
    )
    tol = laws.score_tolerance(cfg, 8, q, k, th)
    if changed <= tol or same > tol:
        return Failed(error=f"strided changed scores by {changed}, permuted differs by {same}")
    return Held(
        cases=2,
        worst_slack=min(changed - tol, tol - same),
        tolerance=tol,
        detail=f"default feature_layout='contiguous'; 'strided' changes the super-dense scores by "
        f"{changed:.3g} and equals 'contiguous' on permuted features (deviation {same:.1g})",
    )


@EVIDENCE.claim("S001-A02")
def a02_direction(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"crx_direction": "query_to_key"}):
        return Failed(error=err)
    c = ent.pair_circuit(
        [0.1, 0.2], [0.3, 0.4], [0.5], config=ent.EntanglementConfig(encoding="dense", layers=1)
    )
    crx = [op for op in c.ops if op.gate == "crx"]
    if [op.qubits for op in crx] != [(0, 1)]:
        return Failed(error=f"default CRX qubits {[op.qubits for op in crx]}, expected [(0, 1)]")

    def cases() -> Iterator[Case]:
        for _ in range(15):
            cfg, d = _random_config(rng)
            q, k, th = _random_inputs(rng, cfg, d)
            yield laws.transpose_under_reversal(_general, cfg, q, k, th), _case(cfg, d)

    held = held_or_failed(cases(), detail="reversal transposes")
    if not isinstance(held, Held):
        return held
    cfg = ent.EntanglementConfig(encoding="dense", layers=4)
    q, k, th = _random_inputs(rng, cfg, 4)
    changed = _max_diff(
        _auto(q, k, th, config=cfg),
        _auto(q, k, th, config=replace(cfg, crx_direction="key_to_query")),
    )
    if changed <= laws.score_tolerance(cfg, 4, q, k, th):
        return Failed(error="reversing the CRX direction did not change A(q, k)")
    return Held(
        cases=held.cases + 1,
        worst_slack=held.worst_slack,
        detail="default control = query qubit A_m (CRX on (0, 1) for n_r = 1); 'key_to_query' "
        f"changes A(q, k) (by up to {changed:.3g}) and gives exactly A(k, q) (Schmidt symmetry)",
    )


@EVIDENCE.claim("S001-A03")
def a03_theta_sharing(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"share_theta_across_layers": True}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="dense", layers=4)
    per = replace(cfg, share_theta_across_layers=False)
    if cfg.theta_shape(3) != (3,) or per.theta_shape(3) != (4, 3):
        return Failed(error="theta shapes are not (n_r,) and (layers, n_r)")
    q, k, th = _random_inputs(rng, cfg, 6)
    same = _max_diff(
        _general(q, k, th, config=cfg), _general(q, k, np.tile(th, (4, 1)), config=per)
    )
    th2 = rng.uniform(-math.pi, math.pi, (4, 3))
    changed = _max_diff(_general(q, k, th, config=cfg), _general(q, k, th2, config=per))
    n_par = len(
        ent.pair_template(cfg, 6).symbols
        - {f"q_{i}" for i in range(6)}
        - {f"k_{i}" for i in range(6)}
    )
    n_par2 = len(ent.pair_template(per, 6).symbols) - 12
    tol = laws.score_tolerance(cfg, 6, q, k, th2)
    if same > tol or changed <= tol or (n_par, n_par2) != (3, 12):
        return Failed(error=f"same={same}, changed={changed}, params={n_par, n_par2}")
    return Held(
        cases=2,
        worst_slack=min(tol - same, changed - tol),
        tolerance=tol,
        detail=f"default shared: {n_par} CRX parameters (= n_r, half the qubits); per-layer: "
        f"{n_par2} = layers * n_r; per-layer theta repeated equals shared, distinct per-layer "
        f"angles change the scores by {changed:.3g}",
    )


@EVIDENCE.claim("S001-A04")
def a04_iqp_angles(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"phi2": "product"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="iqp", layers=1)
    c = ent.pair_circuit([0.5, 0.7, 0.2], [0.1, 0.3, 0.9], [0.4, 0.4, 0.4], config=cfg)
    rzz = [_angle(op) for op in c.ops if op.gate == "rzz"]
    rz = [_angle(op) for op in c.ops if op.gate == "rz"]
    want_rzz = [0.35, 0.1, 0.14, 0.03, 0.09, 0.27]
    want_rz = [0.5, 0.7, 0.2, 0.1, 0.3, 0.9]
    if not (np.allclose(rzz, want_rzz, atol=1e-15) and np.allclose(rz, want_rz, atol=1e-15)):
        return Failed(error=f"PennyLane-form angles wrong: rz={rz}, rzz={rzz}")
    hav = ent.pair_circuit(
        [0.5, 0.7, 0.2], [0.1, 0.3, 0.9], [0.4, 0.4, 0.4], config=replace(cfg, phi2="havlicek")
    )
    rzz_h = [_angle(op) for op in hav.ops if op.gate == "rzz"]
    want_h = 2 * (math.pi - 0.5) * (math.pi - 0.7)
    q, k, th = _random_inputs(rng, ent.EntanglementConfig(encoding="iqp"), 3)
    changed = _max_diff(
        _general(q, k, th, config=cfg), _general(q, k, th, config=replace(cfg, phi2="havlicek"))
    )
    tol = laws.score_tolerance(replace(cfg, phi2="havlicek"), 3, q, k, th)
    if abs(rzz_h[0] - want_h) > 1e-14 or changed <= tol:
        return Failed(error=f"havlicek rzz {rzz_h[0]} vs {want_h}; changed {changed}")
    return Held(
        cases=3,
        worst_slack=changed - tol,
        tolerance=tol,
        detail="default PennyLane IQPEmbedding form: H, RZ(x_i), RZZ(x_i x_j) on all pairs; "
        "'havlicek' gives RZ(2x_i), RZZ(2(pi-x_i)(pi-x_j)) and changes IQP scores by "
        f"{changed:.3g}",
    )


@EVIDENCE.claim("S001-A05")
def a05_logit_scale(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"logit_scale": "inv_sqrt_d"}):
        return Failed(error=err)
    a = rng.uniform(0, 2, (3, 5))
    scaled = ent.logits(a, d=12)
    raw = ent.logits(a, d=12, config=ent.EntanglementConfig(logit_scale="none"))
    dev = _max_diff(scaled, a / math.sqrt(12))
    if dev > 4 * laws_core.EPS * 2 or _max_diff(raw, a) != 0.0:
        return Failed(error=f"logits: scaled deviates by {dev}")
    return Held(
        cases=2,
        worst_slack=8 * laws_core.EPS - dev,
        detail="default logits = A / sqrt(d) (literal Eq. 3, d = 12); logit_scale='none' returns A",
    )


@EVIDENCE.claim("S001-A10")
def a10_swap_output(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"swap_output": "p1"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="dense", measure="swap", layers=2)
    q, k, _ = _random_inputs(rng, cfg, 4)
    p1 = _general(q, k, None, config=cfg)
    fid = _general(q, k, None, config=replace(cfg, swap_output="fidelity"))
    dev = _max_diff(fid, 1 - 2 * p1)
    tol = 64 * laws_core.EPS
    if dev > tol or np.any(p1 < -tol) or np.any(p1 > 0.5 + tol):
        return Failed(error=f"fidelity != 1 - 2 P(1) (deviation {dev})")
    return Held(
        cases=int(p1.size),
        worst_slack=tol - dev,
        tolerance=tol,
        detail="default SWAP-test logit P(1) in [0, 1/2]; swap_output='fidelity' gives "
        "1 - 2 P(1) = |<phi(q)|phi(k)>|^2",
    )


@EVIDENCE.claim("S001-A11")
def a11_concurrence_form(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"concurrence_form": "one_minus_p0"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="super_dense", measure="concurrence", layers=2)
    q, k, th = _random_inputs(rng, cfg, 4, 2, 2)
    c = _general(q, k, th, config=cfg).reshape(-1)
    psi = ent.pair_states_general(q, k, th, config=cfg)
    probs = swap_test.cswap_probabilities(psi)
    c_circ = swap_test.concurrence_from_p0(probs[:, 0])
    lit = ent.concurrence_paper_literal(probs)
    dev = _max_diff(c, c_circ)
    tol = 2 * math.sqrt(1e3 * laws_core.EPS)
    if dev > tol or np.min(np.abs(lit - c)) <= tol:
        return Failed(error=f"concurrence vs c-SWAP circuit deviation {dev}")
    return Held(
        cases=int(c.size),
        worst_slack=tol - dev,
        tolerance=tol,
        detail="measure='concurrence' is 2 sqrt(1 - P(0^n)) and equals the value read off the "
        "simulated c-SWAP circuit; the literal formula (2 for every pair) differs",
    )


@EVIDENCE.claim("S001-A13")
def a13_registers(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"register_layout": "query_first"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="dense", layers=1)
    c = ent.pair_circuit([0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.1, 0.2], config=cfg)
    q_qubits = {
        op.qubits[0]
        for op in c.ops
        if op.gate in ("rx", "ry") and _angle(op) in (0.1, 0.2, 0.3, 0.4)
    }
    alt = ent.pair_circuit(
        [0.1, 0.2, 0.3, 0.4],
        [0.5, 0.6, 0.7, 0.8],
        [0.1, 0.2],
        config=replace(cfg, register_layout="key_first"),
    )
    q_alt = {
        op.qubits[0]
        for op in alt.ops
        if op.gate in ("rx", "ry") and _angle(op) in (0.1, 0.2, 0.3, 0.4)
    }
    q, k, th = _random_inputs(rng, cfg, 6)
    same = _max_diff(
        _general(q, k, th, config=cfg),
        _general(q, k, th, config=replace(cfg, register_layout="key_first")),
    )
    tol = laws.score_tolerance(cfg, 6, q, k, th)
    if q_qubits != {0, 1} or q_alt != {2, 3} or same > tol:
        return Failed(error=f"query qubits {q_qubits} / {q_alt}; score deviation {same}")
    return Held(
        cases=3,
        worst_slack=tol - same,
        tolerance=tol,
        detail="default: query features on qubits 0..n_r-1; 'key_first' moves them to n_r..2n_r-1 "
        "(the emitted circuit changes) while pure-state scores are unchanged",
    )


@EVIDENCE.claim("S001-A14")
def a14_feature_scale(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"feature_scale": 1.0}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="dense", layers=2)
    c = ent.pair_circuit([0.25, -0.5], [0.75, 1.5], [0.3], config=cfg)
    angles = [_angle(op) for op in c.ops if op.gate in ("rx", "ry")][:4]
    q, k, th = _random_inputs(rng, cfg, 4)
    alt = replace(cfg, feature_scale=0.5)
    changed = _max_diff(_auto(q, k, th, config=cfg), _auto(q, k, th, config=alt))
    same = _max_diff(_auto(q, k, th, config=alt), _auto(0.5 * q, 0.5 * k, th, config=cfg))
    tol = laws.score_tolerance(cfg, 4, q, k, th)
    if angles != [0.25, -0.5, 0.75, 1.5] or changed <= tol or same > tol:
        return Failed(error=f"angles {angles}, changed {changed}, same {same}")
    return Held(
        cases=3,
        worst_slack=min(changed - tol, tol - same),
        tolerance=tol,
        detail="default: features are the gate angles in radians (no rescaling); feature_scale=0.5 "
        f"changes the scores by {changed:.3g} and equals scaling the inputs",
    )


@EVIDENCE.claim("S001-A15")
def a15_iqp_within(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"iqp_entanglers": "within_register"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="iqp", layers=2)
    tmpl = ent.pair_template(cfg, 3)
    qa, qb = set(range(3)), set(range(3, 6))
    rzz = [op.qubits for op in tmpl.ops if op.gate == "rzz"]
    across = [qs for qs in rzz if not (set(qs) <= qa or set(qs) <= qb)]
    q, k, th = _random_inputs(rng, cfg, 3)
    alt = replace(cfg, iqp_entanglers="none")
    changed = _max_diff(_general(q, k, th, config=cfg), _general(q, k, th, config=alt))
    tol = laws.score_tolerance(cfg, 3, q, k, th)
    if across or len(rzz) != 2 * 2 * 3 or changed <= tol:
        return Failed(error=f"rzz across registers {across}; count {len(rzz)}; changed {changed}")
    return Held(
        cases=2,
        worst_slack=changed - tol,
        tolerance=tol,
        detail=f"default: {len(rzz)} RZZ gates, all within a register (3 pairs x 2 registers x 2 "
        f"layers), none across; iqp_entanglers='none' drops them and changes the scores by "
        f"{changed:.3g}",
    )


@EVIDENCE.claim("S001-A17")
def a17_noisy_subsystem(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"entropy_subsystem": "query"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="super_dense", layers=2)
    c = ent.pair_circuit(rng.uniform(-3, 3, 4), rng.uniform(-3, 3, 4), [1.3], config=cfg)
    # asymmetric noise (amplitude damping on the key qubit only) makes the global state mixed
    damp = sim.amplitude_damping(0.2)

    def noise(op: Any) -> list[tuple[sim.Channel, tuple[int, ...]]]:
        return [(damp, (1,))] if 1 in op.qubits else []

    rho = sim.density_matrix(c, noise=noise)
    s_def = float(ent.entropy_of_density_matrix(rho, n_r=1))
    s_a = float(qi.von_neumann_entropy(qi.partial_trace(rho, [0])))
    s_b = float(qi.von_neumann_entropy(qi.partial_trace(rho, [1])))
    s_key = float(
        ent.entropy_of_density_matrix(rho, n_r=1, config=replace(cfg, entropy_subsystem="key"))
    )
    tol = 64 * laws_core.EPS
    if abs(s_def - s_a) > tol or abs(s_key - s_b) > tol or abs(s_a - s_b) <= 1e-6:
        return Failed(error=f"S_def={s_def}, S_A={s_a}, S_B={s_b}, S_key={s_key}")
    return Held(
        cases=1,
        worst_slack=tol - max(abs(s_def - s_a), abs(s_key - s_b)),
        tolerance=tol,
        detail=f"noisy (amplitude damping on the key) super-dense pair: S(rho_A) = {s_a:.4f} != "
        f"S(rho_B) = {s_b:.4f}; the default returns the query register, 'key' the other",
    )


@EVIDENCE.claim("S001-A18")
def a18_swap_states(rng: np.random.Generator) -> Evidence:
    if err := _defaults_ok({"swap_states": "encoding_only"}):
        return Failed(error=err)
    cfg = ent.EntanglementConfig(encoding="dense", measure="swap", layers=2)
    c = ent.pair_swap_test_circuit([0.1, 0.2], [0.3, 0.4], [0.7], config=cfg)
    if c.count_ops().get("crx", 0):
        return Failed(error="encoding-only SWAP-test circuit contains CRX gates")
    q, k, th = _random_inputs(rng, cfg, 4)
    th2 = th + 1.0
    free = _max_diff(_general(q, k, th, config=cfg), _general(q, k, th2, config=cfg))
    alt = replace(cfg, swap_states="pair_state")
    dep = _max_diff(_general(q, k, th, config=alt), _general(q, k, th2, config=alt))
    # encoding-only P(1) = (1 - |<U(q)0|U(k)0>|^2)/2 with the states simulated separately
    sq = sim.statevector(
        ent.pair_template(cfg, 4, pqc=False), bindings=ent.pair_bindings(q, q, None, cfg)
    )
    sk = sim.statevector(
        ent.pair_template(cfg, 4, pqc=False), bindings=ent.pair_bindings(k, k, None, cfg)
    )
    a_states = qi.reduced_density_matrix(sq, [0, 1])
    b_states = qi.reduced_density_matrix(sk, [2, 3])
    ov = np.abs(np.einsum("iab,jba->ij", a_states, b_states))
    dev = _max_diff(_general(q, k, th, config=cfg), 0.5 * (1 - ov))
    # P(1) = (1 - |<a|b>|^2)/2 moves by at most the 2-norm state error of either computation
    tol = 4 * laws.pair_state_error(alt, 4, laws.max_angle(alt, q, k, th2)) + 64 * laws_core.EPS
    if free > tol or dep <= tol or dev > tol:
        return Failed(error=f"theta-dependence {free} / {dep}; overlap deviation {dev}")
    return Held(
        cases=3,
        worst_slack=min(tol - free, dep - tol, tol - dev),
        tolerance=tol,
        detail="default: SWAP test of U(q)|0> and U(k)|0> (no CRX; P(1) independent of theta, "
        "equal to (1 - |<U(q)0|U(k)0>|^2)/2); swap_states='pair_state' depends on theta (by "
        f"{dep:.3g})",
    )
