"""Hypothesis properties of MPS attention bound to the reference (claims ``SUR-MPS-01..05``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from properties.mps_attention import laws
from properties.mps_attention.strategies import MPSCase, mps_cases
from properties.outcome import assert_holds
from reference.algorithms.opcount import OpCounter
from reference.mechanisms import mps_attention as mps


def _decompose(t: np.ndarray) -> laws.Cores:
    return mps.tt_svd(t).cores


def _contract(phi: np.ndarray, cores: laws.Cores) -> float:
    return float(mps.mps_contract(phi, cores)[0])


def _site_cores(
    case: MPSCase,
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    p, n = case.params, case.phi.shape[1]
    if case.config.uniform:
        assert p.alpha is not None and p.omega is not None
        return [p.a_cores[0]] * n, [p.b_cores[0]] * n, p.alpha[None], p.omega[:, None]
    return list(p.a_cores), list(p.b_cores), np.ones((1, 1)), np.ones((1, 1))


@given(mps_cases())
def test_sur_mps_01_tt_svd_exact(case: MPSCase) -> None:
    """SUR-MPS-01: untruncated TT-SVD reproduces the tensor."""
    assert_holds(laws.law_tt_svd_exact(_decompose, case.tensor))


@given(mps_cases(uniform=False))
def test_sur_mps_02_product_state(case: MPSCase) -> None:
    """SUR-MPS-02: MPS contraction with a product state = dense contraction."""
    cores = tuple(case.params.a_cores)
    assert_holds(laws.law_product_state(_contract, cores, case.phi[0]))


def gauged_params(case: MPSCase) -> mps.MPSParams:
    """The case's parameters with ``G G^-1`` inserted (one bond, or every bond if uniform)."""
    p = case.params
    if case.config.uniform:
        assert p.alpha is not None and p.omega is not None
        a, b, al, om = laws.gauge_uniform(p.a_cores[0], p.b_cores[0], p.alpha, p.omega, case.gauge)
        return mps.MPSParams(a_cores=(a,), b_cores=(b,), alpha=al, omega=om)
    if len(p.a_cores) < 2:
        return p
    a2, b2 = laws.gauge(p.a_cores, p.b_cores, case.bond, case.gauge)
    return mps.MPSParams(a_cores=tuple(a2), b_cores=tuple(b2))


@given(mps_cases())
def test_sur_mps_03_gauge_invariance(case: MPSCase) -> None:
    """SUR-MPS-03: A_t -> A_t G, A_{t+1} -> G^-1 A_{t+1} (B alike) leaves every y_t unchanged.
    Allowance: :func:`laws.gauge_tolerance`."""
    sites = _site_cores(case)
    want = laws.outputs_oracle(case.phi[0], *sites)
    got = mps.mps_attention(case.phi[:1], gauged_params(case), config=case.config).y[0]
    n = case.phi.shape[1]
    if not case.config.uniform and n < 2:
        tol = laws.output_tolerance(case.phi[0], *sites)
    else:
        tol = laws.gauge_tolerance(
            case.phi[0], sites, case.gauge, uniform=case.config.uniform, bond=case.bond
        )
    assert_holds(laws.law_outputs(got, want, tol))


@given(mps_cases())
def test_sur_mps_04_truncation_bound(case: MPSCase) -> None:
    """SUR-MPS-04: ||T - T~||_F^2 <= sum_k eps_k^2; equality for one cut."""

    def dec(t: np.ndarray) -> tuple[laws.Cores, np.ndarray]:
        d = mps.tt_svd(t, max_rank=case.max_rank)
        return d.cores, d.discarded

    bound, _ = laws.law_truncation_bound(dec, case.tensor)
    assert_holds(bound)
    mat = case.tensor.reshape(case.tensor.shape[0], -1)
    assert_holds(laws.law_truncation_tight(dec, mat))


@given(mps_cases())
def test_sur_mps_05_prefix_suffix_equals_naive(case: MPSCase) -> None:
    """SUR-MPS-05: the O(N) sweep agrees with the oracle and the naive recomputation."""
    out = mps.mps_attention(case.phi, case.params, config=case.config)
    naive = mps.mps_attention_naive(case.phi, case.params, config=case.config)
    for b in range(case.phi.shape[0]):
        sites = _site_cores(case)
        want = laws.outputs_oracle(case.phi[b], *sites)
        tol = laws.output_tolerance(case.phi[b], *sites)
        assert_holds(laws.law_outputs(out.y[b], want, tol))
        assert_holds(laws.law_outputs(naive.y[b], want, tol))


def test_sur_mps_05_product_counts() -> None:
    """SUR-MPS-05: counted products are affine in N (sweep) and quadratic (naive)."""
    cfg = mps.MPSConfig()
    fast, slow = {}, {}
    for n in range(4, 10):
        p = mps.init_params(
            np.random.default_rng(n), length=n, phys=2, out_dim=2, rank=3, config=cfg
        )
        phi = np.random.default_rng(0).normal(size=(1, n, 2))
        c1, c2 = OpCounter(), OpCounter()
        mps.mps_attention(phi, p, config=cfg, counter=c1)
        mps.mps_attention_naive(phi, p, config=cfg, counter=c2)
        fast[n], slow[n] = c1.products, c2.products
    assert {fast[n + 1] - fast[n] for n in range(4, 9)} == {
        6
    }  # 2 environment products + 2 p' output products per site
    assert {slow[n + 2] - 2 * slow[n + 1] + slow[n] for n in range(4, 8)} == {2}
