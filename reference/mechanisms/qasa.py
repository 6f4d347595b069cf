"""QASA: Quantum Adaptive Self-Attention (Chen & Kuo, arXiv 2504.05336), survey spec §8.

Claims ``SUR-QASA-01..06`` (``claims/survey-mechanisms-and-qama.md`` §8); correction
``SUR-CORR-07``.

The model keeps classical dot-product attention everywhere; only its **final** encoder layer adds
a parameterised quantum circuit (PQC) as a per-token residual map after attention
(FOUND: ``QASA/QASA/qasa_v2_damped.py`` of ``ChiShengChen/QASA``, class ``QuantumEncoderLayer``):

    a = MHA(h),  h' = LN_1(h + a)
    h_q = LN_n(tanh(W_in h'_i + b_in)) + t            (input_norm="layernorm", t = timestep)
    z_i = h'_i + W_o QC(h_q) + b_o,   QC(u) = [<Z_0>, ..., <Z_{n-1}>]
    out = LN_2(z + FFN(z)),   FFN = W_2 GELU(W_1 z + b_1) + b_2

PQC (:func:`pqc_circuit`, ``n = 8`` data qubits plus ancilla ``n``, weights ``w`` of shape
``(4, n + 1)``), exactly as ``quantum_circuit`` builds it:

1. for each data qubit ``i``: ``RX(x_i) RZ(x_i)``; then for each ``i``: ``RX(w[0,i]) RZ(w[1,i])``;
2. for ``l = 1..3``: for each ``i``: ``CNOT(i, (i+1) mod n) RY(w[l,i]) RZ(w[l,i])``; then
   ``CNOT(n-1, n) RY(w[l,n])`` on the ancilla;
3. measure ``<Z_0> .. <Z_{n-1}>`` (the ancilla is never measured).

So one weight slot feeds both the RY and the RZ of a layer, ``w[1,i]`` is also the encoding RZ,
``w[0,n]`` never occurs, and ``w[3,n]`` rotates the unmeasured ancilla after its last CNOT.
:func:`used_weight_slots` decides which slots change a measured expectation by the support of the
parameter-shift gradient (summed over every occurrence, :func:`parameter_shift_gradient`).

Notation map (paper / code -> here): ``n_qubits`` -> ``num_qubits``; ``n_layers`` ->
``num_layers``; ``weights`` -> ``weights``; ``input_proj`` -> ``w_in, b_in``; ``output_proj`` ->
``w_out, b_out``; ``timestep`` (0 in v2, ``seq_len`` in v4) -> ``timestep``.

>>> c = pqc_circuit(QASAConfig())
>>> c.num_qubits, c.count_ops()["cx"], len(c.gate_ops)
(9, 27, 110)
>>> sorted(unused := set(weight_slots(QASAConfig())) - set(used_weight_slots(QASAConfig())))
[(0, 8), (2, 8), (3, 8)]

(``w[2, 8]`` too: the ancilla only meets the data through ``CNOT(7, 8)``, and the last of those
comes after the last gate on qubit 7, where a Z-controlled gate cannot change a Z measurement.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import erf

from reference import simulate as sim
from reference._mechanism import CircuitExample, Mechanism
from reference._types import FloatArray
from reference._validate import choice, finite_scalar, generator, integer, real_array
from reference.circuit import Circuit, CircuitBuilder, Op, Param, ParamExpr

InputNorm = Literal["layernorm", "none"]
_INPUT_NORMS: tuple[InputNorm, ...] = ("layernorm", "none")
MAX_DATA_QUBITS = sim.MAX_QUBITS - 1
"""The ancilla takes one qubit of the simulator's limit."""
SHIFT_GATES = ("rx", "ry", "rz")
"""Gates ``exp(-i t P / 2)`` with ``P^2 = I``: the two-term shift rule with ``+-pi/2`` is exact."""


