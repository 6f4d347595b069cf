r"""Entanglement-based attention scores (seed 001, "Quantum entanglement for attention models").

Specification: ``claims/seed001-entanglement-attention.md`` §1-§4 and §10; claims ``S001-P01`` ..
``S001-P15``, ``S001-P25`` and the reconstructed defaults ``S001-A01`` .. ``S001-A05``, ``A10``,
``A11``, ``A13`` .. ``A15``, ``A17``, ``A18``.

For a query vector :math:`q` and a key vector :math:`k` (both in :math:`\mathbb R^d`) the pair
state is

.. math::

    |\Psi(q,k)\rangle = \prod_{l=1}^{L}\Big[\prod_m \mathrm{CRX}_{A_m\to B_m}(\theta_m)
    \,\big(U(q)_A\otimes U(k)_B\big)\Big]|0\rangle^{\otimes 2n_r}

and the attention logit is a measure of it (paper Eq. 4, :math:`A_{ij} = \mathrm{ME}(\cdot)`):

* ``"entropy"``: von Neumann entanglement entropy of the query register, in **nats** (``S001-P25``);
* ``"swap"``: SWAP-test probability :math:`P(1) = (1 - |\langle\phi(q)|\phi(k)\rangle|^2)/2`
  of the encoded states without the PQC (``S001-A10``, ``S001-A18``);
* ``"concurrence"``: :math:`C_n = 2\sqrt{1 - P(0^n)}` of the controlled-SWAP test (``S001-A11``);
  the paper's literal :math:`2\sqrt{P(\text{even})}` is kept only as
  :func:`concurrence_paper_literal`, which is identically 2 on pure states (refuted, ``S001-P14``).

Feature maps (``U``): super-dense angle ``RX RY RX RY`` per qubit (4 features/qubit), dense angle
``RX RY`` (2/qubit), IQP (per layer ``H``, ``RZ(x_i)``, ``RZZ(x_i x_j)`` on all pairs of the
register; PennyLane form, ``S001-A04``). With the angle encodings every gate acts on ``A_m``,
``B_m`` or the pair ``(A_m, B_m)``, so the state is a product of ``n_r`` two-qubit states
(``S001-P08``); :func:`pair_states_fast` and the fast path of :func:`scores` use that.

Notation map (paper -> code): :math:`q_i, k_j` -> rows of ``Q``, ``K``; :math:`n_r` -> ``n_r``
(qubits per register); :math:`L` -> ``layers``; :math:`\theta` -> ``theta``; ME -> ``measure``;
:math:`S_A` -> :func:`scores` with ``measure="entropy"``.

Conventions (:mod:`reference.circuit`): qubit 0 is the most significant bit;
``R_P(t) = exp(-i t P / 2)``; ``CRX(t) = |0><0| (x) I + |1><1| (x) RX(t)``, control first.

>>> import numpy as np
>>> rng = np.random.default_rng(3)
>>> Q, K = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
>>> A = scores(Q, K, np.array([0.4, -1.1]), encoding="dense")
>>> A.shape
(3, 5)
>>> bool(np.all((A >= 0) & (A <= 2 * np.log(2))))
True
>>> B = scores(Q, K, np.array([0.4, -1.1]), encoding="dense", path="general")
>>> bool(np.allclose(A, B, atol=1e-12))
True
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Final, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference import simulate as sim
from reference._mechanism import CircuitExample, Mechanism
from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit, CircuitBuilder, Param

Encoding: TypeAlias = Literal["super_dense", "dense", "iqp"]
MeasureName: TypeAlias = Literal["entropy", "swap", "concurrence"]
PathName: TypeAlias = Literal["auto", "general", "fast"]
FeatureLayout: TypeAlias = Literal["contiguous", "strided"]
CrxDirection: TypeAlias = Literal["query_to_key", "key_to_query"]
Phi2: TypeAlias = Literal["product", "havlicek"]
LogitScale: TypeAlias = Literal["inv_sqrt_d", "none"]
SwapOutput: TypeAlias = Literal["p1", "fidelity"]
SwapStates: TypeAlias = Literal["encoding_only", "pair_state"]
RegisterLayout: TypeAlias = Literal["query_first", "key_first"]
IqpEntanglers: TypeAlias = Literal["within_register", "none"]
Subsystem: TypeAlias = Literal["query", "key"]

FEATURES_PER_QUBIT: Final[dict[str, int]] = {"super_dense": 4, "dense": 2, "iqp": 1}
"""Features encoded on each qubit of a register (spec §2.1-§2.3)."""

ANGLE_GATES: Final[dict[str, tuple[str, ...]]] = {
    "super_dense": ("rx", "ry", "rx", "ry"),
    "dense": ("rx", "ry"),
}
"""Gate sequence (time order) per qubit of the angle encodings."""

ANGLE_ENCODINGS: Final[frozenset[str]] = frozenset(ANGLE_GATES)

MAX_PAIR_QUBITS: Final[int] = 24
"""Largest pair state the general path simulates (``2 n_r`` qubits)."""

MAX_CSWAP_QUBITS: Final[int] = 7
"""Largest state (``n`` qubits) whose controlled-SWAP test (``3 n`` qubits) is simulated."""

DEFAULT_CHUNK_BYTES: Final[int] = 4 * 2**20
"""Memory budget of one simulated chunk of pair states (the batch is split to stay below it).
4 MiB keeps a chunk near the L2/L3 cache; measured 1.5-3x faster than 256 MiB chunks."""


def _choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name}={value!r} must be one of {allowed}")


@dataclass(frozen=True, kw_only=True)
class EntanglementConfig:
    """Every option of the entanglement-based attention score (validated on construction).

    Attributes:
        encoding: quantum feature map: ``"super_dense"`` (RX RY RX RY, 4 features per qubit),
            ``"dense"`` (RX RY, 2 per qubit) or ``"iqp"`` (1 per qubit). Spec §2.
        measure: ``"entropy"`` (von Neumann, nats), ``"swap"`` (SWAP test) or ``"concurrence"``.
        layers: data re-uploading layers ``L >= 1`` (paper App. A: 4).
        feature_layout: ``S001-A01`` (RECONSTRUCTED) feature -> qubit mapping: ``"contiguous"``
            (qubit ``m`` gets ``x[f m : f m + f]``, default) or ``"strided"`` (qubit ``m`` gets
            ``x[m], x[m + n_r], ...``, i.e. ``x.reshape(f, n_r).T``).
        crx_direction: ``S001-A02`` (RECONSTRUCTED): ``"query_to_key"`` (control = query qubit
            ``A_m``, target = key qubit ``B_m``, default) or ``"key_to_query"``.
        share_theta_across_layers: ``S001-A03`` (RECONSTRUCTED): one ``theta`` of shape ``(n_r,)``
            reused in every layer (default ``True``); ``False`` takes ``(layers, n_r)``.
        phi2: ``S001-A04`` (RECONSTRUCTED) IQP angles: ``"product"`` (PennyLane ``IQPEmbedding``:
            ``RZ(x_i)``, ``RZZ(x_i x_j)``, default) or ``"havlicek"`` (``RZ(2 x_i)``,
            ``RZZ(2 (pi - x_i)(pi - x_j))``, the Qiskit ``ZZFeatureMap`` form).
        logit_scale: ``S001-A05`` (RECONSTRUCTED) scaling applied by :func:`logits`:
            ``"inv_sqrt_d"`` (``A / sqrt(d)``, literal Eq. 3, default) or ``"none"``.
        swap_output: ``S001-A10`` (RECONSTRUCTED) SWAP-test logit: ``"p1"`` (``P(1)``, default) or
            ``"fidelity"`` (``1 - 2 P(1) = |<phi(q)|phi(k)>|^2``).
        concurrence_form: ``S001-A11`` (RECONSTRUCTED) ``"one_minus_p0"``:
            ``C_n = 2 sqrt(1 - P(0^n))``; the only option, since the literal formula is degenerate
            (see :func:`concurrence_paper_literal`).
        register_layout: ``S001-A13`` (RECONSTRUCTED): ``"query_first"`` (query register ``A`` =
            qubits ``0..n_r-1``, key ``B`` = ``n_r..2n_r-1``, default) or ``"key_first"``.
        feature_scale: ``S001-A14`` (RECONSTRUCTED): angles are ``feature_scale * x``; default
            ``1.0`` (projected values used directly as radians).
        iqp_entanglers: ``S001-A15`` (RECONSTRUCTED): ``"within_register"`` (RZZ on every pair of
            one register, never across registers, default) or ``"none"`` (no RZZ).
        entropy_subsystem: ``S001-A17`` (RECONSTRUCTED) register whose entropy is the logit:
            ``"query"`` (default) or ``"key"``; equal for pure states (``S001-P03``), different for
            the mixed states of a noisy simulation (:func:`entropy_of_density_matrix`).
        swap_states: ``S001-A18`` (RECONSTRUCTED) states compared by the SWAP test:
            ``"encoding_only"`` (``U(q)|0>`` and ``U(k)|0>``, i.e. the pair circuit without its
            CRX gates, default) or ``"pair_state"`` (the SWAP test run on the entangled pair
            state, ``P(1) = (1 - <Psi|SWAP_AB|Psi>)/2``).
    """

    encoding: Encoding = "dense"
    measure: MeasureName = "entropy"
    layers: int = 4
    feature_layout: FeatureLayout = "contiguous"
    crx_direction: CrxDirection = "query_to_key"
    share_theta_across_layers: bool = True
    phi2: Phi2 = "product"
    logit_scale: LogitScale = "inv_sqrt_d"
    swap_output: SwapOutput = "p1"
    concurrence_form: Literal["one_minus_p0"] = "one_minus_p0"
    register_layout: RegisterLayout = "query_first"
    feature_scale: float = 1.0
    iqp_entanglers: IqpEntanglers = "within_register"
    entropy_subsystem: Subsystem = "query"
    swap_states: SwapStates = "encoding_only"

    def __post_init__(self) -> None:
        _choice("encoding", self.encoding, get_args(Encoding))
        _choice("measure", self.measure, get_args(MeasureName))
        if isinstance(self.layers, bool) or not isinstance(self.layers, int | np.integer):
            raise TypeError(f"layers={self.layers!r} must be an int")
        if self.layers < 1:
            raise ValueError(f"layers={self.layers} must be >= 1")
        _choice("feature_layout", self.feature_layout, get_args(FeatureLayout))
        _choice("crx_direction", self.crx_direction, get_args(CrxDirection))
        if not isinstance(self.share_theta_across_layers, bool):
            raise TypeError(
                f"share_theta_across_layers={self.share_theta_across_layers!r} must be a bool"
            )
        _choice("phi2", self.phi2, get_args(Phi2))
        _choice("logit_scale", self.logit_scale, get_args(LogitScale))
        _choice("swap_output", self.swap_output, get_args(SwapOutput))
        _choice("concurrence_form", self.concurrence_form, ("one_minus_p0",))
        _choice("register_layout", self.register_layout, get_args(RegisterLayout))
        if isinstance(self.feature_scale, bool) or not isinstance(
            self.feature_scale, int | float | np.floating | np.integer
        ):
            raise TypeError(f"feature_scale={self.feature_scale!r} must be a real number")
        if not math.isfinite(self.feature_scale):
            raise ValueError(f"feature_scale={self.feature_scale!r} must be finite")
        _choice("iqp_entanglers", self.iqp_entanglers, get_args(IqpEntanglers))
        _choice("entropy_subsystem", self.entropy_subsystem, get_args(Subsystem))
        _choice("swap_states", self.swap_states, get_args(SwapStates))

    @property
    def features_per_qubit(self) -> int:
        return FEATURES_PER_QUBIT[self.encoding]

    @property
    def is_angle_encoding(self) -> bool:
        """Angle encodings give pair-product states (``S001-P08``), so the fast path applies."""
        return self.encoding in ANGLE_ENCODINGS

    def register_qubits(self, d: int) -> int:
        """``n_r``: qubits per register for feature dimension ``d`` (validated)."""
        f = self.features_per_qubit
        if isinstance(d, bool) or not isinstance(d, int | np.integer) or d < 1 or d % f:
            raise ValueError(
                f"feature dimension d={d!r}: encoding={self.encoding!r} needs a positive "
                f"multiple of {f}"
            )
        return int(d) // f

    def theta_shape(self, n_r: int) -> tuple[int, ...]:
        """``(n_r,)`` when theta is shared across layers (``S001-A03``), else ``(layers, n_r)``."""
        return (n_r,) if self.share_theta_across_layers else (self.layers, n_r)

    def registers(self, n_r: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Qubits of the query and key registers (``S001-A13``)."""
        a = tuple(range(n_r))
        b = tuple(range(n_r, 2 * n_r))
        return (a, b) if self.register_layout == "query_first" else (b, a)


