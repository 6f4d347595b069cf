"""Hypothesis properties of QEDFM bound to the reference (claims ``SUR-QEDFM-01..05``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from properties.outcome import assert_holds
from properties.qedfm import laws
from properties.qedfm.strategies import LayerCase, StateCase, layer_inputs, states
from reference.mechanisms import qedfm


@given(states())
def test_sur_qedfm_01_bounds_and_extremes(case: StateCase) -> None:
    """SUR-QEDFM-01: 0 <= C_re <= log2 d (Pinsker lower bound), C(diag) = 0, C(|+>) = log2 d."""
    assert_holds(laws.law_coherence_bounds(qedfm.coherence, case.rho))
    assert_holds(laws.law_coherence_extremes(qedfm.coherence, case.rho.shape[0], case.diag))


@given(states())
def test_sur_qedfm_02_min_over_incoherent_states(case: StateCase) -> None:
    """SUR-QEDFM-02: C_re = min over diagonal delta of S(rho||delta), by optimisation."""
    outcome, _ = laws.law_min_over_incoherent(qedfm.coherence, case.rho, case.samples)
    assert_holds(outcome)
    if np.min(np.diag(case.rho).real) > 1e-6:
        assert_holds(laws.law_equals_dephased_relative_entropy(qedfm.coherence, case.rho))


@given(states())
def test_sur_qedfm_03_invariance(case: StateCase) -> None:
    """SUR-QEDFM-03: invariant under diagonal unitaries and basis permutations."""
    assert_holds(laws.law_invariance(qedfm.coherence, case.rho, case.phases, case.perm))


@given(layer_inputs())
def test_sur_qedfm_04_05_layer_states_and_measurement(case: LayerCase) -> None:
    """SUR-QEDFM-04/05: rho_S and rho' are density matrices; probabilities sum to 1."""
    out = qedfm.qedfm_layer(case.h, case.phases, case.edges, case.basis, case.logits)
    n = case.h.shape[1]
    e = case.edges.shape[0]
    for b in range(case.h.shape[0]):
        assert_holds(laws.law_density_matrix(out.sequence[b], n))
        for i in range(n):
            assert_holds(laws.law_density_matrix(out.fused[b, i], e))
    assert_holds(laws.law_measurement(out.probabilities, e, case.h.shape[2]))