@dataclass(frozen=True, kw_only=True)
class QASAConfig:
    """Hyper-parameters of the QASA quantum layer (defaults: the authors' v2 code).

    Attributes:
        num_qubits: data qubits ``n`` (8); the circuit has ``n + 1`` with the ancilla.
        num_layers: weight rows ``L_q`` (4): row 0 and 1 feed the encoding block, rows 1..L_q-1
            the entangling layers.
        timestep: ``t`` added to every encoding angle (v2: 0; v4: the sequence length).
        input_norm: ``"layernorm"`` (v2: ``LayerNorm(n)`` after tanh) or ``"none"``.
        num_heads: heads of the classical attention (``nn.MultiheadAttention(num_heads=4)``).
    """

    num_qubits: int = 8
    num_layers: int = 4
    timestep: float = 0.0
    input_norm: InputNorm = "layernorm"
    num_heads: int = 4

    def __post_init__(self) -> None:
        integer("num_qubits", self.num_qubits, lo=2, hi=MAX_DATA_QUBITS)
        integer("num_layers", self.num_layers, lo=2)
        finite_scalar("timestep", self.timestep)
        choice("input_norm", self.input_norm, _INPUT_NORMS)
        integer("num_heads", self.num_heads, lo=1)

    @property
    def weight_shape(self) -> tuple[int, int]:
        return (self.num_layers, self.num_qubits + 1)


def weight_symbol(layer: int, slot: int) -> str:
    """Name of the symbol of weight slot ``w[layer, slot]``."""
    return f"w_{layer}_{slot}"


def input_symbol(i: int) -> str:
    return f"x_{i}"


def weight_slots(config: QASAConfig) -> tuple[tuple[int, int], ...]:
    """Every slot ``(l, i)`` of the weight array, row-major."""
    rows, cols = config.weight_shape
    return tuple((r, c) for r in range(rows) for c in range(cols))


def pqc_circuit(config: QASAConfig, *, measure: bool = True) -> Circuit:
    """The QASA PQC with symbolic inputs ``x_i`` and weights ``w_l_i`` (see module docstring).

    ``timestep`` enters as a constant added to each encoding angle.
    """
    n = config.num_qubits
    anc = n
    b = CircuitBuilder(n + 1, name="qasa-pqc")
    w = [[Param(weight_symbol(r, c)) for c in range(n + 1)] for r in range(config.num_layers)]
    for i in range(n):
        xi = Param(input_symbol(i)) + config.timestep
        b.rx(i, xi).rz(i, xi)
    for i in range(n):
        b.rx(i, w[0][i]).rz(i, w[1][i])
    for layer in range(1, config.num_layers):
        for i in range(n):
            b.cx(i, (i + 1) % n).ry(i, w[layer][i]).rz(i, w[layer][i])
        b.cx(n - 1, anc).ry(anc, w[layer][n])
    if measure:
        b.measure(list(range(n)))
    return b.done()


@lru_cache(maxsize=8)
def _cached_pqc(config: QASAConfig) -> Circuit:
    return pqc_circuit(config)


def _bindings(
    config: QASAConfig, x: FloatArray, weights: FloatArray
) -> dict[str, float | FloatArray]:
    out: dict[str, float | FloatArray] = {}
    for i in range(config.num_qubits):
        out[input_symbol(i)] = x[:, i]
    for r, c in weight_slots(config):
        out[weight_symbol(r, c)] = weights[:, r, c]
    return out


def _check_inputs(
    x: npt.ArrayLike, weights: npt.ArrayLike, config: QASAConfig
) -> tuple[FloatArray, FloatArray, bool]:
    xa = real_array("x", x, ndim=(1, 2), shape_text="(n,) or (B, n)")
    batched = xa.ndim == 2
    xa = np.atleast_2d(xa)
    if xa.shape[1] != config.num_qubits:
        raise ValueError(f"x has shape {xa.shape}; expected (B, {config.num_qubits})")
    wa = real_array("weights", weights, ndim=(2, 3), shape_text="(L, n+1) or (B, L, n+1)")
    if wa.shape[-2:] != config.weight_shape:
        raise ValueError(f"weights has shape {wa.shape}; expected {config.weight_shape}")
    wa = np.broadcast_to(wa, (xa.shape[0], *config.weight_shape)) if wa.ndim == 2 else wa
    if wa.shape[0] != xa.shape[0]:
        raise ValueError(f"weights has batch {wa.shape[0]}, x has batch {xa.shape[0]}")
    return xa, np.asarray(wa), batched


def z_from_states(states: FloatArray | npt.NDArray[np.complex128], circuit: Circuit) -> FloatArray:
    """``<Z_q>`` of the measured qubits (all if none) from statevectors ``(..., 2**n)``."""
    probs = sim.probabilities(states)
    n = circuit.num_qubits
    mq = circuit.measured_qubits or tuple(range(n))
    lead = probs.shape[:-1]
    t = probs.reshape(lead + (2,) * n)
    out = []
    for q in mq:
        m = np.moveaxis(t, len(lead) + q, -1).reshape((*lead, -1, 2)).sum(axis=-2)
        out.append(m[..., 0] - m[..., 1])
    return np.stack(out, axis=-1)


