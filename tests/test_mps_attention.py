"""Unit tests of :mod:`reference.mechanisms.mps_attention`: hand oracles and a bad-input table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reference.algorithms.opcount import OpCounter
from reference.mechanisms import mps_attention as mps

# A_1[i] = e_i (row), A_2[:, 0] = (1, 2), A_2[:, 1] = (3, 4): T[i1, i2] = A_2[i1, i2], so
# T = [[1, 3], [2, 4]].
A1 = np.eye(2).reshape(1, 2, 2)
A2 = np.array([[1.0, 3.0], [2.0, 4.0]]).reshape(2, 2, 1)
PHI = np.array([[1.0, 1.0], [1.0, 0.0]])


def test_dense_and_contraction_by_hand() -> None:
    np.testing.assert_array_equal(mps.mps_to_dense((A1, A2)), [[1.0, 3.0], [2.0, 4.0]])
    # sum_{i1, i2} T[i1, i2] phi_1[i1] phi_2[i2] = T[0, 0] + T[1, 0] = 3
    assert mps.mps_contract(PHI, (A1, A2))[0] == 3.0


@pytest.mark.parametrize("renormalize", [False, True])
def test_outputs_equal_score_when_b_is_a(renormalize: bool) -> None:
    """With B_t = A_t (p' = 1) every y_t = L_{t-1} M_t R_{t+1} is the sequence score, 3."""
    p = mps.MPSParams(a_cores=(A1, A2), b_cores=(A1[:, :, None], A2[:, :, None]))
    out = mps.mps_attention(PHI, p, config=mps.MPSConfig(renormalize=renormalize))
    np.testing.assert_allclose(out.y, [[[3.0], [3.0]]], rtol=1e-15)


def test_tt_svd_rank_one_tensor_has_unit_bonds() -> None:
    t = np.einsum("i,j,k->ijk", [1.0, 2.0], [3.0, 0.0, 1.0], [1.0, -1.0])
    dec = mps.tt_svd(t, rel_tol=1e-12)
    assert [c.shape for c in dec.cores] == [(1, 2, 1), (1, 3, 1), (1, 2, 1)]
    np.testing.assert_allclose(mps.mps_to_dense(dec.cores), t, atol=1e-14)


def test_truncation_of_a_diagonal_matrix_drops_the_small_singular_value() -> None:
    """diag(3, 1) truncated to rank 1: error = eps_1 = 1 exactly (Eckart-Young)."""
    dec = mps.tt_svd(np.diag([3.0, 1.0]), max_rank=1)
    np.testing.assert_allclose(dec.discarded, [1.0])
    np.testing.assert_allclose(mps.mps_to_dense(dec.cores), np.diag([3.0, 0.0]), atol=1e-15)


def test_uniform_parameters_do_not_grow_with_length() -> None:
    cfg = mps.MPSConfig(uniform=True)
    counts = {
        n: mps.init_params(
            np.random.default_rng(0), length=n, phys=2, out_dim=3, rank=4, config=cfg
        ).parameter_count
        for n in (2, 50)
    }
    assert counts[2] == counts[50] == 4 * 2 * 4 + 4 * 2 * 3 * 4 + 4 + 4


def test_renormalised_long_sequence_does_not_overflow() -> None:
    """Scale-10 features over 2000 sites: raw environments overflow, the scaled form does not."""
    cfg = mps.MPSConfig(uniform=True)
    p = mps.init_params(np.random.default_rng(1), length=1, phys=2, out_dim=1, rank=2, config=cfg)
    phi = 10.0 * np.ones((2000, 2))
    out = mps.mps_attention(phi, p, config=cfg)
    assert np.all(np.isfinite(out.y_scaled)) and np.all(np.isfinite(out.log_scale))
    with np.errstate(over="ignore", invalid="ignore"):
        raw = mps.mps_attention(phi, p, config=mps.MPSConfig(uniform=True, renormalize=False))
    assert not np.all(np.isfinite(raw.y_scaled))


def test_counter_counts_environment_products() -> None:
    """N = 2, batch 1, p' = 1: one prefix, one suffix, two contractions of two products = 6."""
    p = mps.MPSParams(a_cores=(A1, A2), b_cores=(A1[:, :, None], A2[:, :, None]))
    c = OpCounter()
    mps.mps_attention(PHI, p, config=mps.MPSConfig(), counter=c)
    assert c.products == 6


_P = mps.MPSParams(a_cores=(A1, A2), b_cores=(A1[:, :, None], A2[:, :, None]))
_C = mps.MPSConfig()
BAD_PHI = [
    ("nan", np.array([[math.nan, 0.0], [1.0, 0.0]]), ValueError, "phi contains NaN"),
    ("complex", PHI * 1j, TypeError, "phi is complex"),
    ("rank0", np.float64(1.0), ValueError, "phi has shape"),
    ("empty-sequence", np.ones((0, 2)), ValueError, "empty"),
    ("wrong-N", np.ones((3, 2)), ValueError, "N=3 sites"),
    ("wrong-p", np.ones((2, 3)), ValueError, "physical dim"),
]


@pytest.mark.parametrize(("case", "phi", "exc", "match"), BAD_PHI, ids=[c[0] for c in BAD_PHI])
def test_bad_phi(case: str, phi: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        mps.mps_attention(phi, _P, config=_C)  # type: ignore[arg-type]


BAD_SVD = [
    ("empty", np.ones((0, 2)), {}, ValueError, "non-empty"),
    ("rank0", np.float64(2.0), {}, ValueError, "at least 1 dim"),
    ("nan", np.array([1.0, math.nan]), {}, ValueError, "tensor contains NaN"),
    ("max-rank", np.ones((2, 2)), {"max_rank": 0}, ValueError, "max_rank=0"),
    ("rel-tol", np.ones((2, 2)), {"rel_tol": -1.0}, ValueError, "rel_tol=-1.0"),
]


@pytest.mark.parametrize(("case", "t", "kw", "exc", "match"), BAD_SVD, ids=[c[0] for c in BAD_SVD])
def test_bad_tt_svd(
    case: str, t: object, kw: dict[str, object], exc: type[Exception], match: str
) -> None:
    with pytest.raises(exc, match=match):
        mps.tt_svd(t, **kw)  # type: ignore[arg-type]


def test_bad_cores_and_config() -> None:
    with pytest.raises(ValueError, match="boundary ranks"):
        mps.mps_to_dense((np.ones((2, 2, 1)),))
    with pytest.raises(ValueError, match=r"a_cores\[0\] has right rank 2"):
        mps.mps_attention(
            PHI, mps.MPSParams(a_cores=(A1, np.ones((3, 2, 1))), b_cores=_P.b_cores), config=_C
        )
    with pytest.raises(TypeError, match="uniform=1"):
        mps.MPSConfig(uniform=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="uniform=True expects"):
        mps.mps_attention(PHI, _P, config=mps.MPSConfig(uniform=True))
    uni = mps.MPSParams(a_cores=(np.ones((2, 2, 2)),), b_cores=(np.ones((2, 2, 1, 2)),))
    with pytest.raises(ValueError, match="alpha"):
        mps.mps_attention(PHI, uni, config=mps.MPSConfig(uniform=True))
