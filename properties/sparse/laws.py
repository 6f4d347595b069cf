"""Laws of seed 002's sparse attention (``S002-C01..C25``, ``C32``), as functions of the
implementation under test, plus NumPy instance generators (no Hypothesis here: the ledger and the
variant checker call these with ``numpy.random.Generator`` s).

Every law takes the implementation under test as its first argument (a
:class:`~reference.mechanisms.sparse.SparseAttentionApproximation` ``approx(Q, K, V, *, tau, k)``,
the attention-weights function, the ``(tau, k)``-good test), so the reference (bound in
``test_laws.py`` and the ledger) and a user's variant (:mod:`proofs.variants.sparse_attention`)
meet the same function. Oracles (``exp``, softmax, Definition 4.2's ``A~``) are computed here from
the exact ``X``, never by the reference. Every law returns an :class:`~properties.outcome.Outcome`
(named checks, each with its deviation and the tolerance derived below); a NaN anywhere in what
was compared is a failure, never a pass.

Floating-point model (tolerances). ``p = D(A)^-1 A`` is computed with a row-max shift: each entry
is ``exp`` (relative error <= 2 eps) divided by a sum of ``n`` positive terms (relative error <=
``n eps``), so ``|p_j - fl(p_j)| <= (n + 3) eps p_j``. ``q = D(B)^-1 B`` from Algorithm 2 has the
same relative error plus the cancellation of ``(w - c) + c`` (at most ``2 eps c / r <= 2 eps`` per
entry). Summing over a row: ``| ||p - q||_1 - fl(.) | <= 2 (n + 3) eps + 2 n eps``. We use
:func:`row_tolerance` ``= 8 (n + 2) eps`` (the first-order bound with a factor 2 to spare) for
entrywise and row-l1 errors, times ``||V||_max`` for outputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, at_least, at_most, close, combine, true, within
from properties.tolerances import EPS, row_tolerance
from reference._types import FloatArray, IntArray
from reference.mechanisms import sparse

# ---------------------------------------------------------------------------------------------
# instances


@dataclass(frozen=True, kw_only=True)
class Instance:
    """One input of Theorems 1.3 / 6.1: ``Q, K: (n, d)``, ``V: (n, d_v)``, ``tau``, ``k``,
    ``eta`` with ``X = Q K^T`` exactly equal to ``X`` (see :func:`realise`)."""

    Q: FloatArray
    K: FloatArray
    V: FloatArray
    X: FloatArray
    tau: float
    k: int
    eta: float
    family: str

    @property
    def n(self) -> int:
        return int(self.X.shape[0])

    def to_json(self) -> dict[str, object]:
        return {
            "family": self.family,
            "n": self.n,
            "k": self.k,
            "tau": self.tau,
            "eta": self.eta,
            "X": self.X.tolist(),
            "Q": self.Q.tolist(),
            "K": self.K.tolist(),
            "V": self.V.tolist(),
        }


def realise(
    X: FloatArray, rng: np.random.Generator, *, extra: int = 2
) -> tuple[FloatArray, FloatArray]:
    """``Q, K: (n, n + extra)`` with ``Q K^T == X`` **exactly**: ``K = [I_n 0] P``,
    ``Q = [X Z] P`` for a random signed permutation ``P`` and random ``Z`` (K is 0 there), so
    every product in ``Q K^T`` is a multiplication by ``0`` or ``+-1``."""
    n = X.shape[0]
    d = n + extra
    perm = rng.permutation(d)
    sign = rng.choice(np.array([-1.0, 1.0]), size=d)
    k0 = np.zeros((n, d))
    k0[:, :n] = np.eye(n)
    q0 = np.concatenate([X, rng.normal(size=(n, extra))], axis=1)
    return q0[:, perm] * sign, k0[:, perm] * sign


def _finish(
    X: FloatArray, rng: np.random.Generator, *, tau: float, k: int, eta: float, family: str
) -> Instance:
    Q, K = realise(X, rng)
    n = X.shape[0]
    V = rng.normal(size=(n, int(rng.integers(1, 5)))) * float(rng.choice([0.1, 1.0, 10.0]))
    return Instance(Q=Q, K=K, V=V, X=X, tau=tau, k=k, eta=eta, family=family)


def random_instance(
    rng: np.random.Generator,
    *,
    n: int | None = None,
    eta: float | None = None,
    tau: float | None = None,
    k: int | None = None,
    max_n: int = 30,
    min_find: int = 0,
) -> Instance:
    """A random instance satisfying the hypotheses of Theorem 1.3: ``(tau, k)``-good and
    ``|x_ij| <= eta`` off ``S_i``. ``tau in [-eta/2, 4]``; found entries in ``[tau, tau + 6]``;
    sub-threshold entries uniform in ``[-eta, min(eta, tau))``. ``min_find``: at least that many
    find-set entries per row (e.g. 1 to avoid empty rows)."""
    n = int(rng.integers(1, max_n + 1)) if n is None else n
    eta = float(rng.uniform(1e-4, 0.0999)) if eta is None else eta
    tau = float(rng.uniform(-eta / 2, 4.0)) if tau is None else tau
    k = int(rng.integers(max(1, min_find), n + 1)) if k is None else k
    lo, hi = -eta, min(eta, tau)
    # strictly below hi (rounding of lo + (hi - lo) u could reach hi = tau and join S_i)
    X = np.minimum(lo + (hi - lo) * rng.random((n, n)), np.nextafter(hi, -np.inf))
    for i in range(n):
        s = int(rng.integers(min_find, k + 1))
        cols = rng.choice(n, size=s, replace=False)
        X[i, cols] = tau + 6.0 * rng.random(s)
    return _finish(X, rng, tau=tau, k=k, eta=eta, family="random")


def two_point_instance(
    rng: np.random.Generator, *, n: int, m: int, eta: float, tau: float = 1.0
) -> Instance:
    """The extremal construction of §7: empty find sets, ``m`` entries ``-eta`` and ``n - m``
    entries ``+eta`` per row (random positions), ``V = +-1`` matching the signs."""
    X = np.full((n, n), eta)
    for i in range(n):
        X[i, rng.choice(n, size=m, replace=False)] = -eta
    inst = _finish(X, rng, tau=tau, k=1, eta=eta, family="two-point")
    V = np.where(X[:1].T > 0, 1.0, -1.0)
    return Instance(Q=inst.Q, K=inst.K, V=V, X=X, tau=tau, k=1, eta=eta, family=f"two-point m={m}")


def adversarial_instances(rng: np.random.Generator, count: int) -> list[Instance]:
    """``count`` instances mixing random ones, two-point splits at the optimal fraction
    ``w* = 1/(1 + e^-eta)`` (``S002-C19``), and extreme ones (``+-eta`` sub-threshold, large
    found entries up to ``tau + 30``)."""
    out: list[Instance] = []
    for c in range(count):
        kind = c % 3
        if kind == 0:
            out.append(random_instance(rng))
        elif kind == 1:
            n = int(rng.integers(2, 60))
            eta = float(rng.uniform(1e-3, 0.0999))
            w = 1.0 / (1.0 + math.exp(-eta))
            m = min(n - 1, max(1, round(w * n) + int(rng.integers(-1, 2))))
            out.append(two_point_instance(rng, n=n, m=m, eta=eta))
        else:
            n = int(rng.integers(1, 30))
            eta = float(rng.uniform(1e-4, 0.0999))
            tau = float(rng.uniform(eta, 30.0))
            k = int(rng.integers(1, n + 1))
            X = rng.choice(np.array([-eta, eta]), size=(n, n))
            for i in range(n):
                s = int(rng.integers(0, k + 1))
                X[i, rng.choice(n, size=s, replace=False)] = tau + rng.uniform(0, 30, s)
            out.append(_finish(X, rng, tau=tau, k=k, eta=eta, family="extreme"))
    return out


# ---------------------------------------------------------------------------------------------
# helpers on an instance


def find_mask(X: FloatArray, tau: float, comparison: sparse.Comparison = ">=") -> np.ndarray:
    """Brute-force membership ``j in S_i`` (independent of
    :func:`reference.mechanisms.sparse.find_sets`)."""
    return np.asarray(tau <= X if comparison == ">=" else tau < X)


def a_tilde(X: FloatArray, tau: float) -> FloatArray:
    """Definition 4.2 densely: ``A`` on ``S_i``, 1 elsewhere."""
    return np.where(find_mask(X, tau), np.exp(X), 1.0)


def softmax_rows(M: FloatArray) -> FloatArray:
    """``D(M)^-1 M`` for a positive matrix given by its log ``M`` (row-shifted)."""
    e = np.exp(M - M.max(axis=1, keepdims=True))
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


# ---------------------------------------------------------------------------------------------
# laws on the reference building blocks


Approximation = sparse.SparseAttentionApproximation
Weights = Callable[[FloatArray, FloatArray], FloatArray]
"""``weights(Q, K) -> D(A)^-1 A`` (Definition 1.1)."""


def _result(approx: Approximation, inst: Instance) -> sparse.SparseAttentionOutput:
    return approx(inst.Q, inst.K, inst.V, tau=inst.tau, k=inst.k)


def _B(approx: Approximation, inst: Instance) -> sparse.SparsePlusRankOne:
    return _result(approx, inst).B


def exact_attention(X: FloatArray, V: FloatArray) -> FloatArray:
    """Oracle ``D(A)^-1 A V`` from the exact scores ``X`` (row-max shifted, Definition 1.1)."""
    e = np.exp(X - X.max(axis=1, keepdims=True))
    out: FloatArray = (e @ V) / e.sum(axis=1)[:, None]
    return out


def law_row_stochastic(weights: Weights, Q: FloatArray, K: FloatArray) -> Outcome:
    """``S002-C01``: rows of ``weights(Q, K) = D^-1 A`` sum to 1 (within ``row_tolerance``) and
    entries are > 0."""
    W = np.asarray(weights(Q, K), dtype=np.float64)
    n = int(K.shape[0])
    if W.shape != (Q.shape[0], n):
        return true(f"weights shape {W.shape} == {(Q.shape[0], n)}", False)
    return combine(
        true("every weight > 0", bool(np.all(W > 0))),
        within("|row sum - 1|", _max_abs(W.sum(axis=1) - 1.0), row_tolerance(n)),
    )


def _max_abs(x: npt.ArrayLike) -> float:
    a = np.abs(np.asarray(x, dtype=np.float64))
    return float(a.max()) if a.size else 0.0


def law_tau_k_good(
    is_good: Callable[..., bool], X: FloatArray, *, tau: float, k: int, comparison: str = ">="
) -> Outcome:
    """``S002-C02``: ``is_good`` agrees with ``max_i |{j : x_ij >= tau}| <= k`` (brute force
    with Python sets); a boolean check."""
    n = X.shape[0]
    counts = [
        len({j for j in range(n) if (X[i, j] >= tau if comparison == ">=" else X[i, j] > tau)})
        for i in range(n)
    ]
    expected = max(counts) <= k
    Q, K = X, np.eye(n)
    got = is_good(Q, K, tau=tau, k=k, comparison=comparison)
    return true("is_good agrees with the brute-force count", got == expected)


def _off_support_nnz(B: sparse.SparsePlusRankOne) -> IntArray:
    out: IntArray = np.count_nonzero(B.to_dense() - B.c, axis=1)
    return out


def law_sparsity(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C03`` / Thm 1.3 P1: row ``i`` of ``B - c 1 1^T`` has at most ``k`` nonzeros (dense
    count; integers, tolerance 0)."""
    nz = _off_support_nnz(_B(approx, inst))
    return at_most("nonzeros of a row of B - 1 1^T <= k", nz, inst.k)


