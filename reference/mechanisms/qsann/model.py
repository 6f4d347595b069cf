"""QSANN: Gaussian projected quantum self-attention (baseline of seed 001, spec §6.1).

Reference behaviour: the Baidu implementation ``PaddlePaddle/Quantum``
``paddle_quantum/qml/qsann.py`` (commit 09959fef) of Li, Zhao & Wang, arXiv:2205.05625.

For each token with angle features ``x_s in R^d`` (``d = 2 n (2 D_ebd + 1)``, ``n`` qubits) and
each layer:

* embedding state ``|e_s> = U_emb(x_s)|0>`` (:func:`embedding_circuit`: per qubit pair
  ``RX RX RY RY CNOT``, then ``RX RY`` on every qubit; depth 1 whatever ``depth_ebd`` is, as
  Paddle's ``forward()`` calls it with its default ``depth=1``);
* query/key/value ansatz states ``U_q|e_s>``, ``U_k|e_s>``, ``U_v|e_s>`` (:func:`ansatz_circuit`);
* readouts ``zq_s = <Z_0>`` (query), ``zk_j = <Z_0>`` (key), and the value vector
  ``o_j = (<P_1>, ..., <P_d>)`` with ``P = [Z_0..Z_{n-1}, Y_0..Y_{n-1}, X_0..X_{n-1}]`` cycled
  or truncated to ``d`` entries (:func:`value_observables`);
* Gaussian projected attention ``alpha_sj = exp(-(zq_s - zk_j)^2)``, normalised over ``j``
  (equal to ``softmax_j(-(zq_s - zk_j)^2)``, computed stably);
* ``form="paddle"`` (default): ``y_s = pi * sum_j alpha~_sj o_j`` with **no residual** (the Paddle
  code); ``form="paper"``: ``y_s = x_s + sum_j alpha~_sj o_j`` (the paper's residual form,
  RECONSTRUCTED, not confirmed against its text).

Head: ``head="mean"`` (Paddle/QSANN): ``sigmoid(w . mean_s y_s + b)``; ``head="cls"``
("QSANN (CLS token)", seed §5): a CLS token is prepended and only its output ``y_CLS`` feeds the
same head.

All tokens of all samples are simulated in one batched simulator call per circuit (embedding,
query, key, value), through the circuit IR.

Notation map (Paddle -> here): ``embedding_param[word]`` ``(n(2D+1), 2)`` -> one row of ``x``
flattened row-major (``p[r][c] = x[2r + c]``); ``query_circuits[l]`` -> ``params.query[l]``;
``weight, bias`` -> ``head_w, head_b``.

>>> cfg = QSANNConfig(num_qubits=2, depth_ebd=1)
>>> cfg.num_features
12
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference import simulate as sim
from reference._types import ComplexArray, FloatArray
from reference.algorithms.attention import softmax
from reference.circuit import Circuit, CircuitBuilder, Param, ParamValue

Form = Literal["paddle", "paper"]
Head = Literal["mean", "cls"]
_FORMS = ("paddle", "paper")
_HEADS = ("mean", "cls")


def num_features(num_qubits: int, depth_ebd: int) -> int:
    """Token width ``d = 2 n (2 D_ebd + 1)`` (Paddle's ``embedding_param[word].size``)."""
    n = val.integer("num_qubits", num_qubits, lo=2)
    dd = val.integer("depth_ebd", depth_ebd, lo=0)
    return 2 * n * (2 * dd + 1)


def ansatz_param_count(num_qubits: int, depth: int) -> int:
    """Parameters of one query/key/value ansatz: ``4 n depth + 2 n``."""
    n = val.integer("num_qubits", num_qubits, lo=2)
    dd = val.integer("depth", depth, lo=0)
    return 4 * n * dd + 2 * n


@dataclass(frozen=True, kw_only=True)
class QSANNConfig:
    """Hyper-parameters of QSANN.

    Attributes:
        num_qubits: qubits per token circuit ``n >= 2``.
        depth_ebd: embedding depth ``D_ebd``; sets ``d = 2 n (2 D_ebd + 1)``.
        depth_query, depth_key, depth_value: ansatz depths.
        num_layers: self-attention layers.
        embedding_depth: depth the embedding circuit is **run** with. Default 1: Paddle's
            ``forward()`` calls the embedding circuit with ``depth=1`` whatever ``depth_ebd`` is
            (then only the first ``n (2 + 1)`` feature rows are used). ``None`` = ``depth_ebd``.
        form: ``"paddle"`` (``pi * sum``, no residual; default) or ``"paper"`` (residual
            ``x + sum``, RECONSTRUCTED).
        head: ``"mean"`` (token mean, QSANN) or ``"cls"`` (QSANN (CLS token)).
    """

    num_qubits: int = 2
    depth_ebd: int = 1
    depth_query: int = 1
    depth_key: int = 1
    depth_value: int = 1
    num_layers: int = 1
    embedding_depth: int | None = 1
    form: Form = "paddle"
    head: Head = "mean"

    def __post_init__(self) -> None:
        val.integer("num_qubits", self.num_qubits, lo=2)
        val.integer("depth_ebd", self.depth_ebd, lo=0)
        for name in ("depth_query", "depth_key", "depth_value"):
            val.integer(name, getattr(self, name), lo=0)
        val.integer("num_layers", self.num_layers, lo=1)
        if self.embedding_depth is not None:
            val.integer("embedding_depth", self.embedding_depth, lo=0)
            if self.embedding_depth > self.depth_ebd:
                raise ValueError(
                    f"embedding_depth={self.embedding_depth} exceeds depth_ebd={self.depth_ebd}: "
                    "the feature table has too few rows"
                )
        val.choice("form", self.form, _FORMS)
        val.choice("head", self.head, _HEADS)

    @property
    def num_features(self) -> int:
        return num_features(self.num_qubits, self.depth_ebd)

    @property
    def run_embedding_depth(self) -> int:
        return self.depth_ebd if self.embedding_depth is None else self.embedding_depth


# ---------------------------------------------------------------------------------------------
# circuits


def _symbols(prefix: str, count: int) -> list[ParamValue]:
    return [Param(f"{prefix}_{i}") for i in range(count)]


def embedding_circuit(
    num_qubits: int,
    *,
    depth: int = 1,
    features: Sequence[ParamValue] | None = None,
    name: str = "qsann_embedding",
) -> Circuit:
    """Paddle's ``__embedding_circuit`` on ``n`` qubits.

    ``features`` (length ``>= 2 n (2 depth + 1)``; symbolic ``x_0, x_1, ...`` when ``None``) are
    the flattened ``(rows, 2)`` angle table ``p[r][c] = features[2r + c]``. For each depth layer
    ``l`` and qubit ``i`` (``a = 2 n l + 2 i``, ``j = i + 1 mod n``): ``RX(p[a][0])@i,
    RX(p[a][1])@j, RY(p[a+1][0])@i, RY(p[a+1][1])@j, CNOT(i, j)``; then ``RX(p[2nD+i][0])
    RY(p[2nD+i][1])`` on each qubit ``i``.

    >>> embedding_circuit(2).count_ops()
    {'rx': 6, 'ry': 6, 'cx': 2}
    """
    n = val.integer("num_qubits", num_qubits, lo=2)
    dp = val.integer("depth", depth, lo=0)
    need = 2 * n * (2 * dp + 1)
    x = _symbols("x", need) if features is None else list(features)
    if len(x) < need:
        raise ValueError(f"features has length {len(x)}; depth={dp} on {n} qubits needs {need}")

    def p(r: int, c: int) -> ParamValue:
        return x[2 * r + c]

    b = Circuit.build(n, name=name)
    for layer in range(dp):
        for i in range(n):
            j = (i + 1) % n
            a = 2 * n * layer + 2 * i
            b.rx(i, p(a, 0)).rx(j, p(a, 1)).ry(i, p(a + 1, 0)).ry(j, p(a + 1, 1)).cx(i, j)
    for i in range(n):
        r = 2 * n * dp + i
        b.rx(i, p(r, 0)).ry(i, p(r, 1))
    return b.done()


def _ansatz_into(b: CircuitBuilder, n: int, depth: int, params: Sequence[ParamValue]) -> None:
    it = iter(params)
    for _ in range(depth):
        for i in range(n):
            j = (i + 1) % n
            b.rx(i, next(it)).ry(i, next(it)).rx(j, next(it)).ry(j, next(it)).cx(i, j)
    for i in range(n):
        b.rx(i, next(it))
    for i in range(n):
        b.ry(i, next(it))


def ansatz_circuit(
    num_qubits: int,
    *,
    depth: int = 1,
    params: Sequence[ParamValue] | None = None,
    prefix: str = "theta",
    name: str = "qsann_ansatz",
) -> Circuit:
    """Paddle's query/key/value ansatz: per depth and qubit ``i`` (``j = i + 1 mod n``)
    ``RX(i) RY(i) RX(j) RY(j) CNOT(i, j)``; then ``RX`` on all qubits, then ``RY`` on all qubits.

    ``params`` has length :func:`ansatz_param_count`; symbolic ``<prefix>_k`` when ``None``.

    >>> ansatz_circuit(3, depth=1).count_ops()
    {'rx': 9, 'ry': 9, 'cx': 3}
    """
    n = val.integer("num_qubits", num_qubits, lo=2)
    dp = val.integer("depth", depth, lo=0)
    count = ansatz_param_count(n, dp)
    ps = _symbols(prefix, count) if params is None else list(params)
    if len(ps) != count:
        raise ValueError(f"params has length {len(ps)}; depth={dp} on {n} qubits needs {count}")
    b = Circuit.build(n, name=name)
    _ansatz_into(b, n, dp, ps)
    return b.done()


def readout_circuit(config: QSANNConfig, *, role: Literal["query", "key", "value"]) -> Circuit:
    """Embedding followed by the ``role`` ansatz, all symbolic (``x_*`` features, ``<role>_*``
    ansatz angles); query and key measure qubit 0 (the ``<Z_0>`` readout). Registered for export.
    """
    depth = {"query": config.depth_query, "key": config.depth_key, "value": config.depth_value}
    if role not in depth:
        raise ValueError(f"role={role!r} must be 'query', 'key' or 'value'")
    n = config.num_qubits
    emb = embedding_circuit(n, depth=config.run_embedding_depth)
    b = Circuit.build(n, name=f"qsann_{role}")
    for op in emb.ops:
        b.add(op.gate, op.qubits, op.params)
    _ansatz_into(b, n, depth[role], _symbols(role, ansatz_param_count(n, depth[role])))
    if role != "value":
        b.measure([0])
    else:
        b.measure()
    return b.done()


def value_observables(num_qubits: int, num_terms: int) -> tuple[str, ...]:
    """Pauli strings ``[Z_0..Z_{n-1}, Y_0..Y_{n-1}, X_0..X_{n-1}]`` truncated or cycled to
    ``num_terms`` entries (Paddle's ``generate_observable``; character ``q`` acts on qubit ``q``).

    >>> value_observables(2, 8)
    ('ZI', 'IZ', 'YI', 'IY', 'XI', 'IX', 'ZI', 'IZ')
    """
    n = val.integer("num_qubits", num_qubits, lo=1)
    t = val.integer("num_terms", num_terms, lo=1)
    base = [
        "".join(p if q == k else "I" for q in range(n)) for p in ("Z", "Y", "X") for k in range(n)
    ]
    return tuple(base[i % len(base)] for i in range(t))


# ---------------------------------------------------------------------------------------------
# parameters


@dataclass(frozen=True, kw_only=True)
class QSANNParams:
    """Trainable parameters of QSANN.

    Attributes:
        query, key, value: one ``(ansatz_param_count(n, depth),)`` array per layer.
        head_w: ``(d,)`` head weights; head_b: head bias.
        cls: ``(d,)`` CLS token angles (used by ``head="cls"`` only).
    """

    query: tuple[FloatArray, ...]
    key: tuple[FloatArray, ...]
    value: tuple[FloatArray, ...]
    head_w: FloatArray
    head_b: float = 0.0
    cls: FloatArray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        for name in ("query", "key", "value"):
            arrs = tuple(
                val.real_array(f"{name}[{i}]", a, ndim=1) for i, a in enumerate(getattr(self, name))
            )
            if not arrs:
                raise ValueError(f"{name} must hold one parameter array per layer")
            object.__setattr__(self, name, arrs)
        for name in ("head_w", "cls"):
            object.__setattr__(self, name, val.real_array(name, getattr(self, name), ndim=1))
        object.__setattr__(self, "head_b", val.finite_scalar("head_b", self.head_b))

    def check(self, config: QSANNConfig) -> None:
        """Raise ``ValueError`` unless the shapes match ``config``."""
        n, d = config.num_qubits, config.num_features
        for name, depth in (
            ("query", config.depth_query),
            ("key", config.depth_key),
            ("value", config.depth_value),
        ):
            arrs = getattr(self, name)
            if len(arrs) != config.num_layers:
                raise ValueError(f"{name} has {len(arrs)} layers; config has {config.num_layers}")
            want = ansatz_param_count(n, depth)
            for i, a in enumerate(arrs):
                if a.shape != (want,):
                    raise ValueError(f"{name}[{i}] has shape {a.shape}; expected ({want},)")
        if self.head_w.shape != (d,):
            raise ValueError(f"head_w has shape {self.head_w.shape}; expected ({d},)")
        if config.head == "cls" and self.cls.shape != (d,):
            raise ValueError(f"cls has shape {self.cls.shape}; head='cls' needs ({d},)")


def init_params(rng: np.random.Generator, config: QSANNConfig) -> QSANNParams:
    """Paddle's initialisation: ansatz angles ``U(0, 2 pi)`` (Paddle's default for ansatz gates),
    head ``N(0, 0.001)``; CLS angles ``U(-pi, pi)`` like Paddle's embedding table."""
    val.generator("rng", rng)
    n, d = config.num_qubits, config.num_features

    def layers(depth: int) -> tuple[FloatArray, ...]:
        c = ansatz_param_count(n, depth)
        return tuple(rng.uniform(0, 2 * np.pi, c) for _ in range(config.num_layers))

    return QSANNParams(
        query=layers(config.depth_query),
        key=layers(config.depth_key),
        value=layers(config.depth_value),
        head_w=rng.normal(0.0, 0.001, d),
        head_b=float(rng.normal(0.0, 0.001)),
        cls=rng.uniform(-np.pi, np.pi, d) if config.head == "cls" else np.zeros(0),
    )


# ---------------------------------------------------------------------------------------------
# forward pass


def _features(x: npt.ArrayLike, d: int, name: str = "x") -> FloatArray:
    want = f"(T, {d}) or (B, T, {d}), T >= 1"
    a = val.real_array(name, x, ndim=(2, 3), shape_text=want)
    if a.shape[-1] != d or a.shape[-2] < 1:
        raise ValueError(f"{name} has shape {a.shape}; expected {want}")
    return a


def embedding_states(x: FloatArray, config: QSANNConfig) -> ComplexArray:
    """``(M, 2**n)`` embedding states of ``M`` tokens ``x: (M, d)``, one batched call."""
    circ = embedding_circuit(config.num_qubits, depth=config.run_embedding_depth)
    used = 2 * config.num_qubits * (2 * config.run_embedding_depth + 1)
    return sim.statevector(circ, bindings={f"x_{i}": x[:, i] for i in range(used)})


def _ansatz_states(
    emb: ComplexArray, theta: FloatArray, n: int, depth: int, prefix: str
) -> ComplexArray:
    circ = ansatz_circuit(n, depth=depth, prefix=prefix)
    return sim.statevector(
        circ, bindings={f"{prefix}_{i}": float(t) for i, t in enumerate(theta)}, initial=emb
    )


def z0(states: ComplexArray, num_qubits: int) -> FloatArray:
    """``<Z_0>`` of each state ``(M, 2**n)`` -> ``(M,)`` (qubit 0 is the most significant bit)."""
    p = np.abs(states.reshape(states.shape[0], 2, -1)) ** 2
    return np.asarray(p[:, 0].sum(axis=1) - p[:, 1].sum(axis=1), dtype=np.float64)


def readouts(
    x: npt.ArrayLike, params: QSANNParams, config: QSANNConfig, layer: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Query/key readouts and value vectors of every token of layer ``layer``.

    Args:
        x: ``(M, d)`` token features (all tokens of all samples, flattened).

    Returns:
        ``(zq (M,), zk (M,), o (M, d))``.
    """
    d, n = config.num_features, config.num_qubits
    xa = _features(x, d)
    if xa.ndim != 2:
        raise ValueError(f"x has shape {xa.shape}; readouts takes (M, {d})")
    emb = embedding_states(xa, config)
    q = _ansatz_states(emb, params.query[layer], n, config.depth_query, "query")
    k = _ansatz_states(emb, params.key[layer], n, config.depth_key, "key")
    v = _ansatz_states(emb, params.value[layer], n, config.depth_value, "value")
    obs = value_observables(n, d)
    uniq = {p: sim.expval_pauli(v, p) for p in dict.fromkeys(obs)}
    o = np.stack([uniq[p] for p in obs], axis=-1)
    return z0(q, n), z0(k, n), np.asarray(o, dtype=np.float64)


def gaussian_logits(zq: npt.ArrayLike, zk: npt.ArrayLike) -> FloatArray:
    """``-(zq_s - zk_j)^2``: ``softmax`` over ``j`` gives the Gaussian projected weights.

    ``zq: (..., N)``, ``zk: (..., M)`` -> ``(..., N, M)``.
    """
    a = val.real_array("zq", zq, ndim=(1, 2, 3))
    b = val.real_array("zk", zk, ndim=(1, 2, 3))
    return -((a[..., :, None] - b[..., None, :]) ** 2)


def gaussian_weights(zq: npt.ArrayLike, zk: npt.ArrayLike) -> FloatArray:
    """``alpha_sj / sum_m alpha_sm`` with ``alpha_sj = exp(-(zq_s - zk_j)^2)``.

    >>> w = gaussian_weights(np.array([0.0]), np.array([0.0, 1.0]))
    >>> bool(np.allclose(w, [[1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1))]]))
    True
    """
    return softmax(gaussian_logits(zq, zk), axis=-1)


def layer_forward(
    x: npt.ArrayLike, params: QSANNParams, config: QSANNConfig, layer: int
) -> tuple[FloatArray, FloatArray]:
    """One QSANN self-attention layer on ``x: (B, T, d)``; returns ``(y (B, T, d), weights
    (B, T, T))``. Every token of every sample goes through one batched simulation."""
    d = config.num_features
    xa = _features(x, d)
    if xa.ndim != 3:
        raise ValueError(f"x has shape {xa.shape}; layer_forward takes (B, T, {d})")
    bsz, t, _ = xa.shape
    zq, zk, o = readouts(xa.reshape(bsz * t, d), params, config, layer)
    w = gaussian_weights(zq.reshape(bsz, t), zk.reshape(bsz, t))
    mixed = w @ o.reshape(bsz, t, d)
    y = np.pi * mixed if config.form == "paddle" else xa + mixed
    return np.asarray(y, dtype=np.float64), w


def encode(params: QSANNParams, x: npt.ArrayLike, config: QSANNConfig) -> FloatArray:
    """Token features after all layers: ``(B, T', d)`` (``T' = T + 1`` with the CLS token first
    for ``head="cls"``). ``x``: ``(T, d)`` or ``(B, T, d)``."""
    params.check(config)
    xa = _features(x, config.num_features)
    batched = xa.ndim == 3
    h = xa if batched else xa[None]
    if config.head == "cls":
        cls = np.broadcast_to(params.cls, (h.shape[0], 1, h.shape[2]))
        h = np.concatenate([cls, h], axis=1)
    for layer in range(config.num_layers):
        h, _ = layer_forward(h, params, config, layer)
    return h


def forward(params: QSANNParams, x: npt.ArrayLike, config: QSANNConfig) -> FloatArray:
    """Class-1 probabilities ``sigmoid(w . y + b)``: ``(B,)``, or a 0-d array for ``x: (T, d)``.

    ``y`` is the token mean (``head="mean"``, Paddle) or ``y_CLS`` (``head="cls"``).
    """
    xa = _features(x, config.num_features)
    h = encode(params, xa, config)
    y = h[:, 0] if config.head == "cls" else h.mean(axis=1)
    z = y @ params.head_w + params.head_b
    p = 0.5 * (1.0 + np.tanh(0.5 * z))
    return np.asarray(p if xa.ndim == 3 else p[0], dtype=np.float64)


__all__ = [
    "QSANNConfig",
    "QSANNParams",
    "ansatz_circuit",
    "ansatz_param_count",
    "embedding_circuit",
    "embedding_states",
    "encode",
    "forward",
    "gaussian_logits",
    "gaussian_weights",
    "init_params",
    "layer_forward",
    "num_features",
    "readout_circuit",
    "readouts",
    "value_observables",
    "z0",
]
