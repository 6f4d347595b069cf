"""Laws of MPS attention (claims ``SUR-MPS-01..05``).

Each law takes the implementation under test (a decomposition, a contraction, or an attention
callable) and returns an :class:`~properties.outcome.Outcome` (named checks, each with its
derived tolerance; issue 10 C). Oracles are written here from the definitions with
plain loops over multi-indices and sites, sharing no code with
:mod:`reference.mechanisms.mps_attention`.

Tolerance derivation (one place).

* Decomposition (``SUR-MPS-01``): LAPACK's SVD is backward stable, the computed factors are the
  exact SVD of ``C + E`` with ``||E||_F <= c max(m, n) eps ||C||_F`` (LAPACK Users' Guide
  §4.9; we take ``c = 4``); the ``N - 1`` cuts add their perturbations and the reconstruction's
  ``N - 1`` products with ``r``-term sums add ``2 r eps`` relative each:
  ``tol = 2 (4 sum_k max(m_k, n_k) + 2 (N - 1) r_max) eps ||T||_F`` (:func:`svd_tolerance`).
* Sums of products (contractions, outputs): ``|fl(s) - s| <= gamma_n S_abs`` with ``n`` the
  length of the longest chain of roundings and ``S_abs`` the same contraction with absolute values
  (Higham Thm 3.5); two computations are compared, so the allowance is ``2 * 2 n eps * S_abs``
  (:func:`sum_tolerance`).
* Every allowance adds the smallest normal float: the underflow part of the rounding model
  (``fl(a op b) = (a op b)(1 + d) + e``, ``|e| <= tiny eps`` per operation; the chains here are far
  shorter than ``1 / eps`` operations, so ``tiny`` covers them), which keeps the tolerance
  positive for an all-zero tensor.
* The constant ``c = 4`` of the SVD backward error is LAPACK's "modest function of m and n"
  (``p(m, n)``, Users' Guide §4.9) taken as ``4 max(m, n)``; the observed utilisation of
  ``SUR-MPS-01`` (recorded in ``proofs/expected/mps_attention.toml``) shows how much of it is used.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

import numpy as np

from properties.outcome import Outcome, at_most, close, true, within
from properties.tolerances import EPS, entrywise
from reference._types import FloatArray

Cores = tuple[FloatArray, ...]


def dense_from_cores(cores: Sequence[FloatArray]) -> FloatArray:
    """``T[i_1..i_N] = A_1[i_1] ... A_N[i_N]`` by a loop over every multi-index (oracle)."""
    dims = [c.shape[1] for c in cores]
    out = np.zeros(dims)
    for idx in itertools.product(*(range(p) for p in dims)):
        v = np.ones((1, 1))
        for c, i in zip(cores, idx, strict=True):
            v = v @ c[:, i, :]
        out[idx] = v[0, 0]
    return out


def svd_tolerance(shape: tuple[int, ...], rmax: int, norm: float) -> float:
    """``2 (4 sum_k max(m_k, n_k) + 2 (N - 1) r_max) eps ||T||_F`` (module docstring)."""
    n = len(shape)
    size = math.prod(shape)
    s = 0
    r = 1
    for k in range(n - 1):
        m = r * shape[k]
        s += max(m, size // max(m, 1))
        r = min(m, size // m)
    return 2.0 * (4 * s + 2 * (n - 1) * rmax) * EPS * norm + np.finfo(np.float64).tiny


def law_tt_svd_exact(decompose: Callable[[FloatArray], Cores], tensor: FloatArray) -> Outcome:
    """SUR-MPS-01: untruncated TT-SVD then contraction reproduces the tensor (Frobenius norm,
    within :func:`svd_tolerance`)."""
    cores = decompose(tensor)
    got = dense_from_cores(cores)
    if got.shape != tensor.shape:
        return true(f"contracted shape {got.shape} == {tensor.shape}", False)
    rmax = max(c.shape[2] for c in cores)
    tol = svd_tolerance(tensor.shape, rmax, float(np.linalg.norm(tensor)))
    return within("||contract(TT-SVD(T)) - T||_F", float(np.linalg.norm(got - tensor)), tol)


def contract_oracle(tensor: FloatArray, phi: FloatArray) -> float:
    """``sum_{i_1..i_N} T[i] prod_t phi_t[i_t]`` by a loop over every multi-index."""
    total = 0.0
    for idx in itertools.product(*(range(p) for p in tensor.shape)):
        w = 1.0
        for t, i in enumerate(idx):
            w *= phi[t, i]
        total += tensor[idx] * w
    return total


def sum_tolerance(n_chain: int, s_abs: float) -> float:
    """``2 * 2 n eps * S_abs`` (module docstring)."""
    return 4.0 * n_chain * EPS * s_abs + np.finfo(np.float64).tiny


def law_product_state(
    contract: Callable[[FloatArray, Cores], float], cores: Cores, phi: FloatArray
) -> Outcome:
    """SUR-MPS-02: ``contract(phi, cores)`` equals the dense contraction of ``T`` with
    ``(x)_t phi_t``. Chain length ``n = N (p + r) + p^N``; ``S_abs`` from absolute cores/phi."""
    dense = dense_from_cores(cores)
    want = contract_oracle(dense, phi)
    got = float(contract(phi, cores))
    s_abs = contract_oracle(dense_from_cores([np.abs(c) for c in cores]), np.abs(phi))
    n, p = phi.shape
    r = max(c.shape[2] for c in cores)
    tol = sum_tolerance(n * (p + r) + p**n, s_abs)
    return within("contraction = dense sum over multi-indices", abs(got - want), tol)


def outputs_oracle(
    phi: FloatArray,
    a_cores: Sequence[FloatArray],
    b_cores: Sequence[FloatArray],
    left0: FloatArray,
    right0: FloatArray,
) -> FloatArray:
    """``y_t = L_{t-1} B[phi_t] R_{t+1}`` for one sequence ``phi (N, p)``, by explicit loops."""
    n = phi.shape[0]
    out = []
    for t in range(n):
        left = left0
        for s in range(t):
            left = left @ np.tensordot(phi[s], a_cores[s], axes=(0, 1))
        right = right0
        for s in range(n - 1, t, -1):
            right = np.tensordot(phi[s], a_cores[s], axes=(0, 1)) @ right
        bt = np.tensordot(phi[t], b_cores[t], axes=(0, 1))  # (r, p', r')
        out.append(np.einsum("ar,rqs,sb->q", left, bt, right))
    return np.stack(out)


def output_tolerance(
    phi: FloatArray,
    a_cores: Sequence[FloatArray],
    b_cores: Sequence[FloatArray],
    left0: FloatArray,
    right0: FloatArray,
) -> FloatArray:
    """Per-entry allowance ``2 * 2 n eps * |y|_abs`` with ``n = N (p + r) + 2 r`` (one chain of
    ``N`` products of ``p``- and ``r``-term sums) and ``|y|_abs`` from absolute values; the
    renormalisation adds ``3 eps`` relative per environment step (norm, division, log/exp)."""
    yabs = outputs_oracle(
        np.abs(phi),
        [np.abs(a) for a in a_cores],
        [np.abs(b) for b in b_cores],
        np.abs(left0),
        np.abs(right0),
    )
    n, p = phi.shape
    r = max(a.shape[-1] for a in a_cores)
    out: FloatArray = 4.0 * (n * (p + r + 3) + 2 * r) * EPS * yabs + np.finfo(np.float64).tiny
    return out


def law_outputs(
    got: FloatArray, want: FloatArray, tol: FloatArray, name: str = "y_t = oracle"
) -> Outcome:
    """``|got - want| <= tol`` entrywise (``SUR-MPS-03`` / ``-05`` agreement); the entry of
    largest deviation / tolerance is reported, a shape mismatch is a failed boolean."""
    g = np.asarray(got, dtype=np.float64)
    if g.shape != want.shape:
        return close(name, g, want, 0.0)
    return entrywise(name, np.abs(g - want), tol)


def gauge(
    a_cores: Sequence[FloatArray], b_cores: Sequence[FloatArray], bond: int, g: FloatArray
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Insert ``G G^{-1}`` on bond ``bond`` (between sites ``bond`` and ``bond + 1``): the right
    index of ``A_bond, B_bond`` is multiplied by ``G`` and the left index of ``A_{bond+1},
    B_{bond+1}`` by ``G^{-1}`` (the transformation cores share the bond index, so they are
    gauged with the MPS)."""
    gi = np.linalg.inv(g)
    a = list(a_cores)
    b = list(b_cores)
    a[bond] = a[bond] @ g
    b[bond] = b[bond] @ g
    a[bond + 1] = np.einsum("rs,sit->rit", gi, a[bond + 1])
    b[bond + 1] = np.einsum("rs,siqt->riqt", gi, b[bond + 1])
    return a, b