def _config(config: EntanglementConfig | None, options: dict[str, Any]) -> EntanglementConfig:
    if config is None:
        return EntanglementConfig(**options)
    if not isinstance(config, EntanglementConfig):
        raise TypeError(f"config={config!r} must be an EntanglementConfig")
    return replace(config, **options) if options else config


# ---------------------------------------------------------------------------------------------
# input validation


def _features(x: npt.ArrayLike, name: str, *, ndim: int) -> FloatArray:
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real array, got {type(x).__name__}") from None
    if a.ndim != ndim:
        want = "(d,)" if ndim == 1 else "(n, d)"
        raise ValueError(f"{name} has shape {a.shape}; expected {want}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf")
    return a


def _theta(theta: npt.ArrayLike, cfg: EntanglementConfig, n_r: int) -> FloatArray:
    try:
        t = np.asarray(theta, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"theta must be a real array, got {type(theta).__name__}") from None
    want = cfg.theta_shape(n_r)
    if t.shape != want:
        raise ValueError(
            f"theta has shape {t.shape}; expected {want} (n_r={n_r}, layers={cfg.layers}, "
            f"share_theta_across_layers={cfg.share_theta_across_layers})"
        )
    if not np.all(np.isfinite(t)):
        raise ValueError("theta contains NaN or inf")
    return t


def feature_index(cfg: EntanglementConfig, d: int) -> npt.NDArray[np.int64]:
    """``(n_r, f)`` indices: qubit ``m`` of a register gets features ``x[idx[m]]`` (``S001-A01``).

    >>> feature_index(EntanglementConfig(encoding="super_dense"), 8).tolist()
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    >>> cfg = EntanglementConfig(encoding="super_dense", feature_layout="strided")
    >>> feature_index(cfg, 8).tolist()
    [[0, 2, 4, 6], [1, 3, 5, 7]]
    """
    n_r = cfg.register_qubits(d)
    f = cfg.features_per_qubit
    idx = np.arange(d, dtype=np.int64)
    if cfg.feature_layout == "contiguous":
        return idx.reshape(n_r, f)
    return np.ascontiguousarray(idx.reshape(f, n_r).T)


