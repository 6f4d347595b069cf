"""Hypothesis properties of QISA bound to the reference (claims ``SUR-QISA-01..05``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from properties.outcome import assert_holds
from properties.qisa import laws
from properties.qisa.strategies import QISACase, qisa_cases
from reference.mechanisms import qisa


def build(psi: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    return qisa.q_attention_density(psi, w1, w2)


def weights(psi: np.ndarray, w1: np.ndarray, w2: np.ndarray) -> np.ndarray:
    w: np.ndarray = qisa.attention_weights(psi, w1, w2)[0][0]
    return w


def _psi(case: QISACase) -> np.ndarray:
    return qisa.euler_embedding(case.a, case.phi)


@given(qisa_cases())
def test_sur_qisa_01_faithful_density_matrix(case: QISACase) -> None:
    """SUR-QISA-01 (faithful part): sum_t w_t |psi_t><psi_t| is Hermitian, PSD, trace 1."""
    assert_holds(laws.law_density_matrix(build, _psi(case), case.w1, case.w2))


@given(qisa_cases())
def test_sur_qisa_01_public_transpose_is_not_a_density_matrix(case: QISACase) -> None:
    """SUR-QISA-01 (refuted part): psi psi^T fails as soon as a phase is not 0 or pi: its trace
    is sum_t w_t sum_c psi_tc^2, not 1. Hypothesis finds it at once (any generic phase)."""
    cfg = qisa.QISAConfig(outer="transpose")
    rho = qisa.q_attention_density(_psi(case), case.w1, case.w2, config=cfg)
    f = laws.defects(rho)
    tol = laws.density_tolerance(*case.a.shape)
    assert max(f["hermitian_defect"], f["trace_defect"], -f["min_eigenvalue"]) > tol


@given(qisa_cases())
def test_sur_qisa_02_global_phase(case: QISACase) -> None:
    """SUR-QISA-02: per-token global phases leave the faithful rho unchanged."""
    assert_holds(laws.law_global_phase(build, _psi(case), case.w1, case.w2, case.alpha))


@given(qisa_cases())
def test_sur_qisa_03_purity(case: QISACase) -> None:
    """SUR-QISA-03: Tr rho^2 = sum w w' |<psi|psi'>|^2 in [1/d, 1]."""
    assert_holds(laws.law_purity(build, weights, _psi(case), case.w1, case.w2))


@given(qisa_cases())
def test_sur_qisa_04_projector_probability(case: QISACase) -> None:
    """SUR-QISA-04: Tr(rho Pi) in [0, 1]."""
    assert_holds(laws.law_projector_probability(build, _psi(case), case.w1, case.w2, case.p))


@given(qisa_cases())
def test_sur_qisa_05_zero_phase_limit(case: QISACase) -> None:
    """SUR-QISA-05: phi = 0 gives a real symmetric PSD rho = sum w a^ a^T."""
    assert_holds(laws.law_zero_phase(build, weights, case.a, case.w1, case.w2))