def law_truncation_bound(
    decompose: Callable[[FloatArray], tuple[Cores, FloatArray]], tensor: FloatArray
) -> tuple[Outcome, float]:
    """SUR-MPS-04: ``||T - T~||_F^2 <= sum_k eps_k^2`` for a truncated decomposition returning
    ``(cores, eps)``. Returns ``(outcome, error^2)``; the tolerance ``2 ||T||_F tol`` is the
    first-order change of a squared norm ``<= ||T||_F`` under a perturbation ``tol`` (from
    :func:`svd_tolerance`), for the round-off of both sides."""
    cores, eps = decompose(tensor)
    err2 = float(np.linalg.norm(dense_from_cores(cores) - tensor)) ** 2
    nrm = float(np.linalg.norm(tensor))
    rmax = max(c.shape[2] for c in cores)
    tol = 2.0 * nrm * svd_tolerance(tensor.shape, rmax, nrm)
    bound = float(np.sum(np.asarray(eps) ** 2))
    return at_most("||T - T~||_F^2 <= sum_k eps_k^2", err2, bound, tol), err2


def law_truncation_tight(
    decompose: Callable[[FloatArray], tuple[Cores, FloatArray]], matrix: FloatArray
) -> Outcome:
    """SUR-MPS-04 where the bound is tight: for ``N = 2`` (one cut) Eckart-Young gives equality,
    ``||T - T~||_F^2 = eps_1^2`` (tolerance as in :func:`law_truncation_bound`)."""
    cores, eps = decompose(matrix)
    err2 = float(np.linalg.norm(dense_from_cores(cores) - matrix)) ** 2
    nrm = float(np.linalg.norm(matrix))
    rmax = max(c.shape[2] for c in cores)
    tol = 2.0 * nrm * svd_tolerance(matrix.shape, rmax, nrm)
    dev = abs(err2 - float(np.sum(np.asarray(eps) ** 2)))
    return within("||T - T~||_F^2 = eps_1^2 (one cut)", dev, tol)