# ---------------------------------------------------------------------------------------------
# circuits


def _sym_theta(cfg: EntanglementConfig, layer: int, m: int) -> str:
    return f"theta_{m}" if cfg.share_theta_across_layers else f"theta_{layer}_{m}"


def _encode_register(
    b: CircuitBuilder,
    cfg: EntanglementConfig,
    qubits: tuple[int, ...],
    prefix: str,
    d: int,
) -> None:
    """Append one layer of the feature map on ``qubits``, angles as symbols ``{prefix}_{i}``."""
    s = cfg.feature_scale
    if cfg.encoding in ANGLE_GATES:
        idx = feature_index(cfg, d)
        gates = ANGLE_GATES[cfg.encoding]
        for m, q in enumerate(qubits):
            for j, g in enumerate(gates):
                b.add(g, q, (s * Param(f"{prefix}_{int(idx[m, j])}"),))
        return
    for q in qubits:
        b.h(q)
    zfac = 2.0 * s if cfg.phi2 == "havlicek" else s
    for i, q in enumerate(qubits):
        b.rz(q, zfac * Param(f"{prefix}_{i}"))
    if cfg.iqp_entanglers == "within_register":
        for i, j in itertools.combinations(range(len(qubits)), 2):
            b.rzz(qubits[i], qubits[j], Param(f"{prefix}{prefix}_{i}_{j}"))


def _crx_wall(
    b: CircuitBuilder, cfg: EntanglementConfig, n_r: int, layer: int, offset: int
) -> None:
    qa, qb = cfg.registers(n_r)
    for m in range(n_r):
        c, t = (qa[m], qb[m]) if cfg.crx_direction == "query_to_key" else (qb[m], qa[m])
        b.crx(c + offset, t + offset, Param(_sym_theta(cfg, layer, m)))


def _shift(qs: tuple[int, ...], offset: int) -> tuple[int, ...]:
    return tuple(q + offset for q in qs)


def pair_template(cfg: EntanglementConfig, d: int, *, pqc: bool = True, offset: int = 0) -> Circuit:
    """The pair circuit with every angle symbolic (``q_i``, ``k_i``, ``theta_m``, IQP ``qq_i_j``).

    ``offset`` shifts every qubit (the SWAP-test circuit puts its ancilla at qubit 0); ``pqc=False``
    drops the CRX gates (the encoding-only states of the SWAP test, ``S001-A18``). Bind it with
    :func:`pair_bindings`.
    """
    n_r = cfg.register_qubits(d)
    qa, qb = cfg.registers(n_r)
    n = 2 * n_r + offset
    b = Circuit.build(n, name=f"entanglement-pair-{cfg.encoding}")
    for layer in range(cfg.layers):
        _encode_register(b, cfg, _shift(qa, offset), "q", d)
        _encode_register(b, cfg, _shift(qb, offset), "k", d)
        if pqc:
            _crx_wall(b, cfg, n_r, layer, offset)
    return b.done()


def _iqp_products(x: FloatArray, cfg: EntanglementConfig) -> dict[tuple[int, int], FloatArray]:
    """RZZ angles of the IQP map for features ``x`` of shape ``(..., d)`` (``S001-A04``)."""
    d = x.shape[-1]
    s = cfg.feature_scale
    out: dict[tuple[int, int], FloatArray] = {}
    for i, j in itertools.combinations(range(d), 2):
        xi, xj = s * x[..., i], s * x[..., j]
        if cfg.phi2 == "havlicek":
            out[(i, j)] = 2.0 * (math.pi - xi) * (math.pi - xj)
        else:
            out[(i, j)] = xi * xj
    return out


def pair_bindings(
    q: FloatArray, k: FloatArray, theta: FloatArray | None, cfg: EntanglementConfig
) -> dict[str, FloatArray]:
    """Symbol values of :func:`pair_template` for features ``q, k`` of shape ``(B, d)``.

    Returns ``symbol -> (B,)`` arrays (theta values broadcast to ``(B,)``).
    """
    bsz, d = q.shape
    vals: dict[str, FloatArray] = {}
    for prefix, x in (("q", q), ("k", k)):
        for i in range(d):
            vals[f"{prefix}_{i}"] = np.ascontiguousarray(x[:, i])
        if cfg.encoding == "iqp" and cfg.iqp_entanglers == "within_register":
            for (i, j), v in _iqp_products(x, cfg).items():
                vals[f"{prefix}{prefix}_{i}_{j}"] = v
    if theta is not None:
        n_r = cfg.register_qubits(d)
        for layer in range(1 if cfg.share_theta_across_layers else cfg.layers):
            for m in range(n_r):
                v = theta[m] if cfg.share_theta_across_layers else theta[layer, m]
                vals[_sym_theta(cfg, layer, m)] = np.full(bsz, float(v))
    return vals


def _scalar_bindings(vals: dict[str, FloatArray]) -> dict[str, float]:
    return {key: float(v[0]) for key, v in vals.items()}


def pair_circuit(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    **options: Any,
) -> Circuit:
    """The pair circuit ``|Psi(q, k)>`` on ``2 n_r`` qubits (spec §3).

    Args:
        q: query features ``(d,)`` (register ``A``, ``S001-A13``).
        k: key features ``(d,)`` (register ``B``).
        theta: CRX angles ``(n_r,)`` (or ``(layers, n_r)`` without sharing, ``S001-A03``);
            ``None`` keeps them symbolic (``theta_0, ...``) for export.
        config: an :class:`EntanglementConfig`; keyword ``options`` (``encoding="dense"``,
            ``layers=4``, ...) override its fields or build one.

    >>> c = pair_circuit([0.1, 0.2], [0.3, 0.4], [0.5], encoding="dense", layers=2)
    >>> c.num_qubits, c.count_ops()
    (2, {'rx': 4, 'ry': 4, 'crx': 2})
    >>> pair_circuit([0.1, 0.2], [0.3, 0.4], None, encoding="dense").parameters
    ('theta_0',)
    """
    cfg = _config(config, options)
    qa = _features(q, "q", ndim=1)
    ka = _features(k, "k", ndim=1)
    if qa.shape != ka.shape:
        raise ValueError(f"q has shape {qa.shape} but k has shape {ka.shape}")
    d = qa.shape[0]
    n_r = cfg.register_qubits(d)
    th = None if theta is None else _theta(theta, cfg, n_r)
    vals = _scalar_bindings(pair_bindings(qa[None], ka[None], th, cfg))
    return pair_template(cfg, d).bind(vals)