def law_sparsity_find_set(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C03``: row ``i`` of ``B - 1 1^T`` has at most ``|S_i|`` nonzeros (integers)."""
    nz = _off_support_nnz(_B(approx, inst))
    return at_most(
        "nonzeros of a row of B - 1 1^T <= |S_i|", nz, find_mask(inst.X, inst.tau).sum(axis=1)
    )


def law_rank_one_part(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C04`` / Thm 1.3 P1: ``B2 = B - B1 = c 1 1^T`` with ``c = 1`` (rank one). ``B2`` is
    ``c 1 1^T`` by construction of :class:`~reference.mechanisms.sparse.SparsePlusRankOne`; the law
    checks ``c = 1`` and that ``B`` equals ``c`` off its support (dense); both exact (booleans).

    (A numerical rank of ``B - B1`` is not used: for found entries ``e^x ~ 1e13`` the subtraction
    ``e^x - (e^x - 1)`` loses the 1 to rounding.)"""
    B = _B(approx, inst)
    off = np.ones((B.n, B.n), dtype=bool)
    off[B.row_ids(), B.indices] = False
    return combine(
        true("B equals c off its support", bool(np.all(B.to_dense()[off] == B.c))),
        true("c = 1", B.c == 1.0),
    )


def law_row_sums(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C05``: ``D(B)_ii = n + sum_{j in S_i}(A_ij - 1)`` (relative tolerance
    ``row_tolerance``)."""
    X = inst.X
    n = X.shape[0]
    S = find_mask(X, inst.tau)
    want = n + np.where(S, np.expm1(X), 0.0).sum(axis=1)
    got = np.asarray(_B(approx, inst).row_sums(), dtype=np.float64)
    if got.shape != want.shape:
        return true(f"row sums shape {got.shape} == {want.shape}", False)
    rel = np.abs(got - want) / np.maximum(np.abs(want), 1.0)
    return within("relative error of D(B)_ii", _nanmax(rel), row_tolerance(n))


def _nanmax(x: npt.ArrayLike) -> float:
    """``max`` with any NaN (or an empty array: 0) mapped so that a NaN never passes."""
    a = np.asarray(x, dtype=np.float64)
    if a.size == 0:
        return 0.0
    if not np.all(np.isfinite(a)):
        return math.inf
    return float(a.max())


def law_pointwise(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C09, C10, C11``: ``|A - B| <= e^eta - 1 <= 2 eta`` off ``S_i`` and ``A = B`` on
    ``S_i`` (relative ``4 eps``). An empty side contributes deviation 0.

    Rounding off ``S_i``: ``A = fl(e^x)`` is within ``2 eps e^x`` of ``e^x`` (NumPy's ``exp`` is
    accurate to 1 ulp), an entry of ``B`` computed the same way likewise, and the subtraction
    rounds once relative to its result: ``|A - B| <= (e^eta - 1)(1 + eps) + 4 eps e^eta``, the
    tolerance of the off-``S_i`` check being ``eps (e^eta - 1) + 4 eps e^eta``. The absolute term
    matters: for ``|x| = eta`` and ``B = 1`` the computed ``e^x - 1`` can exceed ``expm1(eta)`` by
    ``~eps e^eta``, far more than ``4 eps expm1(eta)`` when ``eta`` is small (found by Hypothesis:
    ``x = eta = 0.0425``, excess ``4.9e-17``). On ``S_i`` both sides are ``fl(e^x)`` of the same
    ``x``, each within ``2 eps`` relative: ``4 eps``."""
    S = find_mask(inst.X, inst.tau)
    A = np.exp(inst.X)
    Bd = np.asarray(_B(approx, inst).to_dense(), dtype=np.float64)
    if Bd.shape != A.shape:
        return true(f"B shape {Bd.shape} == {A.shape}", False)
    with np.errstate(invalid="ignore"):
        diff = np.abs(A - Bd)
        rel = diff / A
    e1 = math.expm1(inst.eta)
    off_tol = EPS * e1 + 4 * EPS * math.exp(inst.eta)
    return combine(
        at_most("off S_i: |A - B| <= e^eta - 1", _nanmax(diff[~S]), e1, off_tol),
        within("on S_i: |A - B| / A", _nanmax(rel[S]), 4 * EPS),
    )


def law_max_diff(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C11`` (Lemma 4.4 P3): ``||A - B||_max <= 2 eta``. Tolerance: the rounding of
    ``|A - B|`` of :func:`law_pointwise`, ``eps (e^eta - 1) + 4 eps max(e^eta, max_{S_i} A)``
    (off ``S_i``, and on ``S_i`` where ``A = B`` up to ``4 eps A``)."""
    S = find_mask(inst.X, inst.tau)
    A = np.exp(inst.X)
    Bd = np.asarray(_B(approx, inst).to_dense(), dtype=np.float64)
    if Bd.shape != A.shape:
        return true(f"B shape {Bd.shape} == {A.shape}", False)
    big = max(math.exp(inst.eta), float(A[S].max()) if S.any() else 0.0)
    tol = EPS * math.expm1(inst.eta) + 4 * EPS * big
    return at_most("||A - B||_max <= 2 eta", _nanmax(np.abs(A - Bd)), 2 * inst.eta, tol)


def law_normaliser(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C12, C13``: ``|D(A)_ii - D(B)_ii| <= (n - |S_i|)(e^eta - 1) <= 2 n eta`` and
    ``e^-eta <= D(A)_ii / D(B)_ii <= e^eta``. Both normalisers are sums of ``n`` positive terms
    (``row_tolerance(n)`` relative each): the difference is checked relative to
    ``max(D(A)_ii, D(B)_ii)``, the ratio with ``row_tolerance(n)``."""
    X, eta = inst.X, inst.eta
    n = X.shape[0]
    S = find_mask(X, inst.tau)
    DA = np.exp(X).sum(axis=1)
    DB = np.asarray(_B(approx, inst).row_sums(), dtype=np.float64)
    if DB.shape != DA.shape:
        return true(f"D(B) shape {DB.shape} == {DA.shape}", False)
    bound = (n - S.sum(axis=1)) * math.expm1(eta)
    with np.errstate(invalid="ignore", divide="ignore"):
        excess = (np.abs(DA - DB) - bound) / np.maximum(DA, DB)
        ratio = DA / DB
    tol = row_tolerance(n)
    return combine(
        at_most("|D(A) - D(B)| <= (n - |S_i|)(e^eta - 1) (relative)", excess, 0.0, tol),
        at_most("D(A)/D(B) <= e^eta", ratio, math.exp(eta), tol),
        at_least("D(A)/D(B) >= e^-eta", ratio, math.exp(-eta), tol),
    )


def law_da_lower(X: FloatArray, *, eta: float) -> Outcome:
    """``S002-C14`` (conditional form): ``D(A)_ii >= n e^-eta`` when every found entry is
    ``>= -eta`` (guaranteed by ``tau >= -eta``); checked on ``D(A)_ii / n`` with
    ``row_tolerance(n)``. A fact about the exact ``D(A)`` of the input (no implementation is
    under test)."""
    n = X.shape[0]
    DA = np.exp(X).sum(axis=1)
    return at_least("D(A)_ii / n >= e^-eta", DA / n, math.exp(-eta), row_tolerance(n))


def law_db_lower(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C15``: ``D(B)_ii >= n - |S_i|``, and ``>= n`` when ``tau >= 0`` (on ``/ n``, with
    ``row_tolerance(n)`` for the row sum)."""
    n = inst.X.shape[0]
    DB = np.asarray(_B(approx, inst).row_sums(), dtype=np.float64)
    lower = n - find_mask(inst.X, inst.tau).sum(axis=1)
    if inst.tau >= 0:
        lower = np.full(n, n)
    if DB.shape != lower.shape:
        return true(f"D(B) shape {DB.shape} == {lower.shape}", False)
    name = "D(B)_ii >= n" if inst.tau >= 0 else "D(B)_ii >= n - |S_i|"
    return at_least(name + " (/ n)", DB / n, lower / n, row_tolerance(n))


def error_outcomes(approx: Approximation, inst: Instance) -> tuple[Outcome, Outcome, Outcome]:
    """Outcomes of ``S002-C16`` (entrywise ``<= tanh(eta/2)``), ``S002-C17`` (row-l1
    ``<= 2 tanh(eta/2)``) and ``S002-C21`` (output ``<= 2 tanh(eta/2) ||V||_max``).

    The approximation's weights ``D(B)^-1 B`` are its output for ``V = I_n``; the exact weights
    and output are computed here from the exact ``X``. Tolerances: ``row_tolerance(n)`` for the
    weights (entrywise and row-l1), ``2 row_tolerance(n) ||V||_max`` for the outputs (both sides
    computed)."""
    n = inst.n
    P = softmax_rows(inst.X)
    Qb = np.asarray(approx(inst.Q, inst.K, np.eye(n), tau=inst.tau, k=inst.k).output)
    t = math.tanh(inst.eta / 2)
    tol = row_tolerance(n)
    vmax = float(np.abs(inst.V).max())
    out = np.asarray(_result(approx, inst).output)
    want = exact_attention(inst.X, inst.V)
    if Qb.shape != P.shape:
        bad = true(f"weights shape {Qb.shape} == {P.shape}", False)
        c16 = c17 = bad
    else:
        diff = np.abs(P - Qb)
        c16 = at_most("entrywise error <= tanh(eta/2)", _nanmax(diff), t, tol)
        c17 = at_most("row-l1 error <= 2 tanh(eta/2)", _nanmax(diff.sum(axis=1)), 2 * t, tol)
    if out.shape != want.shape:
        c21 = true(f"output shape {out.shape} == {want.shape}", False)
    else:
        c21 = at_most(
            "output error <= 2 tanh(eta/2) ||V||_max",
            _nanmax(np.abs(want - out)),
            2 * t * vmax,
            2 * tol * vmax,
        )
    return c16, c17, c21


def law_error_bounds(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C16, C17, C21`` together (:func:`error_outcomes`)."""
    return combine(*error_outcomes(approx, inst))


def total_operations(ops: object) -> int:
    """``ops`` as an int: an ``int`` or an object with an int ``.total``."""
    total = getattr(ops, "total", ops)
    if isinstance(total, bool) or not isinstance(total, int | np.integer):
        raise TypeError(f"operations={ops!r} must be an int or have an int .total")
    return int(total)


def law_output_consistent(approx: Approximation, inst: Instance) -> Outcome:
    """Lemma 6.2: ``output == D(B)^-1 B V`` (dense check; ``2 row_tolerance(n) ||V||_max``:
    two computations of a normalised sum of ``n`` terms)."""
    r = _result(approx, inst)
    Bd = r.B.to_dense()
    want = (Bd @ inst.V) / Bd.sum(axis=1)[:, None]
    scale = float(np.abs(inst.V).max())
    return close("output = D(B)^-1 B V", r.output, want, 2 * row_tolerance(Bd.shape[0]) * scale)


def law_operations(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C32`` (Lemma 6.2): inference uses at most ``n k d + n k + 3 n d`` multiply-adds
    (``nnz(B1) <= n k``); integer counts, tolerance 0."""
    n, k, d_v = inst.n, inst.k, int(inst.V.shape[1])
    ops = total_operations(_result(approx, inst).operations)
    if ops < 0:
        return true(f"operation count {ops} >= 0", False)
    return at_most("operations <= nkd + nk + 3nd", ops, n * k * d_v + n * k + 3 * n * d_v)


def law_exact_ops(approx: Approximation, inst: Instance) -> Outcome:
    """``S002-C32``: the counter equals the Lemma 6.2 count ``nnz (d_v + 1) + 3 n d_v`` (with a
    rank-one part; ``nnz (d_v + 1) + n d_v`` without) exactly (a boolean check)."""
    r = _result(approx, inst)
    n, d_v, nnz = inst.n, int(inst.V.shape[1]), r.B.nnz
    want = nnz * (d_v + 1) + (3 if r.B.c > 0 else 1) * n * d_v
    return true("operations == nnz (d_v + 1) + 3 n d_v", total_operations(r.operations) == want)


def find_sets_brute(X: FloatArray, tau: float, comparison: str = ">=") -> list[IntArray]:
    """Per-row find sets by a Python loop (for ``S002-A02`` / batch-vs-row checks)."""
    n = X.shape[0]
    return [
        np.array(
            [j for j in range(n) if (X[i, j] >= tau if comparison == ">=" else X[i, j] > tau)],
            dtype=np.int64,
        )
        for i in range(n)
    ]


__all__ = [
    "EPS",
    "Approximation",
    "Instance",
    "Weights",
    "a_tilde",
    "adversarial_instances",
    "error_outcomes",
    "exact_attention",
    "find_mask",
    "find_sets_brute",
    "law_da_lower",
    "law_db_lower",
    "law_error_bounds",
    "law_exact_ops",
    "law_max_diff",
    "law_normaliser",
    "law_operations",
    "law_output_consistent",
    "law_pointwise",
    "law_rank_one_part",
    "law_row_stochastic",
    "law_row_sums",
    "law_sparsity",
    "law_sparsity_find_set",
    "law_tau_k_good",
    "random_instance",
    "realise",
    "row_tolerance",
    "softmax_rows",
    "total_operations",
    "two_point_instance",
]