def gauge_uniform(
    a: FloatArray, b: FloatArray, alpha: FloatArray, omega: FloatArray, g: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The uniform-core gauge on every bond: ``A -> G^{-1} A G``, ``B -> G^{-1} B G``,
    ``alpha -> alpha G``, ``omega -> G^{-1} omega``."""
    gi = np.linalg.inv(g)
    return (
        np.einsum("rs,sit,tu->riu", gi, a, g),
        np.einsum("rs,siqt,tu->riqu", gi, b, g),
        alpha @ g,
        gi @ omega,
    )


def gauge_tolerance(
    phi: FloatArray,
    sites: tuple[Sequence[FloatArray], Sequence[FloatArray], FloatArray, FloatArray],
    g: FloatArray,
    *,
    uniform: bool,
    bond: int = 0,
) -> FloatArray:
    """Allowance for outputs computed from gauged cores against the original ones.

    The gauged computation rounds like any other (:func:`output_tolerance`), but with the
    gauged cores, whose entries are bounded by ``|G^{-1}| |A| |G|`` (entrywise absolute values):
    its allowance is :func:`output_tolerance` on those bounds. Forming a gauged core (an
    ``r``-term product with ``G`` and one with ``G^{-1}``) adds ``2 r eps`` relative per entry,
    at most the same again. Hence ``output_tolerance(original) + 2 output_tolerance(bounds)``.
    ``uniform``: every site and both boundary vectors are gauged; else bond ``bond`` only."""
    a, b, l0, r0 = sites
    ga, gi = np.abs(g), np.abs(np.linalg.inv(g))
    a2 = [np.abs(x) for x in a]
    b2 = [np.abs(x) for x in b]
    l2, r2 = np.abs(l0), np.abs(r0)
    if uniform:
        a2 = [np.einsum("rs,sit,tu->riu", gi, x, ga) for x in a2]
        b2 = [np.einsum("rs,siqt,tu->riqu", gi, x, ga) for x in b2]
        l2, r2 = l2 @ ga, gi @ r2
    else:
        a2[bond] = a2[bond] @ ga
        b2[bond] = b2[bond] @ ga
        a2[bond + 1] = np.einsum("rs,sit->rit", gi, a2[bond + 1])
        b2[bond + 1] = np.einsum("rs,siqt->riqt", gi, b2[bond + 1])
    out: FloatArray = output_tolerance(phi, a, b, l0, r0) + 2.0 * output_tolerance(
        phi, a2, b2, l2, r2
    )
    return out