def z_expectations(circuit: Circuit, bindings: Mapping[str, float | FloatArray]) -> FloatArray:
    """``<Z_q>`` of the circuit's measured qubits (all qubits if none): ``(B, m)`` or ``(m,)``."""
    return z_from_states(sim.statevector(circuit, bindings=bindings), circuit)


def expectations(x: npt.ArrayLike, weights: npt.ArrayLike, config: QASAConfig) -> FloatArray:
    """``QC(x) = [<Z_0>, ..., <Z_{n-1}>]`` for ``x (n,)`` or a batch ``(B, n)``.

    ``weights``: ``(L, n+1)`` shared by the batch, or ``(B, L, n+1)``.
    """
    xa, wa, batched = _check_inputs(x, weights, config)
    out = z_expectations(_cached_pqc(config), _bindings(config, xa, wa))
    return out if batched else out[0]


def _shifted(circuit: Circuit, index: int, delta: float) -> Circuit:
    ops = list(circuit.ops)
    op = ops[index]
    p = op.params[0]
    ops[index] = Op(op.gate, op.qubits, (p + delta,), op.clbits)
    return Circuit(circuit.num_qubits, tuple(ops), circuit.num_clbits, circuit.name)


def occurrences(circuit: Circuit, symbol: str) -> tuple[tuple[int, float], ...]:
    """``(op index, coefficient)`` of every gate whose angle depends on ``symbol``.

    Raises ``ValueError`` for a gate outside :data:`SHIFT_GATES` (no two-term shift rule).
    """
    out: list[tuple[int, float]] = []
    for k, op in enumerate(circuit.ops):
        for p in op.params:
            if isinstance(p, ParamExpr) and symbol in p.symbols:
                if op.gate not in SHIFT_GATES:
                    raise ValueError(
                        f"symbol={symbol!r} occurs in gate {op.gate!r}: the two-term shift rule "
                        f"holds only for {SHIFT_GATES}"
                    )
                out.append((k, dict(p.terms)[symbol]))
    return tuple(out)


def shift_gradient(circuit: Circuit, values: Mapping[str, float], symbol: str) -> FloatArray:
    """``d<Z_q>/d symbol`` by the parameter-shift rule summed over every occurrence (SUR-QASA-04):
    ``sum_occ c_occ [f(theta_occ + pi/2) - f(theta_occ - pi/2)] / 2`` for a gate angle
    ``theta_occ = c_occ * symbol + ...``; every shifted circuit is simulated in one batch."""
    occ = occurrences(circuit, symbol)
    m = len(circuit.measured_qubits or range(circuit.num_qubits))
    if not occ:
        return np.zeros(m)
    bound = circuit.bind(values, strict=False)
    shifted = [_shifted(bound, k, s * math.pi / 2) for k, _ in occ for s in (1.0, -1.0)]
    z = z_from_states(sim.statevector_batch(shifted), circuit).reshape(len(occ), 2, m)
    coeff = np.asarray([c for _, c in occ])[:, None]
    return np.asarray((coeff * 0.5 * (z[:, 0] - z[:, 1])).sum(axis=0), dtype=np.float64)


def parameter_shift_gradient(
    x: npt.ArrayLike, weights: npt.ArrayLike, config: QASAConfig
) -> FloatArray:
    """``G[l, i, j] = d<Z_j>/d w[l, i]`` at one input ``x (n,)`` (shift rule, every occurrence)."""
    xa, wa, batched = _check_inputs(x, weights, config)
    if batched:
        raise ValueError("x: parameter_shift_gradient takes one input (n,)")
    c = _cached_pqc(config)
    vals = {k: float(np.asarray(v)[0]) for k, v in _bindings(config, xa, wa).items()}
    rows, cols = config.weight_shape
    g = np.zeros((rows, cols, config.num_qubits))
    for r, s in weight_slots(config):
        g[r, s] = shift_gradient(c, vals, weight_symbol(r, s))
    return g


