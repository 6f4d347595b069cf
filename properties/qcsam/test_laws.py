"""Hypothesis properties of QCSAM bound to the reference (claims ``SUR-QCSAM-01..05``, ``-C01``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from properties.outcome import assert_holds
from properties.qcsam import laws
from properties.qcsam.strategies import instances, state_sets
from properties.tolerances import state_tolerance
from reference import simulate as sim
from reference.circuit import Circuit
from reference.mechanisms import qcsam


def overlaps(q: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The reference similarity on given states: ``[i, j] = <k_j|q_i>``."""
    return np.asarray(np.einsum("js,is->ij", k.conj(), q))


Inst = tuple[np.ndarray, qcsam.QCSAMParams, qcsam.QCSAMConfig]


def _head0_states(
    x: np.ndarray, p: qcsam.QCSAMParams, cfg: qcsam.QCSAMConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Query and key token states of head 0: ``(N, 2**n)`` each."""
    return qcsam.token_states(x, p.query[0], cfg), qcsam.token_states(x, p.key[0], cfg)


@given(state_sets())
def test_sur_qcsam_01_bound_and_conjugate_symmetry(s: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QCSAM-01: |alpha| <= 1 and conj(alpha_ij) = <q_i|k_j>."""
    q, k = s
    assert_holds(
        laws.law_overlap_bound_and_conjugate(overlaps, q, k, laws.inner_tolerance(q.shape[1]))
    )


@given(instances())
def test_sur_qcsam_01_model_overlaps(inst: Inst) -> None:
    """SUR-QCSAM-01 on the model's alpha: the reference alpha_matrix agrees with the law."""
    x, p, cfg = inst
    q, k = _head0_states(x, p, cfg)
    a = qcsam.alpha_matrix(x, p, cfg)[0]
    tol = laws.inner_tolerance(q.shape[1])  # two computations of the same overlaps
    assert_holds(laws.law_overlap_bound_and_conjugate(lambda _q, _k: a, q, k, tol))


@given(state_sets())
def test_sur_qcsam_02_component_formula(s: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QCSAM-02: <k|q> = sum(ac + bd) + i sum(bc - ad)."""
    q, k = s
    assert_holds(laws.law_component_formula(q[0], k[0]))


@given(instances(max_heads=1), st.data())
def test_sur_qcsam_02_hadamard_tests(inst: Inst, data: st.DataObject) -> None:
    """SUR-QCSAM-02: Hadamard test P(0) = (1 + Re alpha)/2, with S-dagger (1 + Im alpha)/2."""
    x, p, cfg = inst
    i = data.draw(st.integers(0, x.shape[0] - 1))
    j = data.draw(st.integers(0, x.shape[0] - 1))
    alpha = complex(qcsam.alpha_matrix(x, p, cfg)[0, i, j])
    vals = qcsam.hadamard_bindings(x[i], x[j], p.query[0], p.key[0])
    c_re = qcsam.hadamard_test_circuit(cfg, part="real")
    c_im = qcsam.hadamard_test_circuit(cfg, part="imag")
    s = state_tolerance(c_re)  # bounds the (smaller) token circuits behind alpha too
    tol = laws.probability_tolerance(s) + laws.overlap_tolerance(s, s)
    p_re, p_im = qcsam.hadamard_p0(c_re, vals), qcsam.hadamard_p0(c_im, vals)
    assert_holds(laws.law_hadamard_test(p_re, p_im, alpha, tol))


@given(state_sets())
def test_sur_qcsam_c01_interference(s: tuple[np.ndarray, np.ndarray]) -> None:
    """SUR-QCSAM-C01: the interference circuit gives Re and (with S-dagger) Im of <a|b>."""
    q, k = s

    def prob(a: np.ndarray, b: np.ndarray, part: str) -> float:
        return qcsam.interference_probability(a, b, part=part)  # type: ignore[arg-type]

    def circ(n: int, part: str) -> Circuit:
        return qcsam.interference_circuit(n, part=part)  # type: ignore[arg-type]

    tol = laws.probability_tolerance(state_tolerance(circ(q.shape[1].bit_length(), "imag")))
    assert_holds(laws.law_interference(prob, circ, q[0], k[0], tol))


@given(instances(), st.data())
def test_sur_qcsam_03_clcu_branch(inst: Inst, data: st.DataObject) -> None:
    """SUR-QCSAM-03: post-selected branch = (1/sum|alpha|) sum alpha_j V_j|0>, p_succ <= 1."""
    x, p, cfg = inst
    i = data.draw(st.integers(0, x.shape[0] - 1))
    row = qcsam.alpha_matrix(x, p, cfg)[:, i, :]
    lcu = qcsam.clcu_circuit(row, x, p, cfg)
    branch, ps = qcsam.postselect(lcu)
    v = np.stack([qcsam.token_states(x, p.value[h], cfg) for h in range(cfg.num_heads)])
    s = state_tolerance(lcu.circuit)
    assert_holds(laws.law_clcu_branch(branch, ps, v, row, p.beta, lcu.phase, s))


@given(instances())
def test_sur_qcsam_04_phase_covariance(inst: Inst) -> None:
    """SUR-QCSAM-04: |alpha|^2 invariant under k -> e^{i phi} k, alpha rotates by e^{-i phi}."""
    x, p, cfg = inst
    q, k = _head0_states(x, p, cfg)
    phi = float(np.random.default_rng(int(1e3 * abs(x[0, 0]))).uniform(0, 2 * np.pi))
    assert_holds(laws.law_phase_covariance(overlaps, q, k, phi, laws.phase_tolerance(q.shape[1])))


@given(instances())
def test_sur_qcsam_05_unitarity(inst: Inst) -> None:
    """SUR-QCSAM-05: every emitted gate is unitary; the pre-selection state has norm 1."""
    x, p, cfg = inst
    lcu = qcsam.clcu_circuit(qcsam.alpha_matrix(x, p, cfg)[:, 0, :], x, p, cfg)
    psi = sim.statevector(lcu.circuit)
    assert_holds(laws.law_unitarity(lcu.circuit, psi, state_tolerance(lcu.circuit)))


def test_strategies_reach_complex_overlaps_and_heads() -> None:
    """The strategies produce overlaps with a sizeable imaginary part and two-head models."""
    from hypothesis import find

    def complex_alpha(inst: Inst) -> bool:
        x, p, cfg = inst
        return bool(np.max(np.abs(qcsam.alpha_matrix(x, p, cfg).imag)) > 0.3)

    find(instances(), complex_alpha)
    find(instances(), lambda inst: inst[2].num_heads == 2 and inst[0].shape[0] >= 3)
