"""QMSAN: Quantum Mixed-State Self-Attention (Chen et al., arXiv 2403.02871), survey spec §5.

Claims ``SUR-QMSAN-01..05`` (``claims/survey-mechanisms-and-qama.md`` §5). RECONSTRUCTED (the
score ``Tr(rho sigma)`` and the mixed-query / pure-value design FOUND via a summary; the rest
assumed, each choice a keyword option of :class:`QMSANConfig` with the spec's default).

Tokens ``x_s in R^n`` (``N`` tokens, one angle per qubit), ``n`` qubits, ``m < n`` kept qubits:

* ``|psi_s> = PE_s U_enc(x_s)|0^n>``, ``U_enc = prod_l RY(x_sl)``, ``PE_s = prod_l RX(omega_sl)``
  with ``omega_sl = pi s / N`` (``positional="pi_s_over_n"``, the spec's example; ``"none"``
  switches it off) — no extra qubit;
* ansatz ``U(theta)``: per layer ``RY(theta[l,q,0]) RZ(theta[l,q,1])`` on every qubit, then the
  CNOT chain (``ansatz_layers``, default 1; RECONSTRUCTED);
* mixed query and key: ``rho_s = Tr_B[U_q|psi_s><psi_s|U_q^dag]``, ``sigma_j`` likewise with
  ``U_k``, keeping qubits ``0..m-1`` (:func:`reduced_states`);
* score ``alpha_sj = Tr(rho_s sigma_j) in [0, 1]`` (:func:`scores`), measured by the swap test on
  the ``m`` kept pairs: ``P(0) = (1 + alpha)/2`` (:func:`swap_test_circuit`);
* normalisation ``alpha~_sj = alpha_sj / sum_j' alpha_sj'`` (``normalization="sum"``; or
  ``"softmax"``);
* pure values ``o_j = [<psi_jv|Z_l|psi_jv>]_l``, ``|psi_jv> = U_v|psi_j>`` (``observables="z"``);
* output ``y_s = x_s + sum_j alpha~_sj o_j`` (residual).

A sampled score ``alpha^ = 2 P^(0) - 1`` from ``S`` shots has variance ``(1 - alpha^2)/S``
(:func:`sample_scores`, SUR-QMSAN-05).

Notation map (paper -> here): ``rho_{s,q}`` -> ``rho[s]``; ``sigma_{j,k}`` -> ``sigma[j]``;
``alpha_{s,j}`` -> ``alpha[s, j]``; ``R_x`` positional encoding -> ``positional``.

>>> cfg = QMSANConfig(num_qubits=2, kept_qubits=1)
>>> p = init_params(np.random.default_rng(0), cfg)
>>> out = forward(np.array([[0.1, 0.2], [0.3, -0.4]]), p, cfg)
>>> out.alpha.shape, bool(np.all((out.alpha >= 0) & (out.alpha <= 1)))
((2, 2), True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference import simulate as sim
from reference._mechanism import CircuitExample, Mechanism
from reference._types import ComplexArray, FloatArray
from reference._validate import choice, complex_array, generator, integer, real_array
from reference.circuit import Circuit, CircuitBuilder, Param, ParamValue
from reference.mechanisms.qcsam import ansatz_ops, check_tokens

Positional = Literal["pi_s_over_n", "none"]
Normalization = Literal["sum", "softmax"]
_POSITIONAL: tuple[Positional, ...] = ("pi_s_over_n", "none")
_NORMALIZATIONS: tuple[Normalization, ...] = ("sum", "softmax")
MAX_TOKEN_QUBITS = (sim.MAX_QUBITS - 1) // 2
"""The swap test holds two token registers and an ancilla."""


@dataclass(frozen=True, kw_only=True)
class QMSANConfig:
    """Hyper-parameters of QMSAN.

    Attributes:
        num_qubits: qubits per token ``n`` (and token width).
        kept_qubits: ``m`` qubits kept for queries and keys (``1 <= m <= n``; ``m < n`` mixes).
        ansatz_layers: layers of ``U_q, U_k, U_v`` (RECONSTRUCTED, default 1).
        positional: ``"pi_s_over_n"`` (``omega_sl = pi s / N``, the spec's example; RECONSTRUCTED)
            or ``"none"``.
        normalization: ``"sum"`` (``alpha / sum alpha``, the spec's assumption) or ``"softmax"``.
    """

    num_qubits: int = 2
    kept_qubits: int = 1
    ansatz_layers: int = 1
    positional: Positional = "pi_s_over_n"
    normalization: Normalization = "sum"

    def __post_init__(self) -> None:
        integer("num_qubits", self.num_qubits, lo=1, hi=MAX_TOKEN_QUBITS)
        integer("kept_qubits", self.kept_qubits, lo=1, hi=self.num_qubits)
        integer("ansatz_layers", self.ansatz_layers, lo=0)
        choice("positional", self.positional, _POSITIONAL)
        choice("normalization", self.normalization, _NORMALIZATIONS)


@dataclass(frozen=True, kw_only=True)
class QMSANParams:
    """``query, key, value``: ``(L, n, 2)`` ansatz angles."""

    query: FloatArray
    key: FloatArray
    value: FloatArray

    def check(self, config: QMSANConfig) -> None:
        shape = (config.ansatz_layers, config.num_qubits, 2)
        for name in ("query", "key", "value"):
            a = real_array(name, getattr(self, name), ndim=3, shape_text="(L, n, 2)")
            if a.shape != shape:
                raise ValueError(f"{name} has shape {a.shape}; expected {shape}")


def init_params(rng: np.random.Generator, config: QMSANConfig) -> QMSANParams:
    """Angles uniform in ``[0, 2 pi)``."""
    g = generator("rng", rng)
    shape = (config.ansatz_layers, config.num_qubits, 2)
    return QMSANParams(
        query=g.uniform(0, 2 * math.pi, shape),
        key=g.uniform(0, 2 * math.pi, shape),
        value=g.uniform(0, 2 * math.pi, shape),
    )


def positions(num_tokens: int, config: QMSANConfig) -> FloatArray:
    """``omega (N, n)``: ``pi s / N`` on every qubit of token ``s`` (or zeros)."""
    nn = integer("num_tokens", num_tokens, lo=1)
    om = np.zeros((nn, config.num_qubits))
    if config.positional == "pi_s_over_n":
        om += (math.pi * np.arange(nn) / nn)[:, None]
    return om


def _token_ops(
    b: CircuitBuilder,
    x: Sequence[ParamValue],
    omega: Sequence[ParamValue],
    theta: npt.ArrayLike,
    qubits: Sequence[int],
    positional: bool,
) -> None:
    for q, t in zip(qubits, x, strict=True):
        b.ry(q, t)
    if positional:
        for q, w in zip(qubits, omega, strict=True):
            b.rx(q, w)
    ansatz_ops(b, theta, qubits)


def token_circuit(config: QMSANConfig, theta: npt.ArrayLike) -> Circuit:
    """``U(theta) PE U_enc`` with symbolic ``x_l`` and ``w_l`` (positional angles)."""
    n = config.num_qubits
    b = CircuitBuilder(n)
    xs = [Param(f"x_{q}") for q in range(n)]
    ws = [Param(f"w_{q}") for q in range(n)]
    _token_ops(b, xs, ws, theta, range(n), config.positional != "none")
    return b.done()


def token_states(x: npt.ArrayLike, theta: npt.ArrayLike, config: QMSANConfig) -> ComplexArray:
    """``U(theta) PE_s U_enc(x_s)|0^n>`` for every token: ``(N, 2**n)``."""
    xa = check_tokens(x, config.num_qubits)
    om = positions(xa.shape[0], config)
    c = token_circuit(config, theta)
    bind = {f"x_{q}": xa[:, q] for q in range(config.num_qubits)}
    if config.positional != "none":
        bind |= {f"w_{q}": om[:, q] for q in range(config.num_qubits)}
    return sim.statevector(c, bindings=bind).reshape(xa.shape[0], 1 << config.num_qubits)


def partial_trace_pure(states: ComplexArray, kept: int) -> ComplexArray:
    """Reduced states on the first ``kept`` qubits of pure states ``(N, 2**n)``:
    ``(N, 2**kept, 2**kept)``."""
    s = np.asarray(states)
    m = s.reshape(s.shape[0], 1 << kept, -1)
    return np.einsum("nab,ncb->nac", m, m.conj())  # type: ignore[no-any-return]


def reduced_states(
    x: npt.ArrayLike, params: QMSANParams, config: QMSANConfig
) -> tuple[ComplexArray, ComplexArray]:
    """``(rho (N, 2**m, 2**m), sigma (N, 2**m, 2**m))``: mixed queries and keys."""
    params.check(config)
    q = token_states(x, params.query, config)
    k = token_states(x, params.key, config)
    m = config.kept_qubits
    return partial_trace_pure(q, m), partial_trace_pure(k, m)


def trace_products(rho: ComplexArray, sigma: ComplexArray) -> FloatArray:
    """``[s, j] = Tr(rho_s sigma_j)`` (real for Hermitian inputs)."""
    return np.real(np.einsum("sab,jba->sj", rho, sigma))


def scores(x: npt.ArrayLike, params: QMSANParams, config: QMSANConfig) -> FloatArray:
    """``alpha[s, j] = Tr(rho_s sigma_j)``: ``(N, N)`` in ``[0, 1]``."""
    rho, sigma = reduced_states(x, params, config)
    return trace_products(rho, sigma)


def normalize(alpha: npt.ArrayLike, config: QMSANConfig) -> FloatArray:
    """Row normalisation: ``alpha / row sum`` (a zero row stays zero) or a softmax."""
    a = real_array("alpha", alpha, ndim=2, shape_text="(N, N)")
    if config.normalization == "softmax":
        e = np.exp(a - a.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]
    s = a.sum(axis=1, keepdims=True)
    return np.asarray(np.divide(a, s, out=np.zeros_like(a), where=s > 0), dtype=np.float64)


def values(x: npt.ArrayLike, params: QMSANParams, config: QMSANConfig) -> FloatArray:
    """Pure values ``o_j = [<psi_jv|Z_l|psi_jv>]_l``: ``(N, n)``."""
    params.check(config)
    v = token_states(x, params.value, config)
    n = config.num_qubits
    idx = np.arange(1 << n)
    signs = np.array([1 - 2 * ((idx >> (n - 1 - q)) & 1) for q in range(n)], float)
    return (np.abs(v) ** 2) @ signs.T  # type: ignore[no-any-return]


@dataclass(frozen=True)
class QMSANOutput:
    """``alpha (N, N)`` scores, ``weights (N, N)`` normalised, ``values (N, n)``, ``y (N, n)``."""

    alpha: FloatArray
    weights: FloatArray
    values: FloatArray
    y: FloatArray


def forward(x: npt.ArrayLike, params: QMSANParams, config: QMSANConfig) -> QMSANOutput:
    """One QMSAN layer: ``y_s = x_s + sum_j alpha~_sj o_j``."""
    xa = check_tokens(x, config.num_qubits)
    alpha = scores(xa, params, config)
    w = normalize(alpha, config)
    o = values(xa, params, config)
    return QMSANOutput(alpha=alpha, weights=w, values=o, y=xa + w @ o)


# ---------------------------------------------------------------------------------------------
# swap test and shot noise


def swap_test_circuit(config: QMSANConfig) -> Circuit:
    """``2n + 1`` qubits: ancilla 0, query register ``1..n``, key register ``n+1..2n``, symbolic
    ``xs_l, ws_l`` / ``xj_l, wj_l`` (token angles, positional angles) and ``q_a_l_r`` /
    ``k_a_l_r``; ``h; cswap`` on the ``m`` kept pairs; ``h; measure`` the ancilla."""
    n, nl, m = config.num_qubits, config.ansatz_layers, config.kept_qubits
    b = CircuitBuilder(2 * n + 1, name="qmsan-swap-test")
    pos = config.positional != "none"
    for reg, tag, th in ((range(1, n + 1), "s", "q"), (range(n + 1, 2 * n + 1), "j", "k")):
        theta = [
            [[Param(f"{th}_{a}_{q}_{r}") for r in range(2)] for q in range(n)] for a in range(nl)
        ]
        xs = [Param(f"x{tag}_{q}") for q in range(n)]
        ws = [Param(f"w{tag}_{q}") for q in range(n)]
        _token_ops(b, xs, ws, np.array(theta, dtype=object).reshape(nl, n, 2), list(reg), pos)
    b.h(0)
    for q in range(m):
        b.cswap(0, 1 + q, n + 1 + q)
    b.h(0).measure([0])
    return b.done()


def swap_bindings(
    xs: FloatArray,
    ws: FloatArray,
    xj: FloatArray,
    wj: FloatArray,
    params: QMSANParams,
    config: QMSANConfig,
) -> dict[str, float]:
    """Values of the symbols of :func:`swap_test_circuit` for tokens ``s`` and ``j``."""
    out: dict[str, float] = {}
    for tag, x, w in (("s", xs, ws), ("j", xj, wj)):
        out |= {f"x{tag}_{q}": float(x[q]) for q in range(config.num_qubits)}
        if config.positional != "none":
            out |= {f"w{tag}_{q}": float(w[q]) for q in range(config.num_qubits)}
    for name, th in (("q", params.query), ("k", params.key)):
        for (a, q, r), v in np.ndenumerate(np.asarray(th)):
            out[f"{name}_{a}_{q}_{r}"] = float(v)
    return out


def swap_test_p0(x: npt.ArrayLike, params: QMSANParams, config: QMSANConfig) -> FloatArray:
    """Exact ``P(anc = 0)`` of the swap test for every pair ``(s, j)``: ``(N, N)``."""
    params.check(config)
    xa = check_tokens(x, config.num_qubits)
    om = positions(xa.shape[0], config)
    c = swap_test_circuit(config)
    nn = xa.shape[0]
    bound = [
        c.bind(swap_bindings(xa[s], om[s], xa[j], om[j], params, config))
        for s in range(nn)
        for j in range(nn)
    ]
    probs = sim.probabilities(sim.statevector_batch(bound))
    return sim.marginal(probs, [0])[:, 0].reshape(nn, nn)


def sample_scores(
    p0: npt.ArrayLike, *, shots: int, repeats: int, rng: np.random.Generator
) -> FloatArray:
    """``repeats`` independent estimates ``alpha^ = 2 k/S - 1`` per entry of ``p0``, with
    ``k ~ Binomial(S, p0)`` the count of ancilla outcome 0: shape ``(repeats, *p0.shape)``."""
    g = generator("rng", rng)
    s = integer("shots", shots, lo=1)
    r = integer("repeats", repeats, lo=1)
    p = real_array("p0", p0)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p0 must lie in [0, 1]")
    k = g.binomial(s, p, size=(r, *p.shape))
    return 2.0 * k / s - 1.0


def kept_pairs_swap_p0(a: npt.ArrayLike, b: npt.ArrayLike, kept: int) -> float:
    """Exact ``P(anc = 0)`` of a swap test whose CSWAPs act on only the ``kept`` leading qubit
    pairs of two given pure ``n``-qubit states ``a, b: (2^n,)`` (SUR-QMSAN-03: it equals
    ``(1 + Tr(rho_A sigma_A))/2`` of their reduced states); ``2n + 1`` qubits, simulated."""
    av = complex_array("a", a, ndim=1, shape_text="(2^n,)")
    bv = complex_array("b", b, ndim=1, shape_text="(2^n,)")
    n = av.shape[0].bit_length() - 1
    if av.shape[0] != 1 << n or n < 1 or bv.shape != av.shape:
        raise ValueError(f"a, b have shapes {av.shape}, {bv.shape}; expected equal (2^n,), n >= 1")
    m = integer("kept", kept, lo=0, hi=n)
    bld = Circuit.build(2 * n + 1).h(0)
    for q in range(m):
        bld.cswap(0, 1 + q, n + 1 + q)
    c = bld.h(0).measure([0]).done()
    init = np.kron(np.array([1.0, 0.0]), np.kron(av, bv))
    return float(sim.marginal(sim.probabilities(sim.statevector(c, initial=init)), [0])[0])


def shot_variance(alpha: npt.ArrayLike, shots: int) -> FloatArray:
    """``(1 - alpha^2) / S``: the variance of ``2 P^(0) - 1`` (SUR-QMSAN-05)."""
    a = real_array("alpha", alpha)
    return (1.0 - a**2) / integer("shots", shots, lo=1)


_DEFAULT = QMSANConfig()

MECHANISM = Mechanism(
    name="qmsan",
    module=__name__,
    summary="QMSAN: mixed-state queries/keys (partial traces), Tr(rho sigma) by a swap test on "
    "the kept qubits, R_x positional encoding, pure values, residual output.",
    circuits=(
        CircuitExample(
            name="qmsan-swap-test",
            build=lambda: swap_test_circuit(_DEFAULT),
            description="QMSAN swap test, n = 2 qubits per token, m = 1 kept pair, 5 qubits: "
            "P(0) = (1 + Tr(rho sigma))/2; symbolic tokens xs_*, xj_*, positions ws_*, wj_*, "
            "query/key angles q_*, k_*",
        ),
    ),
)

__all__ = [
    "MAX_TOKEN_QUBITS",
    "MECHANISM",
    "QMSANConfig",
    "QMSANOutput",
    "QMSANParams",
    "forward",
    "init_params",
    "kept_pairs_swap_p0",
    "normalize",
    "partial_trace_pure",
    "positions",
    "reduced_states",
    "sample_scores",
    "scores",
    "shot_variance",
    "swap_bindings",
    "swap_test_circuit",
    "swap_test_p0",
    "token_circuit",
    "token_states",
    "trace_products",
    "values",
]