def backward_light_cone(circuit: Circuit) -> frozenset[int]:
    """Indices of the gates that can influence a measured qubit's statistics: walking backwards
    from the measured qubits, a gate enters when it touches a qubit already in the cone (a gate
    touching only qubits outside it commutes with every measured observable)."""
    cone = set(circuit.measured_qubits or range(circuit.num_qubits))
    keep: set[int] = set()
    for k in range(len(circuit.ops) - 1, -1, -1):
        op = circuit.ops[k]
        if op.is_measure:
            continue
        if cone & set(op.qubits):
            keep.add(k)
            cone |= set(op.qubits)
    return frozenset(keep)


def used_weight_slots(
    config: QASAConfig, *, points: int = 3, seed: int = 0
) -> tuple[tuple[int, int], ...]:
    """Slots whose parameter-shift gradient is non-zero at some of ``points`` random
    ``(x, w)`` (uniform in ``[-pi, pi]``; a non-zero analytic function vanishes on a null set).

    A slot counts as used when ``max |G| > 1e-9`` (round-off of a 9-qubit simulation is below
    1e-13, and a generic gradient entry is O(0.1)).
    """
    rng = np.random.default_rng(seed)
    support = np.zeros(config.weight_shape, dtype=bool)
    for _ in range(integer("points", points, lo=1)):
        x = rng.uniform(-math.pi, math.pi, config.num_qubits)
        w = rng.uniform(-math.pi, math.pi, config.weight_shape)
        g = parameter_shift_gradient(x, w, config)
        support |= np.max(np.abs(g), axis=-1) > 1e-9
    return tuple((r, c) for r, c in weight_slots(config) if support[r, c])


def resource_counts(circuit: Circuit) -> dict[str, int]:
    """Qubits, CNOTs, gates (measurements excluded) and distinct symbols of a circuit."""
    ops = circuit.count_ops()
    return {
        "qubits": circuit.num_qubits,
        "cx": ops.get("cx", 0),
        "gates": len(circuit.gate_ops),
        "symbols": len(circuit.symbols),
    }


# ---------------------------------------------------------------------------------------------
# the final quantum encoder layer


@dataclass(frozen=True, kw_only=True)
class QASAParams:
    """Trainable arrays of the quantum encoder layer (``d`` = model width, ``f`` = FFN width).

    ``w_q, w_k, w_v, w_o_attn`` ``(d, d)`` and their biases ``(d,)``: multi-head attention;
    ``ln1_g, ln1_b, ln2_g, ln2_b`` ``(d,)``; ``w_in (n, d), b_in (n,)``; ``ln_q_g, ln_q_b (n,)``;
    ``weights (L, n+1)`` of the PQC; ``w_out (d, n), b_out (d,)``; ``w_1 (f, d), b_1 (f,)``,
    ``w_2 (d, f), b_2 (d,)``.
    """

    w_q: FloatArray
    w_k: FloatArray
    w_v: FloatArray
    w_o_attn: FloatArray
    b_q: FloatArray
    b_k: FloatArray
    b_v: FloatArray
    b_o_attn: FloatArray
    ln1_g: FloatArray
    ln1_b: FloatArray
    w_in: FloatArray
    b_in: FloatArray
    ln_q_g: FloatArray
    ln_q_b: FloatArray
    weights: FloatArray
    w_out: FloatArray
    b_out: FloatArray
    w_1: FloatArray
    b_1: FloatArray
    w_2: FloatArray
    b_2: FloatArray
    ln2_g: FloatArray
    ln2_b: FloatArray


def init_params(
    rng: np.random.Generator, config: QASAConfig, *, d_model: int, d_ff: int | None = None
) -> QASAParams:
    """Random parameters (normal, scale ``1/sqrt(fan_in)``; PQC weights uniform in [0, 2 pi))."""
    g = generator("rng", rng)
    d = integer("d_model", d_model, lo=1)
    if d % config.num_heads:
        raise ValueError(f"d_model={d} must be a multiple of num_heads={config.num_heads}")
    f = 4 * d if d_ff is None else integer("d_ff", d_ff, lo=1)
    n = config.num_qubits

    def m(r: int, c: int) -> FloatArray:
        return g.normal(0.0, 1.0 / math.sqrt(c), (r, c))

    def v(k: int, s: float = 0.1) -> FloatArray:
        return g.normal(0.0, s, k)

    return QASAParams(
        w_q=m(d, d), w_k=m(d, d), w_v=m(d, d), w_o_attn=m(d, d),
        b_q=v(d), b_k=v(d), b_v=v(d), b_o_attn=v(d),
        ln1_g=1 + v(d), ln1_b=v(d),
        w_in=m(n, d), b_in=v(n), ln_q_g=1 + v(n), ln_q_b=v(n),
        weights=g.uniform(0, 2 * math.pi, config.weight_shape),
        w_out=m(d, n), b_out=v(d),
        w_1=m(f, d), b_1=v(f), w_2=m(d, f), b_2=v(d),
        ln2_g=1 + v(d), ln2_b=v(d),
    )  # fmt: skip


