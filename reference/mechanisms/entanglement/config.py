"""Options and input validation of entanglement-based attention (seed 001, spec §2-§4).

:class:`EntanglementConfig` holds every hyper-parameter, each RECONSTRUCTED choice with its
``S001-A..`` id; :func:`validate_inputs` is the one boundary check (built on
:mod:`reference._validate`); :func:`feature_index` maps features to qubits (``S001-A01``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, get_args

import numpy as np
import numpy.typing as npt

from reference._types import FloatArray
from reference._validate import choice, finite_scalar, integer, real_array

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

DEFAULT_CHUNK_BYTES: Final[int] = 4 * 2**20
"""Memory budget of one simulated chunk of pair states (the batch is split to stay below it).
4 MiB keeps a chunk near the L2/L3 cache; measured 1.5-3x faster than 256 MiB chunks."""


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
        choice("encoding", self.encoding, get_args(Encoding))
        choice("measure", self.measure, get_args(MeasureName))
        integer("layers", self.layers, lo=1)
        choice("feature_layout", self.feature_layout, get_args(FeatureLayout))
        choice("crx_direction", self.crx_direction, get_args(CrxDirection))
        if not isinstance(self.share_theta_across_layers, bool):
            raise TypeError(
                f"share_theta_across_layers={self.share_theta_across_layers!r} must be a bool"
            )
        choice("phi2", self.phi2, get_args(Phi2))
        choice("logit_scale", self.logit_scale, get_args(LogitScale))
        choice("swap_output", self.swap_output, get_args(SwapOutput))
        choice("concurrence_form", self.concurrence_form, ("one_minus_p0",))
        choice("register_layout", self.register_layout, get_args(RegisterLayout))
        finite_scalar("feature_scale", self.feature_scale)
        choice("iqp_entanglers", self.iqp_entanglers, get_args(IqpEntanglers))
        choice("entropy_subsystem", self.entropy_subsystem, get_args(Subsystem))
        choice("swap_states", self.swap_states, get_args(SwapStates))

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


def resolve_config(config: EntanglementConfig | None) -> EntanglementConfig:
    """``config``, or the defaults when it is ``None`` (the one way to configure every function)."""
    if config is None:
        return EntanglementConfig()
    if not isinstance(config, EntanglementConfig):
        raise TypeError(f"config={config!r} must be an EntanglementConfig")
    return config


def validate_theta(theta: npt.ArrayLike, cfg: EntanglementConfig, n_r: int) -> FloatArray:
    """CRX angles of shape :meth:`EntanglementConfig.theta_shape` (``S001-A03``), finite, real."""
    t = real_array("theta", theta)
    want = cfg.theta_shape(n_r)
    if t.shape != want:
        raise ValueError(
            f"theta has shape {t.shape}; expected {want} (n_r={n_r}, layers={cfg.layers}, "
            f"share_theta_across_layers={cfg.share_theta_across_layers})"
        )
    return t


def needs_theta(cfg: EntanglementConfig) -> bool:
    """Whether the measure runs the CRX layer (all but the encoding-only SWAP test, S001-A18)."""
    return cfg.measure != "swap" or cfg.swap_states == "pair_state"


def validate_features(
    q: npt.ArrayLike, k: npt.ArrayLike, *, names: tuple[str, str] = ("Q", "K"), ndim: int = 2
) -> tuple[FloatArray, FloatArray]:
    """Real finite query and key features with the same dimension ``d`` (complex rejected).

    ``ndim=2``: batches ``Q (n, d)``, ``K (m, d)`` (``n`` or ``m`` may be 0); ``ndim=1``: one
    query and one key ``(d,)``.
    """
    nq, nk = names
    text = ("(n, d)", "(m, d)") if ndim == 2 else ("(d,)", "(d,)")
    qa = real_array(nq, q, ndim=ndim, shape_text=text[0])
    ka = real_array(nk, k, ndim=ndim, shape_text=text[1])
    if qa.shape[-1] != ka.shape[-1]:
        raise ValueError(
            f"{nq} has d={qa.shape[-1]} features but {nk} has d={ka.shape[-1]}"
            if ndim == 2
            else f"{nq} has shape {qa.shape} but {nk} has shape {ka.shape}"
        )
    return qa, ka


def validate_inputs(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    cfg: EntanglementConfig,
    *,
    ndim: int = 2,
) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """The one boundary check of the mechanism: features, ``d`` against the encoding, theta.

    ``theta`` may be ``None`` only when the measure does not run the CRX layer
    (:func:`needs_theta`); a given ``theta`` is always checked for shape and finiteness.
    """
    names = ("Q", "K") if ndim == 2 else ("q", "k")
    Qa, Ka = validate_features(Q, K, names=names, ndim=ndim)
    n_r = cfg.register_qubits(Qa.shape[-1])
    if theta is None:
        if needs_theta(cfg):
            raise ValueError(f"theta=None: measure={cfg.measure!r} needs CRX angles")
        return Qa, Ka, None
    return Qa, Ka, validate_theta(theta, cfg, n_r)


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
