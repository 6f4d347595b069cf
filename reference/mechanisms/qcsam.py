"""QCSAM: Quantum Complex-Valued Self-Attention (Chen et al., arXiv 2503.19002), survey spec §4.

Claims ``SUR-QCSAM-01..05`` and ``SUR-QCSAM-C01`` (``claims/survey-mechanisms-and-qama.md`` §4);
correction ``SUR-CORR-03``. RECONSTRUCTED (core formulas FOUND via summaries; wiring assumed).

Tokens ``x_i in R^n`` (one angle per work qubit, ``N`` tokens), ``H`` heads, ``n`` work qubits:

* encoding ``|x_i> = U_enc(x_i)|0^n>``, ``U_enc = prod_l RY(x_il)`` (``encoding="ry"``, default) or
  ``RY(x_il) RZ(x_il)`` (``"ryrz"``) — RECONSTRUCTED (spec: "amplitude or angle");
* ansatz ``U(theta)``: per layer, ``RY(theta[l,q,0]) RZ(theta[l,q,1])`` on every qubit, then the
  CNOT chain ``q -> q+1`` — RECONSTRUCTED (``ansatz_layers``, default 1);
* ``|q_i> = U_Q|x_i>``, ``|k_j> = U_K|x_j>``, ``V_j = U_V U_enc(x_j)`` per head;
* complex overlaps ``alpha_ij = <k_j|q_i>`` (:func:`alpha_matrix`), measured by the Hadamard test
  ``W_ij = U_enc(x_j)^dag U_K^dag U_Q U_enc(x_i)``: ``P(0) = (1 + Re alpha)/2``, and with ``S^dag``
  on the ancilla ``P(0) = (1 + Im alpha)/2`` (:func:`hadamard_test_circuit`); or by the interference
  circuit (:func:`interference_probability`, SUR-QCSAM-C01), which needs no controlled unitary;
* complex LCU per query ``i``: ``A_i = (1/Omega_i) sum_j alpha_ij V_j``, ``Omega_i = sum_j
  |alpha_ij|`` (``normalization="l1"``, FOUND via summary); heads are the second LCU level,
  ``sum_h beta_h A_i^(h) / sum_h |beta_h|``. Both levels are one LCU over the joint index
  ``(h, j)`` with coefficients ``c_hj = beta_h alpha_hij / (B Omega_hi)``, ``sum |c| = 1``
  (:func:`clcu_circuit`): magnitudes ``sqrt|c|`` loaded by uniformly controlled RY, phases by
  uniformly controlled RZ (both decomposed into ``ry``/``rz`` and ``cx``, so every consumer runs
  it), the select multiplexes the encoding by the token index and ``U_V^(h)`` by the head, then the
  inverse magnitude loading, and a **final** measurement of every qubit; the output is the shot
  subset whose head and index bits are all 0 (post-selection by filtering). The RZ phases carry a
  known global phase ``exp(-i mean(psi))`` over the ``2**m`` joint indices.
* output ``|o_i> = A_i|0^n> / ||A_i|0^n>||``, success probability ``p_i = ||A_i|0^n>||^2``;
  readout ``<Z_l>`` of ``|o_i>`` (:func:`forward`).

Notation map (paper -> here): ``alpha_ij`` -> ``alpha[h, i, j]``; ``Omega'`` -> ``sum |alpha|``;
``beta_h`` -> ``params.beta``; ``theta_Q, theta_K, theta_V`` -> ``params.query, key, value``.

>>> cfg = QCSAMConfig(num_qubits=2)
>>> p = init_params(np.random.default_rng(0), cfg)
>>> out = forward(np.array([[0.1, 0.2], [0.3, -0.4]]), p, cfg)
>>> out.alpha.shape, out.states.shape, bool(np.all(out.success <= 1))
((1, 2, 2), (2, 4), True)
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
from reference.circuit import Circuit, CircuitBuilder, Op, Param, ParamValue

Encoding = Literal["ry", "ryrz"]
_ENCODINGS: tuple[Encoding, ...] = ("ry", "ryrz")
_NORMALIZATIONS = ("l1",)


@dataclass(frozen=True, kw_only=True)
class QCSAMConfig:
    """Hyper-parameters of QCSAM.

    Attributes:
        num_qubits: work qubits ``n`` (one token feature per qubit).
        num_heads: heads ``H`` (the second LCU level).
        ansatz_layers: layers of each ``U_Q, U_K, U_V`` (RECONSTRUCTED, default 1).
        encoding: ``"ry"`` (default) or ``"ryrz"`` (RECONSTRUCTED).
        normalization: ``"l1"``: ``Omega = sum_j |alpha_j|`` (FOUND via summary; the only option).
    """

    num_qubits: int = 2
    num_heads: int = 1
    ansatz_layers: int = 1
    encoding: Encoding = "ry"
    normalization: str = "l1"

    def __post_init__(self) -> None:
        integer("num_qubits", self.num_qubits, lo=1, hi=sim.MAX_QUBITS - 1)
        integer("num_heads", self.num_heads, lo=1)
        integer("ansatz_layers", self.ansatz_layers, lo=0)
        choice("encoding", self.encoding, _ENCODINGS)
        choice("normalization", self.normalization, _NORMALIZATIONS)


@dataclass(frozen=True, kw_only=True)
class QCSAMParams:
    """``query, key, value``: ``(H, L, n, 2)`` ansatz angles; ``beta``: ``(H,)`` complex head
    weights (not all zero)."""

    query: FloatArray
    key: FloatArray
    value: FloatArray
    beta: ComplexArray

    def check(self, config: QCSAMConfig) -> None:
        shape = (config.num_heads, config.ansatz_layers, config.num_qubits, 2)
        for name in ("query", "key", "value"):
            a = real_array(name, getattr(self, name), ndim=4, shape_text="(H, L, n, 2)")
            if a.shape != shape:
                raise ValueError(f"{name} has shape {a.shape}; expected {shape}")
        b = complex_array("beta", self.beta, ndim=1, shape_text="(H,)")
        if b.shape != (config.num_heads,) or not np.any(np.abs(b) > 0):
            raise ValueError(f"beta has shape {b.shape}; expected ({config.num_heads},), not all 0")


def init_params(rng: np.random.Generator, config: QCSAMConfig) -> QCSAMParams:
    """Angles uniform in ``[0, 2 pi)``; ``beta`` complex normal."""
    g = generator("rng", rng)
    shape = (config.num_heads, config.ansatz_layers, config.num_qubits, 2)
    return QCSAMParams(
        query=g.uniform(0, 2 * math.pi, shape),
        key=g.uniform(0, 2 * math.pi, shape),
        value=g.uniform(0, 2 * math.pi, shape),
        beta=g.normal(size=config.num_heads) + 1j * g.normal(size=config.num_heads),
    )


# ---------------------------------------------------------------------------------------------
# encoding, ansatz, states


def _encode(b: CircuitBuilder, x: Sequence[ParamValue], qubits: Sequence[int], enc: str) -> None:
    for q, t in zip(qubits, x, strict=True):
        b.ry(q, t)
        if enc == "ryrz":
            b.rz(q, t)


def ansatz_ops(b: CircuitBuilder, theta: npt.ArrayLike, qubits: Sequence[int]) -> None:
    """Append ``U(theta)`` to ``b``: per layer ``l``, ``ry(theta[l, k, 0]) rz(theta[l, k, 1])`` on
    qubit ``qubits[k]``, then a CX ladder; ``theta: (L, n, 2)`` numbers or symbols. QMSAN (same
    authors, survey §5) uses the same ansatz after its encoding."""
    th = np.asarray(theta, dtype=object)
    for layer in range(th.shape[0]):
        for k, q in enumerate(qubits):
            b.ry(q, th[layer, k, 0]).rz(q, th[layer, k, 1])
        for k in range(len(qubits) - 1):
            b.cx(qubits[k], qubits[k + 1])


def check_tokens(x: npt.ArrayLike, num_qubits: int) -> FloatArray:
    """``x`` as finite real token angles ``(N, num_qubits)``, ``N >= 1`` (also QMSAN's check)."""
    xa = real_array("x", x, ndim=2, shape_text="(N, n)", nonempty=True)
    if xa.shape[1] != num_qubits:
        raise ValueError(f"x has shape {xa.shape}; expected (N, {num_qubits})")
    return xa


def token_states(x: npt.ArrayLike, theta: npt.ArrayLike, config: QCSAMConfig) -> ComplexArray:
    """``U(theta) U_enc(x_i)|0^n>`` for every token: ``(N, 2**n)`` (one batched simulation)."""
    xa = check_tokens(x, config.num_qubits)
    n = config.num_qubits
    b = CircuitBuilder(n)
    _encode(b, [Param(f"x_{q}") for q in range(n)], range(n), config.encoding)
    ansatz_ops(b, theta, range(n))
    bind = {f"x_{q}": xa[:, q] for q in range(n)}
    return sim.statevector(b.done(), bindings=bind).reshape(xa.shape[0], 1 << n)


def alpha_matrix(x: npt.ArrayLike, params: QCSAMParams, config: QCSAMConfig) -> ComplexArray:
    """``alpha[h, i, j] = <k_j^(h)|q_i^(h)>``: ``(H, N, N)`` complex."""
    params.check(config)
    out = []
    for h in range(config.num_heads):
        q = token_states(x, params.query[h], config)
        k = token_states(x, params.key[h], config)
        out.append(k.conj() @ q.T)  # [j, i] = <k_j|q_i>
    return np.stack([a.T for a in out])


# ---------------------------------------------------------------------------------------------
# Hadamard test and interference circuit


def _controlled_ansatz(
    b: CircuitBuilder,
    theta: Sequence[Sequence[Sequence[ParamValue]]],
    anc: int,
    qubits: Sequence[int],
    dagger: bool,
) -> None:
    layers = range(len(theta))
    ops: list[tuple[str, tuple[int, ...], tuple[ParamValue, ...]]] = []
    for layer in layers:
        for k, q in enumerate(qubits):
            ops.append(("cry", (anc, q), (theta[layer][k][0],)))
            ops.append(("crz", (anc, q), (theta[layer][k][1],)))
        for k in range(len(qubits) - 1):
            ops.append(("ccx", (anc, qubits[k], qubits[k + 1]), ()))
    if dagger:
        ops = [(g, qs, tuple(-p for p in ps)) for g, qs, ps in reversed(ops)]
    for g, qs, ps in ops:
        b.add(g, qs, ps)


def _controlled_encoding(
    b: CircuitBuilder,
    x: Sequence[ParamValue],
    anc: int,
    qubits: Sequence[int],
    enc: str,
    dagger: bool,
) -> None:
    ops: list[tuple[str, tuple[int, ...], tuple[ParamValue, ...]]] = []
    for q, t in zip(qubits, x, strict=True):
        ops.append(("cry", (anc, q), (t,)))
        if enc == "ryrz":
            ops.append(("crz", (anc, q), (t,)))
    if dagger:
        ops = [(g, qs, tuple(-p for p in ps)) for g, qs, ps in reversed(ops)]
    for g, qs, ps in ops:
        b.add(g, qs, ps)


def hadamard_test_circuit(config: QCSAMConfig, *, part: Literal["real", "imag"]) -> Circuit:
    """``h anc; ctrl @ W_ij; [sdg anc;] h anc; measure anc`` with symbolic ``xi_l, xj_l`` (the two
    tokens) and ``q_l_k_r, k_l_k_r`` (one head's query/key angles). Qubit 0 is the ancilla.

    ``P(anc = 0) = (1 + Re alpha_ij) / 2`` (``part="real"``) or ``(1 + Im alpha_ij) / 2``.
    """
    choice("part", part, ("real", "imag"))
    n, nl = config.num_qubits, config.ansatz_layers
    work = list(range(1, n + 1))
    b = CircuitBuilder(n + 1, name=f"qcsam-hadamard-{part}")
    xi = [Param(f"xi_{q}") for q in range(n)]
    xj = [Param(f"xj_{q}") for q in range(n)]
    tq = [[[Param(f"q_{a}_{k}_{r}") for r in range(2)] for k in range(n)] for a in range(nl)]
    tk = [[[Param(f"k_{a}_{k}_{r}") for r in range(2)] for k in range(n)] for a in range(nl)]
    b.h(0)
    _controlled_encoding(b, xi, 0, work, config.encoding, dagger=False)
    _controlled_ansatz(b, tq, 0, work, dagger=False)
    _controlled_ansatz(b, tk, 0, work, dagger=True)
    _controlled_encoding(b, xj, 0, work, config.encoding, dagger=True)
    if part == "imag":
        b.add("sdg", 0)
    b.h(0)
    b.measure([0])
    return b.done()


def hadamard_bindings(
    xi: FloatArray, xj: FloatArray, query: FloatArray, key: FloatArray
) -> dict[str, float]:
    """Values of the symbols of :func:`hadamard_test_circuit` (``query``/``key``: ``(L, n, 2)``)."""
    out = {f"xi_{q}": float(v) for q, v in enumerate(xi)} | {
        f"xj_{q}": float(v) for q, v in enumerate(xj)
    }
    for name, th in (("q", query), ("k", key)):
        for (a, k, r), v in np.ndenumerate(np.asarray(th)):
            out[f"{name}_{a}_{k}_{r}"] = float(v)
    return out


def hadamard_p0(circuit: Circuit, values: dict[str, float]) -> float:
    """Exact ``P(anc = 0)`` of a Hadamard-test circuit."""
    probs = sim.probabilities(sim.statevector(circuit.bind(values)))
    return float(sim.marginal(probs, [0])[0])


def interference_circuit(num_qubits: int, *, part: Literal["real", "imag"]) -> Circuit:
    """SUR-QCSAM-C01: on ``(|0>|a> + |1>|b>)/sqrt 2`` (ancilla = qubit 0), ``[sdg;] h; measure``.
    Only one-qubit gates on the ancilla: no controlled unitary."""
    choice("part", part, ("real", "imag"))
    b = CircuitBuilder(integer("num_qubits", num_qubits, lo=1, hi=sim.MAX_QUBITS - 1) + 1)
    if part == "imag":
        b.add("sdg", 0)
    b.h(0).measure([0])
    return b.done()


def interference_probability(
    a: npt.ArrayLike, b: npt.ArrayLike, *, part: Literal["real", "imag"]
) -> float:
    """``P(anc = 0)`` of :func:`interference_circuit` on ``(|0>|a> + |1>|b>)/sqrt 2``:
    ``(1 + Re <a|b>)/2``, and with ``S^dag`` ``(1 + Im <a|b>)/2``. With the spec's order
    ``a = q_i, b = k_j`` the imaginary run gives ``Im <q_i|k_j> = -Im alpha_ij``."""
    av = complex_array("a", a, ndim=1)
    bv = complex_array("b", b, ndim=1)
    if av.shape != bv.shape or av.shape[0] < 2 or av.shape[0] & (av.shape[0] - 1):
        raise ValueError(f"a, b have shapes {av.shape}, {bv.shape}; expected equal (2**n,)")
    init = np.concatenate([av, bv]) / math.sqrt(2)
    c = interference_circuit(av.shape[0].bit_length() - 1, part=part)
    probs = sim.probabilities(sim.statevector(c, initial=init))
    return float(sim.marginal(probs, [0])[0])


# ---------------------------------------------------------------------------------------------
# complex LCU (both levels) with uniformly controlled rotations


def _ucr(
    b: CircuitBuilder, gate: str, controls: Sequence[int], target: int, angles: FloatArray
) -> None:
    """Uniformly controlled ``gate`` (``ry`` or ``rz``): angle ``angles[c]`` when the controls read
    ``c`` (``controls[0]`` most significant), as ``2**k`` rotations and ``2**k`` CNOTs (Gray code;
    ``X R(t) X = R(-t)``)."""
    k = len(controls)
    if k == 0:
        if angles[0] != 0.0:
            b.add(gate, target, (float(angles[0]),))
        return
    size = 1 << k
    gray = [i ^ (i >> 1) for i in range(size)]
    m = np.array([[(-1) ** bin(c & g).count("1") for g in gray] for c in range(size)], float)
    theta = m.T @ np.asarray(angles, dtype=np.float64) / size
    for i in range(size):
        b.add(gate, target, (float(theta[i]),))
        flip = gray[i] ^ gray[(i + 1) % size]
        b.cx(controls[k - flip.bit_length()], target)


def _prep_ops(b: CircuitBuilder, probs: FloatArray, qubits: Sequence[int]) -> None:
    """Amplitudes ``sqrt(probs)`` on ``qubits`` (first = most significant) by a tree of uniformly
    controlled RY."""
    m = len(qubits)
    p = np.asarray(probs, dtype=np.float64).reshape((2,) * m) if m else probs
    for level in range(m):
        axes = tuple(range(level + 1, m))
        marg = p.sum(axis=axes) if axes else p
        marg = marg.reshape(-1, 2)
        ang = 2 * np.arctan2(np.sqrt(marg[:, 1]), np.sqrt(marg[:, 0]))
        _ucr(b, "ry", list(qubits[:level]), qubits[level], ang)


def _phase_ops(b: CircuitBuilder, phases: FloatArray, qubits: Sequence[int]) -> float:
    """``diag(exp(i phases))`` on ``qubits`` up to the returned global phase ``mean(phases)``, by
    uniformly controlled RZ: ``diag(e^{i a}, e^{i b}) = e^{i (a+b)/2} RZ(b - a)``."""
    psi = np.asarray(phases, dtype=np.float64)
    for level in range(len(qubits) - 1, -1, -1):
        pairs = psi.reshape(-1, 2)
        _ucr(b, "rz", list(qubits[:level]), qubits[level], pairs[:, 1] - pairs[:, 0])
        psi = pairs.mean(axis=1)
    return float(psi[0])


def _inverse(ops: Sequence[Op]) -> list[Op]:
    return [Op(op.gate, op.qubits, tuple(-p for p in op.params)) for op in reversed(ops)]


def _bits(k: int) -> int:
    return max(0, (k - 1).bit_length())


@dataclass(frozen=True)
class CLCU:
    """A built complex LCU: the circuit, the joint coefficients ``c (H, N)`` (``sum |c| = 1``),
    the register sizes and the global phase ``exp(-i phase)`` of the post-selected branch."""

    circuit: Circuit
    coefficients: ComplexArray
    head_qubits: int
    index_qubits: int
    phase: float


def clcu_circuit(
    alpha_row: npt.ArrayLike,
    x: npt.ArrayLike,
    params: QCSAMParams,
    config: QCSAMConfig,
    *,
    measure: bool = True,
) -> CLCU:
    """The two-level CLCU for one query: ``alpha_row (H, N)`` complex, tokens ``x (N, n)``.

    Qubits: ``[head (ceil log2 H)] [index (ceil log2 N)] [work (n)]``; post-select head and index
    on 0 (the first ``2**n`` amplitudes). Refused beyond the simulator's qubit limit.
    """
    params.check(config)
    xa = check_tokens(x, config.num_qubits)
    al = complex_array("alpha_row", alpha_row, ndim=2, shape_text="(H, N)")
    hh, nn = config.num_heads, xa.shape[0]
    if al.shape != (hh, nn):
        raise ValueError(f"alpha_row has shape {al.shape}; expected ({hh}, {nn})")
    omega = np.abs(al).sum(axis=1)
    if np.any(omega == 0):
        raise ValueError("alpha_row: a head has all-zero overlaps (Omega = 0)")
    beta = np.asarray(params.beta, dtype=np.complex128)
    c = (beta / np.abs(beta).sum())[:, None] * al / omega[:, None]
    mh, mi, n = _bits(hh), _bits(nn), config.num_qubits
    total = mh + mi + n
    if total > sim.MAX_QUBITS:
        raise ValueError(
            f"num_qubits={total} (heads {mh} + index {mi} + work {n}) exceeds "
            f"MAX_QUBITS={sim.MAX_QUBITS}"
        )
    full = np.zeros((1 << mh, 1 << mi), np.complex128)
    full[:hh, :nn] = c
    heads, index, work = list(range(mh)), list(range(mh, mh + mi)), list(range(mh + mi, total))
    b = CircuitBuilder(total, name="qcsam-clcu")
    _prep_ops(b, np.abs(full).ravel(), heads + index)
    prep = list(b.ops)
    phase = _phase_ops(b, np.angle(full).ravel(), heads + index)
    xpad = np.zeros((1 << mi, n))
    xpad[:nn] = xa
    for q in range(n):
        _ucr(b, "ry", index, work[q], xpad[:, q])
        if config.encoding == "ryrz":
            _ucr(b, "rz", index, work[q], xpad[:, q])
    vpad = np.zeros((1 << mh, config.ansatz_layers, n, 2))
    vpad[:hh] = params.value
    for layer in range(config.ansatz_layers):
        for q in range(n):
            _ucr(b, "ry", heads, work[q], vpad[:, layer, q, 0])
            _ucr(b, "rz", heads, work[q], vpad[:, layer, q, 1])
        for q in range(n - 1):
            b.cx(work[q], work[q + 1])
    b.ops.extend(_inverse(prep))
    if measure:
        b.measure()
    return CLCU(b.done(), c, mh, mi, phase)


def clcu_target(
    coefficients: npt.ArrayLike, x: npt.ArrayLike, params: QCSAMParams, config: QCSAMConfig
) -> ComplexArray:
    """``sum_hj c_hj U_V^(h) U_enc(x_j)|0^n>`` (the unnormalised post-selected branch), from
    statevectors of the value states."""
    c = np.asarray(coefficients)
    v = np.stack([token_states(x, params.value[h], config) for h in range(config.num_heads)])
    return np.einsum("hj,hjs->s", c, v)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class QCSAMOutput:
    """``alpha (H, N, N)``; per query: ``states (N, 2**n)`` normalised outputs, ``success (N,)``
    post-selection probabilities, ``readout (N, n)`` the ``<Z_l>`` of the outputs."""

    alpha: ComplexArray
    states: ComplexArray
    success: FloatArray
    readout: FloatArray


def postselect(lcu: CLCU) -> tuple[ComplexArray, float]:
    """Exact post-selected branch (head and index all 0) of a CLCU and its probability."""
    n = lcu.circuit.num_qubits - lcu.head_qubits - lcu.index_qubits
    psi = sim.statevector(lcu.circuit)
    branch = psi[: 1 << n]
    return branch, float(np.vdot(branch, branch).real)


def z_readout(states: ComplexArray) -> FloatArray:
    """``<Z_l>`` of each row of ``states (N, 2**n)``."""
    s = np.asarray(states)
    n = s.shape[-1].bit_length() - 1
    p = np.abs(s) ** 2
    idx = np.arange(1 << n)
    signs = np.array([1 - 2 * ((idx >> (n - 1 - q)) & 1) for q in range(n)], float)
    return p @ signs.T  # type: ignore[no-any-return]


def forward(x: npt.ArrayLike, params: QCSAMParams, config: QCSAMConfig) -> QCSAMOutput:
    """Overlaps, one CLCU per query token (simulated exactly), outputs and readout."""
    xa = check_tokens(x, config.num_qubits)
    alpha = alpha_matrix(xa, params, config)
    states, succ = [], []
    for i in range(xa.shape[0]):
        branch, p = postselect(clcu_circuit(alpha[:, i, :], xa, params, config))
        states.append(branch / math.sqrt(p))
        succ.append(p)
    st = np.stack(states)
    return QCSAMOutput(alpha=alpha, states=st, success=np.asarray(succ), readout=z_readout(st))


def _example(heads: int) -> Circuit:
    cfg = QCSAMConfig(num_qubits=2, num_heads=heads)
    p = init_params(np.random.default_rng(2503), cfg)
    x = np.array([[0.3, -0.7], [1.1, 0.4]])
    return clcu_circuit(alpha_matrix(x, p, cfg)[:, 0, :], x, p, cfg).circuit


_DEFAULT = QCSAMConfig()

MECHANISM = Mechanism(
    name="qcsam",
    module=__name__,
    summary="QCSAM: complex overlaps <k_j|q_i> by Hadamard tests, complex LCU outputs "
    "(controlled-RY magnitudes, controlled-RZ phases, post-selection), heads as a second "
    "LCU level.",
    circuits=(
        CircuitExample(
            name="qcsam-hadamard-real",
            build=lambda: hadamard_test_circuit(_DEFAULT, part="real"),
            description="QCSAM Hadamard test, P(0) = (1 + Re <k_j|q_i>)/2; symbolic tokens xi_*, "
            "xj_* and query/key angles q_*, k_*",
        ),
        CircuitExample(
            name="qcsam-hadamard-imag",
            build=lambda: hadamard_test_circuit(_DEFAULT, part="imag"),
            description="QCSAM Hadamard test with S-dagger, P(0) = (1 + Im <k_j|q_i>)/2",
        ),
        CircuitExample(
            name="qcsam-clcu",
            build=lambda: _example(1),
            description="QCSAM complex LCU, N = 2 tokens, n = 2, one head (bound example); keep "
            "shots whose index bit (qubit 0) is 0",
        ),
        CircuitExample(
            name="qcsam-clcu-2head",
            build=lambda: _example(2),
            description="QCSAM two-level CLCU, 2 heads x 2 tokens, n = 2 (bound example); keep "
            "shots whose head and index bits (qubits 0, 1) are 0",
        ),
    ),
)

__all__ = [
    "CLCU",
    "MECHANISM",
    "QCSAMConfig",
    "QCSAMOutput",
    "QCSAMParams",
    "alpha_matrix",
    "ansatz_ops",
    "check_tokens",
    "clcu_circuit",
    "clcu_target",
    "forward",
    "hadamard_bindings",
    "hadamard_p0",
    "hadamard_test_circuit",
    "init_params",
    "interference_circuit",
    "interference_probability",
    "postselect",
    "token_states",
    "z_readout",
]