LN_EPS = 1e-5
"""``torch.nn.LayerNorm`` default epsilon."""


def layer_norm(x: FloatArray, g: FloatArray, b: FloatArray) -> FloatArray:
    """``(x - mean) / sqrt(var + 1e-5) * g + b`` over the last axis (biased variance)."""
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + LN_EPS) * g + b  # type: ignore[no-any-return]


def gelu(x: FloatArray) -> FloatArray:
    """Exact GELU ``x Phi(x)`` (``nn.GELU()`` default)."""
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))  # type: ignore[no-any-return]


def multi_head_attention(h: FloatArray, p: QASAParams, num_heads: int) -> FloatArray:
    """``nn.MultiheadAttention(h, h, h)`` without dropout: ``(L, d) -> (L, d)``."""
    length, d = h.shape
    dh = d // num_heads
    q = (h @ p.w_q.T + p.b_q).reshape(length, num_heads, dh).transpose(1, 0, 2)
    k = (h @ p.w_k.T + p.b_k).reshape(length, num_heads, dh).transpose(1, 0, 2)
    v = (h @ p.w_v.T + p.b_v).reshape(length, num_heads, dh).transpose(1, 0, 2)
    logits = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
    logits -= logits.max(axis=-1, keepdims=True)
    a = np.exp(logits)
    a /= a.sum(axis=-1, keepdims=True)
    o = (a @ v).transpose(1, 0, 2).reshape(length, d)
    return np.asarray(o @ p.w_o_attn.T + p.b_o_attn, dtype=np.float64)


def circuit_inputs(h_prime: FloatArray, p: QASAParams, config: QASAConfig) -> FloatArray:
    """``h_q = LN_n(tanh(W_in h' + b_in))`` (or without LN); the timestep is in the circuit."""
    u = np.tanh(h_prime @ p.w_in.T + p.b_in)
    return layer_norm(u, p.ln_q_g, p.ln_q_b) if config.input_norm == "layernorm" else u


def quantum_encoder_layer(h: npt.ArrayLike, params: QASAParams, config: QASAConfig) -> FloatArray:
    """The final QASA encoder layer on one sequence ``h (L, d)`` (module docstring)."""
    x = real_array("h", h, ndim=2, shape_text="(L, d)", nonempty=True)
    if x.shape[1] != params.w_q.shape[0]:
        raise ValueError(f"h has shape {x.shape}; params expect d={params.w_q.shape[0]}")
    hp = layer_norm(
        x + multi_head_attention(x, params, config.num_heads), params.ln1_g, params.ln1_b
    )
    qc = expectations(circuit_inputs(hp, params, config), params.weights, config)
    z = hp + qc @ params.w_out.T + params.b_out
    ffn = gelu(z @ params.w_1.T + params.b_1) @ params.w_2.T + params.b_2
    return layer_norm(z + ffn, params.ln2_g, params.ln2_b)


_DEFAULT = QASAConfig()

MECHANISM = Mechanism(
    name="qasa",
    module=__name__,
    summary="QASA: the authors' 8+1-qubit PQC (weights (4, 9), shared RY/RZ angles) as a "
    "per-token residual map after classical attention in the final encoder layer.",
    circuits=(
        CircuitExample(
            name="qasa-pqc",
            build=lambda: pqc_circuit(_DEFAULT),
            description="QASA PQC, 8 data qubits + ancilla, symbolic x_* and w_*; measures "
            "qubits 0..7 (<Z_j> by post-processing)",
        ),
    ),
)

__all__ = [
    "MAX_DATA_QUBITS",
    "MECHANISM",
    "QASAConfig",
    "QASAParams",
    "backward_light_cone",
    "circuit_inputs",
    "expectations",
    "gelu",
    "init_params",
    "input_symbol",
    "layer_norm",
    "multi_head_attention",
    "occurrences",
    "parameter_shift_gradient",
    "pqc_circuit",
    "quantum_encoder_layer",
    "resource_counts",
    "shift_gradient",
    "used_weight_slots",
    "weight_slots",
    "weight_symbol",
    "z_expectations",
    "z_from_states",
]