def swap_test_circuit(
    q: npt.ArrayLike,
    k: npt.ArrayLike,
    theta: npt.ArrayLike | None = None,
    *,
    config: EntanglementConfig | None = None,
    **options: Any,
) -> Circuit:
    """SWAP test of the query and key states (spec §4.2), ancilla = qubit 0, measured.

    Registers ``A`` and ``B`` are qubits ``1..2 n_r`` (layout ``S001-A13`` shifted by one). With
    ``swap_states="encoding_only"`` (``S001-A18``, default) they hold ``U(q)|0>`` and ``U(k)|0>``
    (the pair circuit without its CRX gates; ``theta`` is then not used); with ``"pair_state"``
    they hold ``|Psi(q, k)>``. ``P(ancilla = 1) = (1 - Re <psi|SWAP_AB|psi>) / 2``.

    >>> c = swap_test_circuit([0.1, 0.2], [0.3, 0.4], encoding="dense", layers=1)
    >>> c.num_qubits, c.measured_qubits
    (3, (0,))
    """
    cfg = _config(config, options)
    qa = _features(q, "q", ndim=1)
    ka = _features(k, "k", ndim=1)
    if qa.shape != ka.shape:
        raise ValueError(f"q has shape {qa.shape} but k has shape {ka.shape}")
    d = qa.shape[0]
    n_r = cfg.register_qubits(d)
    pqc = cfg.swap_states == "pair_state"
    th = None if (theta is None or not pqc) else _theta(theta, cfg, n_r)
    vals = _scalar_bindings(pair_bindings(qa[None], ka[None], th, cfg))
    return _swap_template(cfg, d).bind(vals, strict=False)


def _swap_template(cfg: EntanglementConfig, d: int) -> Circuit:
    n_r = cfg.register_qubits(d)
    pqc = cfg.swap_states == "pair_state"
    body = pair_template(cfg, d, pqc=pqc, offset=1)
    b = Circuit.build(2 * n_r + 1, name=f"entanglement-swap-test-{cfg.encoding}")
    b.ops.extend(body.ops)
    qa, qb = cfg.registers(n_r)
    b.h(0)
    for m in range(n_r):
        b.cswap(0, qa[m] + 1, qb[m] + 1)
    b.h(0)
    b.measure([0])
    return b.done()


def cswap_concurrence_circuit(num_qubits: int, *, prep: Circuit | None = None) -> Circuit:
    """Controlled-SWAP test of two copies of an ``n``-qubit state (Foulds, Kendon & Spiller 2021).

    Layout on ``3 n`` qubits: controls ``c_i`` = qubits ``0..n-1``, copy 1 = ``n..2n-1``, copy 2 =
    ``2n..3n-1``. ``prep`` (an ``n``-qubit circuit, optional) prepares the state on both copies;
    without it pass the two-copy state as ``initial`` to the simulator. Then ``H`` on every
    control, ``CSWAP(c_i; copy1_i, copy2_i)``, ``H`` again, and the controls are measured. The
    outcome distribution is ``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2``
    (``S001-P12``) and ``C_n = 2 sqrt(1 - P(0^n))`` (``S001-P13``).

    >>> cswap_concurrence_circuit(2).count_ops()
    {'h': 4, 'cswap': 2, 'measure': 1}
    """
    if isinstance(num_qubits, bool) or not isinstance(num_qubits, int) or num_qubits < 1:
        raise ValueError(f"num_qubits={num_qubits!r} must be an int >= 1")
    n = num_qubits
    if prep is not None and prep.num_qubits != n:
        raise ValueError(f"prep has {prep.num_qubits} qubits; expected num_qubits={n}")
    b = Circuit.build(3 * n, name="entanglement-cswap-concurrence")
    if prep is not None:
        for off in (n, 2 * n):
            for op in prep.gate_ops:
                b.add(op.gate, [q + off for q in op.qubits], op.params)
    for c in range(n):
        b.h(c)
    for c in range(n):
        b.cswap(c, n + c, 2 * n + c)
    for c in range(n):
        b.h(c)
    b.measure(list(range(n)))
    return b.done()


# ---------------------------------------------------------------------------------------------
# measures on states


def _states(state: npt.ArrayLike, what: str = "states") -> tuple[ComplexArray, int]:
    psi = np.asarray(state, dtype=np.complex128)
    if psi.ndim == 1:
        psi = psi[None]
    if psi.ndim != 2:
        raise ValueError(f"{what} has shape {psi.shape}; expected (2**n,) or (B, 2**n)")
    dim = psi.shape[1]
    if dim < 2 or dim & (dim - 1):
        raise ValueError(f"{what} has length {dim}, not a power of two >= 2")
    if not np.all(np.isfinite(psi)):
        raise ValueError(f"{what} contains NaN or inf")
    return psi, dim.bit_length() - 1


def cswap_probabilities(states: npt.ArrayLike, *, chunk: int = 64) -> FloatArray:
    """Control-register distribution of the controlled-SWAP test, by simulating its circuit.

    ``states``: ``(B, 2**n)`` (or ``(2**n,)``) pure states with ``n <= MAX_CSWAP_QUBITS``; the
    ``3n``-qubit circuit of :func:`cswap_concurrence_circuit` runs on ``|0^n> (x) psi (x) psi``.
    Returns ``(B, 2**n)`` probabilities of the control outcomes ``z`` (control 0 = most
    significant bit of the index).
    """
    psi, n = _states(states)
    if n > MAX_CSWAP_QUBITS:
        raise ValueError(
            f"states have n={n} qubits; the c-SWAP circuit (3n qubits) is simulated only for "
            f"n <= {MAX_CSWAP_QUBITS}: use concurrence_purity for larger states"
        )
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValueError(f"chunk={chunk!r} must be an int >= 1")
    circ = cswap_concurrence_circuit(n)
    out = np.empty((psi.shape[0], 1 << n))
    for lo in range(0, psi.shape[0], chunk):
        p = psi[lo : lo + chunk]
        two = (p[:, :, None] * p[:, None, :]).reshape(p.shape[0], -1)  # psi (x) psi
        init = np.zeros((p.shape[0], 1 << (3 * n)), dtype=np.complex128)
        init[:, : 1 << (2 * n)] = two  # controls |0^n> (most significant qubits)
        final = sim.statevector(circ, initial=init)
        out[lo : lo + chunk] = np.sum(np.abs(final.reshape(p.shape[0], 1 << n, -1)) ** 2, axis=2)
    return out


