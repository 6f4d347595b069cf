"""Evidence for the reconstructed defaults of seed 002 (``S002-A01..A05``)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence

import numpy as np

from proofs.evidence.sparse._common import _case, _instances, _run
from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    Failed,
    Held,
    held_or_failed,
    load_counterexample,
)
from properties.sparse import laws
from reference.mechanisms import sparse

EVIDENCE = EvidenceRegistry()


# ---------------------------------------------------------------------------------------------
# reconstructed defaults


def _default(fn: object, name: str) -> object:
    return inspect.signature(fn).parameters[name].default  # type: ignore[arg-type]


@EVIDENCE.claim("S002-A01")
def default_norm(rng: np.random.Generator) -> Evidence:
    if (
        _default(sparse.matrix_norm, "norm") != "entrywise"
        or _default(sparse.approximation_error, "norm") != "entrywise"
    ):
        return Failed(error="the default norm is not 'entrywise'")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            B = _run(inst, rng).B
            ent = sparse.approximation_error(inst.Q, inst.K, B)
            l1 = sparse.approximation_error(inst.Q, inst.K, B, norm="row_l1")
            tol = laws.row_tolerance(inst.n)
            s = min(
                sparse.error_bound(inst.eta) + tol - ent,
                sparse.error_bound(inst.eta, norm="row_l1") + tol - l1,
                l1 - ent + tol,  # the row-l1 norm dominates the entrywise one
            )
            yield s / inst.eta, _case(inst)

    return held_or_failed(
        cases(),
        detail="norm='entrywise' is the default of matrix_norm / approximation_error; both "
        "norms checked against their sharp bounds (tanh(eta/2), 2 tanh(eta/2))",
    )


@EVIDENCE.claim("S002-A02")
def default_comparison(rng: np.random.Generator) -> Evidence:
    if _default(sparse.find_sets, "comparison") != ">=" or sparse.ExactScan().comparison != ">=":
        return Failed(error="the default comparison is not '>='")

    def cases() -> Iterator[Case]:
        for _ in range(200):
            n = int(rng.integers(1, 10))
            X = rng.integers(-2, 3, size=(n, n)).astype(float)
            tau = float(rng.integers(-2, 3))
            for comp in (">=", ">"):
                ip, ix = sparse.find_sets(X, np.eye(n), tau, comparison=comp)
                got = [ix[ip[i] : ip[i + 1]].tolist() for i in range(n)]
                want = [s.tolist() for s in laws.find_sets_brute(X, tau, comp)]
                yield (0.0 if got == want else -1.0), {"X": X.tolist(), "tau": tau, "cmp": comp}

    return held_or_failed(
        cases(),
        detail="find_sets defaults to x >= tau (S002-A02); both '>=' and '>' equal brute force "
        "on integer matrices with ties",
    )


@EVIDENCE.claim("S002-A03")
def default_reading(rng: np.random.Generator) -> Evidence:
    if _default(sparse.is_tau_k_good, "reading") != "counting":
        return Failed(error="the default reading is not 'counting'")
    cx = load_counterexample("S002-C23")
    X = np.asarray(cx["X"], dtype=float)
    n = X.shape[0]
    counting = sparse.is_tau_k_good(X, np.eye(n), tau=1.0, k=1)
    bounded = sparse.is_tau_k_good(X, np.eye(n), tau=1.0, k=1, reading="bounded", eta=0.05)
    if not counting or bounded:
        return Failed(error=f"F01 instance: counting={counting}, bounded={bounded}")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            ok_c = sparse.is_tau_k_good(inst.Q, inst.K, tau=inst.tau, k=inst.k)
            ok_b = sparse.is_tau_k_good(
                inst.Q, inst.K, tau=inst.tau, k=inst.k, reading="bounded", eta=inst.eta
            )
            yield (0.0 if ok_c and ok_b else -1.0), _case(inst)

    res = held_or_failed(cases(), detail="")
    if not isinstance(res, Held):
        return res
    return Held(
        cases=res.cases + 1,
        worst_slack=res.worst_slack,
        detail="reading='counting' is the default; on the F01 instance counting says good and "
        "'bounded' (eta = 0.05) says not; generated hypothesis instances pass both readings",
    )


@EVIDENCE.claim("S002-A04")
def default_eta_domain(rng: np.random.Generator) -> Evidence:
    if _default(sparse.check_eta, "eta_domain") != "paper":
        return Failed(error="the default eta_domain is not 'paper'")
    table: Sequence[tuple[float, str, bool]] = (
        (0.05, "paper", True),
        (0.0999, "paper", True),
        (0.1, "paper", False),
        (0.5, "paper", False),
        (0.0, "paper", False),
        (-0.01, "paper", False),
        (float("nan"), "paper", False),
        (0.5, "positive", True),
        (0.0, "positive", False),
    )

    def cases() -> Iterator[Case]:
        for eta, dom, ok in table:
            try:
                sparse.check_eta(eta, eta_domain=dom)  # type: ignore[arg-type]
                accepted = True
            except ValueError:
                accepted = False
            yield (0.0 if accepted == ok else -1.0), {"eta": str(eta), "eta_domain": dom}

    return held_or_failed(
        cases(), detail="eta in (0, 0.1) by default, (0, inf) with eta_domain='positive'"
    )


@EVIDENCE.claim("S002-A05")
def default_fill(rng: np.random.Generator) -> Evidence:
    if (
        _default(sparse.algorithm1, "fill") != "ones"
        or _default(sparse.sparse_attention, "fill") != "ones"
    ):
        return Failed(error="the default fill is not 'ones'")

    def cases() -> Iterator[Case]:
        for inst in _instances(rng, 100):
            B1 = sparse.algorithm1(inst.Q, inst.K, tau=inst.tau, k=inst.k, rng=rng).B
            B0 = sparse.algorithm1(inst.Q, inst.K, tau=inst.tau, k=inst.k, rng=rng, fill="zeros").B
            want1 = laws.a_tilde(inst.X, inst.tau)
            want0 = np.where(laws.find_mask(inst.X, inst.tau), np.exp(inst.X), 0.0)
            dev = max(
                float(np.max(np.abs(B1.to_dense() - want1) / want1)),
                float(np.max(np.abs(B0.to_dense() - want0) / np.maximum(want0, 1.0))),
            )
            yield 4 * laws.EPS - dev, _case(inst)

    return held_or_failed(
        cases(),
        detail="fill='ones' (B = A~ of Def 4.2) is the default; fill='zeros' gives A on S_i and "
        "0 elsewhere (relative 4 eps)",
    )
