"""Evidence for MPS attention (survey §3, ``SUR-MPS-01..05``).

Cases come from the claim's generator: tensors of order 1..5 with modes 1..3; MPS of length
``N`` in 1..5, ``p`` in 1..3, bond ``r`` in 1..4, ``p'`` in 1..3, both core layouts, both
renormalisation settings, feature scale in {0.5, 1, 3}. Laws from
:mod:`properties.mps_attention.laws`.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from proofs.ledger import Case, Counted, Evidence, EvidenceRegistry, Failed, held_or_failed
from properties.mps_attention import laws
from properties.outcome import within
from reference.algorithms.opcount import OpCounter, fitted_exponent
from reference.mechanisms import mps_attention as mps

EVIDENCE = EvidenceRegistry()
CASES = 60


def _tensors(rng: np.random.Generator) -> Iterator[tuple[np.ndarray, dict[str, object]]]:
    for i in range(CASES):
        shape = tuple(int(v) for v in rng.integers(1, 4, int(rng.integers(1, 6))))
        yield rng.normal(size=shape), {"case": i, "shape": shape}


def _mps(
    rng: np.random.Generator, *, uniform: bool | None = None
) -> Iterator[tuple[np.ndarray, mps.MPSParams, mps.MPSConfig, dict[str, object]]]:
    for i in range(CASES):
        n, p, r = int(rng.integers(1, 6)), int(rng.integers(1, 4)), int(rng.integers(1, 5))
        uni = bool(rng.integers(0, 2)) if uniform is None else uniform
        cfg = mps.MPSConfig(uniform=uni, renormalize=bool(rng.integers(0, 2)))
        q = int(rng.integers(1, 4))
        prm = mps.init_params(rng, length=n, phys=p, out_dim=q, rank=r, config=cfg)
        phi = float(rng.choice([0.5, 1.0, 3.0])) * rng.normal(size=(2, n, p))
        yield phi, prm, cfg, {"case": i, "N": n, "p": p, "r": r, "uniform": uni}


def _sites(
    prm: mps.MPSParams, cfg: mps.MPSConfig, n: int
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    if cfg.uniform:
        assert prm.alpha is not None and prm.omega is not None
        return [prm.a_cores[0]] * n, [prm.b_cores[0]] * n, prm.alpha[None], prm.omega[:, None]
    return list(prm.a_cores), list(prm.b_cores), np.ones((1, 1)), np.ones((1, 1))


@EVIDENCE.claim("SUR-MPS-01")
def tt_svd_exact(rng: np.random.Generator) -> Evidence:
    out: list[Case] = [
        (laws.law_tt_svd_exact(lambda t: mps.tt_svd(t).cores, t), info) for t, info in _tensors(rng)
    ]
    return held_or_failed(
        out,
        detail="untruncated TT-SVD contracted back (loop over every multi-index) equals the "
        "tensor in Frobenius norm, within the SVD backward-error allowance",
    )


@EVIDENCE.claim("SUR-MPS-02")
def product_state(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    for phi, prm, _, info in _mps(rng, uniform=False):

        def contract(ph: np.ndarray, cores: laws.Cores) -> float:
            return float(mps.mps_contract(ph, cores)[0])

        out.append((laws.law_product_state(contract, prm.a_cores, phi[0]), info))
    return held_or_failed(
        out,
        detail="M_1 ... M_N with M_t = sum_i phi_t[i] A_t[i] equals sum_i T[i] prod_t phi_t[i_t] "
        "over the dense tensor (loop over every multi-index)",
    )


@EVIDENCE.claim("SUR-MPS-03")
def gauge(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    for phi, prm, cfg, info in _mps(rng):
        n = phi.shape[1]
        r = prm.a_cores[0].shape[-1] if cfg.uniform else max(c.shape[-1] for c in prm.a_cores)
        g = rng.normal(size=(r, r)) + 2.0 * np.eye(r)
        if cfg.uniform:
            assert prm.alpha is not None and prm.omega is not None
            a, b, al, om = laws.gauge_uniform(
                prm.a_cores[0], prm.b_cores[0], prm.alpha, prm.omega, g
            )
            new = mps.MPSParams(a_cores=(a,), b_cores=(b,), alpha=al, omega=om)
            bond = 0
        elif n >= 2:
            bond = int(rng.integers(0, n - 1))
            rb = prm.a_cores[bond].shape[-1]
            g = g[:rb, :rb] + 0.0
            a2, b2 = laws.gauge(prm.a_cores, prm.b_cores, bond, g)
            new = mps.MPSParams(a_cores=tuple(a2), b_cores=tuple(b2))
        else:
            continue
        sites = _sites(prm, cfg, n)
        for bi in range(2):
            want = laws.outputs_oracle(phi[bi], *sites)
            got = mps.mps_attention(phi[bi : bi + 1], new, config=cfg).y[0]
            tol = laws.gauge_tolerance(phi[bi], sites, g, uniform=cfg.uniform, bond=bond)
            out.append((laws.law_outputs(got, want, tol, "gauged y_t = y_t"), info))
            score = (
                float(mps.mps_contract(phi[bi : bi + 1], new.a_cores)[0])
                if not cfg.uniform
                else None
            )
            if score is not None:
                dense = laws.contract_oracle(laws.dense_from_cores(prm.a_cores), phi[bi])
                s_abs = laws.contract_oracle(
                    laws.dense_from_cores([np.abs(c) for c in prm.a_cores]), np.abs(phi[bi])
                )
                bound_a = [np.abs(c) for c in prm.a_cores]
                bound_a[bond] = bound_a[bond] @ np.abs(g)
                bound_a[bond + 1] = np.einsum(
                    "rs,sit->rit", np.abs(np.linalg.inv(g)), bound_a[bond + 1]
                )
                s_abs2 = laws.contract_oracle(laws.dense_from_cores(bound_a), np.abs(phi[bi]))
                chain = n * (phi.shape[2] + r) + phi.shape[2] ** n
                tol_s = laws.sum_tolerance(chain, s_abs) + 2 * laws.sum_tolerance(chain, s_abs2)
                dev = abs(score - dense)
                out.append((within("gauged score = score", dev, tol_s), info | {"law": "score"}))
    return held_or_failed(
        out,
        detail="G G^-1 inserted on one bond (site-dependent cores) or on every bond (uniform "
        "cores, A -> G^-1 A G, alpha -> alpha G, omega -> G^-1 omega), B gauged alike: every y_t "
        "and every sequence score unchanged (allowance from the gauged cores' absolute bounds)",
    )


@EVIDENCE.claim("SUR-MPS-04")
def truncation(rng: np.random.Generator) -> Evidence:
    out: list[Case] = []
    ratios = []
    for t, info in _tensors(rng):
        k = int(rng.integers(1, 3))

        def dec(x: np.ndarray, k: int = k) -> tuple[laws.Cores, np.ndarray]:
            d = mps.tt_svd(x, max_rank=k)
            return d.cores, d.discarded

        bound, err2 = laws.law_truncation_bound(dec, t)
        out.append((bound, info | {"max_rank": k, "law": "bound"}))
        eps2 = float(np.sum(dec(t)[1] ** 2))
        if eps2 > 0:
            ratios.append(err2 / eps2)
        mat = t.reshape(t.shape[0], -1)
        out.append((laws.law_truncation_tight(dec, mat), info | {"max_rank": k, "law": "tight"}))
    ev = held_or_failed(
        out,
        detail=f"||T - T~||_F^2 <= sum_k eps_k^2 for TT-SVD truncated to rank 1..2 (orders "
        f"1..5), and equality ||T - T~||_F^2 = eps_1^2 for one cut (N = 2, Eckart-Young: the "
        f"bound is tight there). The sequential TT-SVD discards orthogonal pieces, so the bound "
        f"was attained in every truncated case: error^2 / sum eps_k^2 ranged "
        f"{min(ratios, default=1.0):.12f}..{max(ratios, default=1.0):.12f}",
    )
    return ev


SIZES = (16, 32, 64, 128, 256)


@EVIDENCE.claim("SUR-MPS-05")
def counts(rng: np.random.Generator) -> Evidence:
    """Decisive test: for counts on the doubling sizes, ``c(4N) - 3 c(2N) + 2 c(N)`` is 0 for any
    ``a N + b`` and ``6 a' N^2`` for a quadratic ``a' N^2 + ...`` (integers, exact). The fitted
    log-log exponents are reported with their expected bias: for ``a N^2 + b N`` the local
    slope is ``2 - b / (a N + b)``, at most ``b / (a N_min + b)`` below 2."""
    cfg = mps.MPSConfig(renormalize=False)
    fast, slow = [], []
    agree: list[Case] = []
    for n in SIZES:
        prm = mps.init_params(rng, length=n, phys=2, out_dim=2, rank=3, config=cfg)
        phi = rng.normal(size=(1, n, 2)) * 0.5
        c1, c2 = OpCounter(), OpCounter()
        y1 = mps.mps_attention(phi, prm, config=cfg, counter=c1).y
        y2 = mps.mps_attention_naive(phi, prm, config=cfg, counter=c2).y
        fast.append(c1.products)
        slow.append(c2.products)
        if n <= 16:
            sites = _sites(prm, cfg, n)
            want = laws.outputs_oracle(phi[0], *sites)
            tol = laws.output_tolerance(phi[0], *sites)
            y1_ok = laws.law_outputs(y1[0], want, tol, "sweep y_t = oracle")
            y2_ok = laws.law_outputs(y2[0], want, tol, "naive y_t = oracle")
            agree.append((y1_ok, {"N": n, "law": "sweep"}))
            agree.append((y2_ok, {"N": n, "law": "naive"}))
    ok = held_or_failed(agree, detail="sweep and naive outputs equal the oracle")
    if isinstance(ok, Failed):
        return ok
    sec_fast = [fast[k + 2] - 3 * fast[k + 1] + 2 * fast[k] for k in range(len(SIZES) - 2)]
    sec_slow = [slow[k + 2] - 3 * slow[k + 1] + 2 * slow[k] for k in range(len(SIZES) - 2)]
    e_fast = fitted_exponent(SIZES, fast)
    e_slow = fitted_exponent(SIZES, slow)
    if any(sec_fast) or not all(v > 0 for v in sec_slow):
        return Failed(error=f"second differences sweep {sec_fast}, naive {sec_slow}")
    return Counted(
        detail=f"matrix products counted by the running code (OpCounter.matmul, p = 2, r = 3, "
        f"p' = 2) at N = {list(SIZES)}: prefix/suffix sweep {fast}, naive recomputation {slow}. "
        f"c(4N) - 3c(2N) + 2c(N): sweep {sec_fast} (no N^2 term: O(N)), naive {sec_slow} "
        f"(= 6 N^2: quadratic). Fitted exponents {e_fast:.3f} (sweep) and {e_slow:.3f} (naive); "
        f"the naive count N^2 + 3N has local slope 2 - 3/(N + 3), 1.84 at N = 16, hence the "
        f"fit below 2. Sweep and naive outputs equal the loop oracle on {ok.cases} checks",
        rows=tuple(
            (f"N={n}: sweep vs naive products", float(f), float(s))
            for n, f, s in zip(SIZES, fast, slow, strict=True)
        ),
    )