def _popcount(x: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    c = np.zeros_like(x)
    y = x.copy()
    while np.any(y):
        c += y & 1
        y >>= 1
    return c


def cswap_probabilities_purity(states: npt.ArrayLike) -> FloatArray:
    """``P(z) = 2^-n sum_alpha (-1)^{|z & alpha|} Tr rho_alpha^2`` from subsystem purities.

    The closed form of the c-SWAP test distribution (``S001-P12``), same indexing as
    :func:`cswap_probabilities` (control ``i`` <-> qubit ``i`` <-> bit ``n-1-i`` of ``z``).
    """
    psi, n = _states(states)
    pur = qi.all_subsystem_purities(psi)  # (B, 2**n), bit q of the mask = qubit q
    masks = np.arange(1 << n, dtype=np.int64)
    # z index: qubit i is bit n-1-i; reverse the bits of z to compare with the purity masks
    zq = np.zeros_like(masks)
    for i in range(n):
        zq |= ((masks >> (n - 1 - i)) & 1) << i
    sign = 1.0 - 2.0 * (_popcount(zq[:, None] & masks[None, :]) & 1)
    return np.asarray(pur @ sign.T / float(1 << n), dtype=np.float64)


def concurrence_from_p0(p0: npt.ArrayLike) -> FloatArray:
    """``C_n = 2 sqrt(1 - P(0^n))`` (``S001-A11``, ``S001-P13``), clipped at 0 for round-off."""
    p = np.asarray(p0, dtype=np.float64)
    return np.asarray(2.0 * np.sqrt(np.clip(1.0 - p, 0.0, None)), dtype=np.float64)


def concurrence_purity(states: npt.ArrayLike) -> FloatArray:
    """``C_n`` of pure states ``(B, 2**n)`` by ``P(0^n) = 2^-n sum_alpha Tr rho_alpha^2``."""
    psi, _ = _states(states)
    return concurrence_from_p0(np.mean(qi.all_subsystem_purities(psi), axis=1))


def concurrence_cswap(states: npt.ArrayLike) -> FloatArray:
    """``C_n`` read off the simulated controlled-SWAP circuit: ``2 sqrt(1 - P(0^n))``."""
    return concurrence_from_p0(cswap_probabilities(states)[:, 0])


def concurrence_paper_literal(control_probs: npt.ArrayLike) -> FloatArray:
    """The paper's formula read literally: ``2 sqrt(P(even number of 1s, including 0^n))``.

    **Refuted** (``S001-P14``): on pure states odd-parity outcomes never occur
    (``S001-P12``), so this is identically 2. Kept only to record the refutation; use
    :func:`concurrence_from_p0`.

    ``control_probs``: ``(..., 2**n)`` distribution of the control register.
    """
    p = np.asarray(control_probs, dtype=np.float64)
    n = p.shape[-1].bit_length() - 1
    even = (_popcount(np.arange(1 << n, dtype=np.int64)) % 2) == 0
    return np.asarray(2.0 * np.sqrt(np.sum(p[..., even], axis=-1)), dtype=np.float64)


def entropy_of_density_matrix(
    rho: npt.ArrayLike, *, n_r: int, config: EntanglementConfig | None = None
) -> FloatArray:
    """Von Neumann entropy (nats) of one register of a (possibly mixed) pair density matrix.

    ``rho``: ``(4**n_r, 4**n_r)`` or ``(B, ...)``. The register is ``config.entropy_subsystem``
    (``S001-A17``: the query register by default). For a mixed state ``S(rho_A) != S(rho_B)`` in
    general and neither is an entanglement measure (spec §4.1).
    """
    cfg = config or EntanglementConfig()
    qa, qb = cfg.registers(n_r)
    keep = qa if cfg.entropy_subsystem == "query" else qb
    return qi.von_neumann_entropy(qi.partial_trace(rho, list(keep)))


# ---------------------------------------------------------------------------------------------
# fast path: product of 2-qubit pair states (S001-P08)


def _rot(gate: str, t: FloatArray) -> ComplexArray:
    """``(…, 2, 2)`` rotation matrices ``exp(-i t P / 2)`` for an array of angles ``t``."""
    c = np.cos(t / 2)
    s = np.sin(t / 2)
    out = np.empty((*t.shape, 2, 2), dtype=np.complex128)
    if gate == "rx":
        out[..., 0, 0] = c
        out[..., 0, 1] = -1j * s
        out[..., 1, 0] = -1j * s
        out[..., 1, 1] = c
    else:  # ry
        out[..., 0, 0] = c
        out[..., 0, 1] = -s
        out[..., 1, 0] = s
        out[..., 1, 1] = c
    return out


def qubit_unitaries(x: FloatArray, cfg: EntanglementConfig) -> ComplexArray:
    """One layer of an angle encoding as per-qubit unitaries: ``(n, d)`` -> ``(n, n_r, 2, 2)``."""
    idx = feature_index(cfg, x.shape[-1])
    ang = cfg.feature_scale * x[:, idx]  # (n, n_r, f)
    gates = ANGLE_GATES[cfg.encoding]
    u = _rot(gates[0], ang[..., 0])
    for j in range(1, len(gates)):
        u = _rot(gates[j], ang[..., j]) @ u
    return u


PATH_SUM_MAX_LAYERS: Final[int] = 10
"""Up to this many layers the fast path sums over the ``2**L`` CRX branches with matrix products;
beyond it, it iterates the layers on every pair (same result, more elementwise work)."""


def _validate_fast(
    Q: npt.ArrayLike, K: npt.ArrayLike, theta: npt.ArrayLike | None, cfg: EntanglementConfig
) -> tuple[FloatArray, FloatArray, FloatArray]:
    if not cfg.is_angle_encoding:
        raise ValueError(
            f"encoding={cfg.encoding!r}: the pair-product fast path needs an angle encoding "
            f"({sorted(ANGLE_ENCODINGS)}); IQP entangles qubits inside a register"
        )
    Qa = _features(Q, "Q", ndim=2)
    Ka = _features(K, "K", ndim=2)
    if Qa.shape[1] != Ka.shape[1]:
        raise ValueError(f"Q has d={Qa.shape[1]} features but K has d={Ka.shape[1]}")
    n_r = cfg.register_qubits(Qa.shape[1])
    th = np.zeros(cfg.theta_shape(n_r)) if theta is None else _theta(theta, cfg, n_r)
    return Qa, Ka, th


def _layer_rx(th: FloatArray, cfg: EntanglementConfig) -> list[ComplexArray]:
    """CRX target matrices ``RX(theta_r)`` of every layer, each ``(n_r, 2, 2)``."""
    if cfg.share_theta_across_layers:
        return [_rot("rx", th)] * cfg.layers
    return [_rot("rx", th[layer]) for layer in range(cfg.layers)]


def _mul2(u: ComplexArray, v: ComplexArray) -> ComplexArray:
    """``u @ v`` for stacks of 2x2 matrices ``u (..., 2, 2)`` and ``v (..., 2, P)``, written out
    (faster than ``matmul``/``einsum`` calls for these tiny shapes)."""
    v0, v1 = v[..., 0, :], v[..., 1, :]
    return np.stack(
        [
            u[..., 0, 0, None] * v0 + u[..., 0, 1, None] * v1,
            u[..., 1, 0, None] * v0 + u[..., 1, 1, None] * v1,
        ],
        axis=-2,
    )


def _blocks_path_sum(
    ua: ComplexArray, ub: ComplexArray, rxs: list[ComplexArray]
) -> tuple[FloatArray, FloatArray]:
    """Pair factors ``V[x, y]`` of shape ``(2, 2, n_r, n, m)`` when the ``a`` side controls.

    One layer maps ``V -> P0 (ua V ub^T) + P1 (ua V ub^T) R^T`` (``P_x`` the row projectors). From
    ``V_0 = e0 e0^T`` every term stays rank one, so ``V_L = sum_s alpha_s(a) e_{s_L} b_s(b)^T`` over
    the ``2**L`` branches ``s`` (which side of each CRX control), with the scalar
    ``alpha_s = prod_l ua[s_l, s_{l-1}]`` and ``b_s = R^{s_L} ub ... R^{s_1} ub e0``. The sum over
    branches is a batched real matrix product over ``n_r`` (inner dimension ``2**L``: the real
    form ``[Re a, Im a] @ [[Re b, Im b], [-Im b, Re b]]`` of the complex product).
    """
    alpha = ua[..., :, 0]  # (n, n_r, P=2): branch s_1 = x has weight ua[x, 0]
    b0 = ub[..., :, 0]  # (m, n_r, 2)
    beta = np.stack([b0, _mul2(rxs[0], b0[..., None])[..., 0]], axis=-1)  # (m, n_r, 2, P)
    for rx in rxs[1:]:
        # branch index p -> 2 p + x; its last control value is x (the lowest bit)
        g = ua[..., :, np.arange(alpha.shape[-1]) % 2]  # (n, n_r, 2, P): ua[x, last(p)]
        alpha = (alpha[..., :, None] * np.swapaxes(g, -1, -2)).reshape(*alpha.shape[:2], -1)
        w = _mul2(ub, beta)  # ub b_s
        beta = np.stack([w, _mul2(rx, w)], axis=-1).reshape(*w.shape[:3], -1)
    n, n_r, m = ua.shape[0], ua.shape[1], ub.shape[0]
    buf = np.empty((2, n_r, n, 4 * m))
    for x in (0, 1):
        ax = np.transpose(alpha[..., x::2], (1, 0, 2))  # (n_r, n, h): branches ending in x
        left = np.ascontiguousarray(np.concatenate([ax.real, ax.imag], axis=-1))  # (n_r, n, 2h)
        bx = np.transpose(beta[..., x::2], (1, 3, 2, 0)).reshape(n_r, -1, 2 * m)  # (n_r, h, 2m)
        right = np.ascontiguousarray(
            np.concatenate(
                [
                    np.concatenate([bx.real, bx.imag], axis=-1),
                    np.concatenate([-bx.imag, bx.real], axis=-1),
                ],
                axis=1,
            )
        )  # (n_r, 2h, 4m): real form of the complex product
        # buf[x] = [Re V[x, 0], Re V[x, 1], Im V[x, 0], Im V[x, 1]] along the last axis
        np.matmul(left, right, out=buf[x])
    v = buf.reshape(2, n_r, n, 2, 2, m)  # (x, r, i, re/im, y, j)
    return np.moveaxis(v[:, :, :, 0], 3, 1), np.moveaxis(v[:, :, :, 1], 3, 1)


def _blocks_iterative(
    ua: ComplexArray, ub: ComplexArray, rxs: list[ComplexArray]
) -> tuple[FloatArray, FloatArray]:
    """Same as :func:`_blocks_path_sum` by iterating the layers on every pair (batched 2x2)."""
    v = np.zeros((ua.shape[0], ub.shape[0], ua.shape[1], 2, 2), dtype=np.complex128)
    v[..., 0, 0] = 1.0
    uat = ua[:, None]
    ubt = np.swapaxes(ub, -1, -2)[None]
    for rx in rxs:
        v = uat @ v @ ubt
        v[..., 1, :] = np.einsum("rab,...rb->...ra", rx, v[..., 1, :])
    t = np.transpose(v, (3, 4, 2, 0, 1))
    return np.ascontiguousarray(t.real), np.ascontiguousarray(t.imag)


def _pair_blocks(
    Qa: FloatArray,
    Ka: FloatArray,
    th: FloatArray,
    cfg: EntanglementConfig,
    *,
    method: Literal["auto", "path_sum", "iterative"] = "auto",
) -> tuple[FloatArray, FloatArray]:
    """Real and imaginary ``V[x, y]`` blocks ``(2, 2, n_r, n, m)``: ``x`` indexes ``A_r``
    (query), ``y`` indexes ``B_r`` (key)."""
    rxs = _layer_rx(th, cfg)
    uq = qubit_unitaries(Qa, cfg)
    uk = qubit_unitaries(Ka, cfg)
    if method == "auto":
        method = "path_sum" if cfg.layers <= PATH_SUM_MAX_LAYERS else "iterative"
    fn = _blocks_path_sum if method == "path_sum" else _blocks_iterative
    if cfg.crx_direction == "query_to_key":
        return fn(uq, uk, rxs)
    # key controls: the same recursion with the roles of query and key exchanged, transposed
    re, im = fn(uk, uq, rxs)
    return np.transpose(re, (1, 0, 2, 4, 3)), np.transpose(im, (1, 0, 2, 4, 3))


def pair_states_fast(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    pqc: bool = True,
    method: Literal["auto", "path_sum", "iterative"] = "auto",
    **options: Any,
) -> ComplexArray:
    """Pair states of the angle encodings as ``n_r`` independent two-qubit states (``S001-P08``).

    Returns ``V`` of shape ``(n, m, n_r, 2, 2)``: ``V[i, j, r, a, b]`` is the amplitude of
    ``|a>_{A_r} |b>_{B_r}`` in the ``r``-th pair factor of ``|Psi(Q_i, K_j)>``. Each layer maps
    ``V -> CRX(theta_r) . (u_q V u_k^T)``; the CRX acts on row 1 when the query qubit controls
    (``S001-A02``), on column 1 otherwise. Computed by a sum over the ``2**L`` CRX branches as
    batched matrix products (:func:`_blocks_path_sum`); ``method="iterative"`` applies the
    layers one by one instead (used beyond ``PATH_SUM_MAX_LAYERS`` and to test the path sum).
    ``pqc=False`` (or ``theta=None``) drops the CRX (encoding-only states, ``S001-A18``).
    """
    cfg = _config(config, options)
    Qa, Ka, th = _validate_fast(Q, K, theta if pqc else None, cfg)
    _choice("method", method, ("auto", "path_sum", "iterative"))
    re, im = _pair_blocks(Qa, Ka, th, cfg, method=method)
    return np.ascontiguousarray(np.transpose(re + 1j * im, (3, 4, 2, 0, 1)))


def pair_state_vector(v: ComplexArray, cfg: EntanglementConfig) -> ComplexArray:
    """Full ``(..., 4**n_r)`` statevector of pair factors ``(..., n_r, 2, 2)`` (for testing).

    Qubit order follows the register layout (``S001-A13``): ``A_r`` and ``B_r`` land on the qubits
    of :meth:`EntanglementConfig.registers`.
    """
    n_r = v.shape[-3]
    lead = v.shape[:-3]
    psi = v[..., 0, :, :]
    for r in range(1, n_r):
        vr = v[..., r, :, :]
        psi = psi[..., :, None, :, None] * vr[..., None, :, None, :]
        psi = psi.reshape(*lead, 1 << (r + 1), 1 << (r + 1))
    # psi[..., a, b] with a = bits of A_0..A_{n_r-1}, b = bits of B_0..
    qa, _ = cfg.registers(n_r)
    if qa[0] != 0:
        psi = np.swapaxes(psi, -1, -2)
    return np.asarray(psi.reshape(*lead, -1), dtype=np.complex128)


def _pair_entropy_from_det(c2: FloatArray) -> FloatArray:
    """Entropy (nats) of a 2-qubit pure state's 1-qubit marginal from ``c^2 = |det V|^2``.

    Eigenvalues ``l+ = (1 + sqrt(1 - 4 c^2)) / 2`` and ``l- = c^2 / l+`` (no cancellation),
    ``S = -(1 - l-) log1p(-l-) - l- ln l-``; the zero cut-off of
    :data:`reference.quantum_info.ZERO_PROB` is applied as in the general path.
    """
    c2 = np.clip(c2, 0.0, 0.25)
    t = 1.0 - 4.0 * c2
    np.sqrt(t, out=t)
    t += 1.0
    t *= 0.5  # l+ = (1 + sqrt(1 - 4 c^2)) / 2
    lm = np.divide(c2, t, out=t)  # l- = c^2 / l+ (no cancellation); l+ = 1 - l-
    keep = lm > qi.ZERO_PROB
    lm *= keep
    logm = np.log(lm, out=np.zeros_like(lm), where=keep)
    s = np.log1p(-lm)
    s *= lm - 1.0
    s -= lm * logm
    return np.asarray(np.maximum(s, 0.0, out=s), dtype=np.float64)


def scores_fast(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    **options: Any,
) -> FloatArray:
    """Attention scores ``(n, m)`` of the angle encodings from the pair-product structure.

    * entropy: ``S_A = sum_r S(rho_{A_r})`` (``S001-P08``), each from ``|det V_r|``;
    * concurrence: ``C_n = 2 sqrt(1 - prod_r (1 + Tr rho_{A_r}^2) / 2)`` (``S001-P15``) with
      ``Tr rho_{A_r}^2 = 1 - 2 |det V_r|^2``;
    * SWAP test: ``|<phi(q)|phi(k)>|^2 = prod_r |<a_r|b_r>|^2`` for encoding-only states, and
      ``<Psi|SWAP|Psi> = prod_r sum_ab conj(V_ab) V_ba`` for ``swap_states="pair_state"``.

    Equal to the general simulation (:func:`scores_general`) up to round-off (property in
    ``properties/entanglement/test_laws.py``).
    """
    cfg = _config(config, options)
    if cfg.measure == "swap":
        return _swap_fast(Q, K, theta, cfg)
    if theta is None:
        raise ValueError("theta=None: the entropy and concurrence measures need CRX angles")
    Qa, Ka, th = _validate_fast(Q, K, theta, cfg)
    re, im = _pair_blocks(Qa, Ka, th, cfg)  # (2, 2, n_r, n, m) each
    det_re = re[0, 0] * re[1, 1] - im[0, 0] * im[1, 1] - re[0, 1] * re[1, 0] + im[0, 1] * im[1, 0]
    det_im = re[0, 0] * im[1, 1] + im[0, 0] * re[1, 1] - re[0, 1] * im[1, 0] - im[0, 1] * re[1, 0]
    c2 = det_re * det_re + det_im * det_im  # |det V_r|^2, (n_r, n, m)
    if cfg.measure == "entropy":
        return np.asarray(np.sum(_pair_entropy_from_det(c2), axis=0), dtype=np.float64)
    p0 = np.prod(1.0 - np.clip(c2, 0.0, 0.25), axis=0)  # prod (1 + (1 - 2 c^2)) / 2
    return concurrence_from_p0(p0)


def _swap_from_overlap(ov: FloatArray, cfg: EntanglementConfig) -> FloatArray:
    ov = np.clip(ov, -1.0, 1.0)
    if cfg.swap_output == "fidelity":
        return np.asarray(ov, dtype=np.float64)
    return np.asarray(0.5 * (1.0 - ov), dtype=np.float64)


def _swap_fast(
    Q: npt.ArrayLike, K: npt.ArrayLike, theta: npt.ArrayLike | None, cfg: EntanglementConfig
) -> FloatArray:
    if cfg.swap_states == "pair_state":
        if theta is None:
            raise ValueError("theta=None: swap_states='pair_state' needs CRX angles")
        v = pair_states_fast(Q, K, theta, config=cfg)
        ov = np.real(np.einsum("...rab,...rba->...r", np.conj(v), v))
        return _swap_from_overlap(np.prod(ov, axis=-1), cfg)
    if not cfg.is_angle_encoding:
        raise ValueError(f"encoding={cfg.encoding!r}: the fast path needs an angle encoding")
    Qa = _features(Q, "Q", ndim=2)
    Ka = _features(K, "K", ndim=2)
    if Qa.shape[1] != Ka.shape[1]:
        raise ValueError(f"Q has d={Qa.shape[1]} features but K has d={Ka.shape[1]}")

    def one_qubit_states(x: FloatArray) -> ComplexArray:
        u = qubit_unitaries(x, cfg)  # (n, n_r, 2, 2)
        s = u[..., :, 0]
        for _ in range(cfg.layers - 1):
            s = np.einsum("...ab,...b->...a", u, s)
        return s  # (n, n_r, 2)

    a = one_qubit_states(Qa)
    b = one_qubit_states(Ka)
    ov = np.abs(np.einsum("irc,jrc->ijr", np.conj(a), b)) ** 2
    return _swap_from_overlap(np.prod(ov, axis=-1), cfg)


# ---------------------------------------------------------------------------------------------
# general path: batched simulation of the circuits


def _pair_grid(Qa: FloatArray, Ka: FloatArray, lo: int, hi: int) -> tuple[FloatArray, FloatArray]:
    m = Ka.shape[0]
    flat = np.arange(lo, hi)
    return Qa[flat // m], Ka[flat % m]


def _chunks(total: int, per_item_bytes: int, chunk_bytes: int) -> Iterator[tuple[int, int]]:
    step = max(1, chunk_bytes // max(1, per_item_bytes))
    for lo in range(0, total, step):
        yield lo, min(total, lo + step)


def pair_states_general(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike,
    *,
    config: EntanglementConfig | None = None,
    **options: Any,
) -> ComplexArray:
    """Statevectors ``(n * m, 4**n_r)`` of every pair circuit (row ``i * m + j`` is ``(Q_i, K_j)``),
    from one batched simulation of the symbolic :func:`pair_template`."""
    cfg = _config(config, options)
    Qa, Ka, th = _validate_pairs(Q, K, theta, cfg)
    tmpl = pair_template(cfg, Qa.shape[1])
    qs, ks = _pair_grid(Qa, Ka, 0, Qa.shape[0] * Ka.shape[0])
    return sim.statevector(tmpl, bindings=pair_bindings(qs, ks, th, cfg))


def _validate_pairs(
    Q: npt.ArrayLike, K: npt.ArrayLike, theta: npt.ArrayLike | None, cfg: EntanglementConfig
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    Qa = _features(Q, "Q", ndim=2)
    Ka = _features(K, "K", ndim=2)
    if Qa.shape[1] != Ka.shape[1]:
        raise ValueError(f"Q has d={Qa.shape[1]} features but K has d={Ka.shape[1]}")
    n_r = cfg.register_qubits(Qa.shape[1])
    if 2 * n_r > MAX_PAIR_QUBITS:
        raise ValueError(
            f"d={Qa.shape[1]} gives a {2 * n_r}-qubit pair state; at most {MAX_PAIR_QUBITS}"
        )
    needs_theta = cfg.measure != "swap" or cfg.swap_states == "pair_state"
    if theta is None:
        if needs_theta:
            raise ValueError(f"theta=None: measure={cfg.measure!r} needs CRX angles")
        return Qa, Ka, None
    return Qa, Ka, _theta(theta, cfg, n_r)


def scores_general(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    chunk_bytes: int = DEFAULT_CHUNK_BYTES,
    **options: Any,
) -> FloatArray:
    """Attention scores ``(n, m)`` by simulating every pair circuit (any encoding).

    One symbolic circuit (:func:`pair_template`, or the SWAP-test circuit) is simulated for all
    ``n * m`` pairs at once with ``(B,)`` bindings, in chunks of at most ``chunk_bytes`` of
    statevectors. Entropies come from batched Schmidt decompositions, concurrences from the
    subsystem purities of the pair state (``P(0^n) = 2^-n sum_alpha Tr rho_alpha^2``), SWAP-test
    probabilities from the ancilla marginal of the simulated SWAP-test circuit.
    """
    cfg = _config(config, options)
    Qa, Ka, th = _validate_pairs(Q, K, theta, cfg)
    n, m = Qa.shape[0], Ka.shape[0]
    d = Qa.shape[1]
    n_r = cfg.register_qubits(d)
    tmpl = _swap_template(cfg, d) if cfg.measure == "swap" else pair_template(cfg, d)
    nq = tmpl.num_qubits
    out = np.empty(n * m)
    qa, qb = cfg.registers(n_r)
    sub = list(qa if cfg.entropy_subsystem == "query" else qb)
    for lo, hi in _chunks(n * m, 16 << nq, chunk_bytes):
        qs, ks = _pair_grid(Qa, Ka, lo, hi)
        vals = pair_bindings(qs, ks, th, cfg)
        psi = sim.statevector(tmpl, bindings=vals)
        if cfg.measure == "entropy":
            out[lo:hi] = qi.entanglement_entropy(psi, sub)
        elif cfg.measure == "concurrence":
            out[lo:hi] = concurrence_purity(psi)
        else:
            p1 = np.sum(np.abs(psi[:, 1 << (nq - 1) :]) ** 2, axis=1)
            out[lo:hi] = 1.0 - 2.0 * p1 if cfg.swap_output == "fidelity" else p1
    return out.reshape(n, m)


def fast_path_applies(config: EntanglementConfig) -> bool:
    """Whether :func:`scores_fast` applies: angle encodings (pair-product states, ``S001-P08``)."""
    return config.is_angle_encoding


def scores(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    encoding: Encoding = "dense",
    measure: MeasureName = "entropy",
    layers: int = 4,
    path: PathName = "auto",
    config: EntanglementConfig | None = None,
    **options: Any,
) -> FloatArray:
    """Entanglement-based attention scores ``A[i, j] = ME(|Psi(Q_i, K_j)>)`` (paper Eq. 4).

    Args:
        Q: queries ``(n, d)``; K: keys ``(m, d)``; ``d`` a multiple of the features per qubit
            (4 super-dense, 2 dense, 1 IQP).
        theta: CRX angles ``(n_r,)`` (``(layers, n_r)`` without sharing, ``S001-A03``); may be
            ``None`` for the encoding-only SWAP test.
        encoding, measure, layers: see :class:`EntanglementConfig`.
        path: ``"auto"`` (the fast pair-product path when it applies, ``S001-P08``), ``"general"``
            (batched simulation of every pair circuit) or ``"fast"`` (error if it does not apply).
        config: a full :class:`EntanglementConfig`; then ``encoding``/``measure``/``layers`` must
            be left at their defaults and ``options`` override its fields.
        options: any other field of :class:`EntanglementConfig`.

    Returns:
        ``(n, m)`` scores: entropies in nats, SWAP-test ``P(1)`` (or fidelity), or ``C_n``. Not
        symmetric in general (``S001-P09``).
    """
    _choice("path", path, get_args(PathName))
    if config is None:
        cfg = EntanglementConfig(encoding=encoding, measure=measure, layers=layers, **options)
    else:
        if (encoding, measure, layers) != ("dense", "entropy", 4):
            raise ValueError(
                "config: pass encoding/measure/layers inside config (or as options), not both"
            )
        cfg = _config(config, options)
    if path == "fast" and not fast_path_applies(cfg):
        raise ValueError(
            f"path='fast' does not apply to encoding={cfg.encoding!r} (angle encodings only)"
        )
    if path == "general" or not fast_path_applies(cfg):
        return scores_general(Q, K, theta, config=cfg)
    Qa, Ka, th = _validate_pairs(Q, K, theta, cfg)
    return scores_fast(Qa, Ka, th, config=cfg)


def logits(A: npt.ArrayLike, *, d: int, config: EntanglementConfig | None = None) -> FloatArray:
    """Attention logits from scores ``A`` (``(n, m)``): ``A / sqrt(d)`` (``S001-A05``, literal
    Eq. 3, ``logit_scale="inv_sqrt_d"``) or ``A`` unchanged (``logit_scale="none"``)."""
    cfg = config or EntanglementConfig()
    a = np.asarray(A, dtype=np.float64)
    if isinstance(d, bool) or not isinstance(d, int | np.integer) or d < 1:
        raise ValueError(f"d={d!r} must be an int >= 1")
    if not np.all(np.isfinite(a)):
        raise ValueError("A contains NaN or inf")
    return a / math.sqrt(d) if cfg.logit_scale == "inv_sqrt_d" else a


# ---------------------------------------------------------------------------------------------
# registry

_EXAMPLE_FEATURES: Final[dict[str, tuple[list[float], list[float]]]] = {
    "super_dense": (
        [0.3, -0.7, 1.1, 0.2, -0.4, 0.9, 0.5, -1.2],
        [0.8, 0.1, -0.6, 1.3, 0.2, -0.9, 0.7, 0.4],
    ),
    "dense": ([0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3]),
    "iqp": ([0.3, -0.7, 1.1], [0.8, 0.1, -0.6]),
}


def _example_pair(encoding: str) -> Circuit:
    q, k = _EXAMPLE_FEATURES[encoding]
    return pair_circuit(q, k, None, encoding=encoding, layers=2)


def _example_cswap() -> Circuit:
    prep = pair_circuit(
        [0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3], None, encoding="super_dense", layers=1
    )
    return cswap_concurrence_circuit(2, prep=prep)


MECHANISM = Mechanism(
    name="entanglement",
    module=__name__,
    summary="Entanglement-based attention scores (seed 001): QFM + CRX PQC with data "
    "re-uploading; entanglement entropy, SWAP test, c-SWAP concurrence.",
    circuits=(
        *(
            CircuitExample(
                name=f"entanglement-pair-{enc.replace('_', '-')}",
                build=functools.partial(_example_pair, enc),
                description=f"{enc} pair circuit, 2 re-uploading layers, CRX angles symbolic "
                "(theta_0..), fixed example features",
            )
            for enc in ("super_dense", "dense", "iqp")
        ),
        CircuitExample(
            name="entanglement-swap-test",
            build=lambda: swap_test_circuit(
                *_EXAMPLE_FEATURES["dense"], encoding="dense", layers=2
            ),
            description="SWAP test of the dense-encoded query and key states (ancilla qubit 0)",
        ),
        CircuitExample(
            name="entanglement-cswap-concurrence",
            build=_example_cswap,
            description="controlled-SWAP concurrence test of a 2-qubit super-dense pair state "
            "(6 qubits, controls 0-1 measured), CRX angle symbolic",
        ),
    ),
)

__all__ = [
    "ANGLE_ENCODINGS",
    "FEATURES_PER_QUBIT",
    "MECHANISM",
    "EntanglementConfig",
    "concurrence_cswap",
    "concurrence_from_p0",
    "concurrence_paper_literal",
    "concurrence_purity",
    "cswap_concurrence_circuit",
    "cswap_probabilities",
    "cswap_probabilities_purity",
    "entropy_of_density_matrix",
    "fast_path_applies",
    "feature_index",
    "logits",
    "pair_bindings",
    "pair_circuit",
    "pair_state_vector",
    "pair_states_fast",
    "pair_states_general",
    "pair_template",
    "qubit_unitaries",
    "scores",
    "scores_fast",
    "scores_general",
    "swap_test_circuit",
]
