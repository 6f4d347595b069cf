"""Fast path of entanglement-based attention: angle encodings factor into ``n_r`` independent
two-qubit pair states (``S001-P08``), so every score comes from ``2 x 2`` blocks ``V_r`` (spec §3,
§4; ``S001-P08``, ``S001-P15``)."""

from __future__ import annotations

from functools import cache
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from reference import quantum_info as qi
from reference._types import ComplexArray, FloatArray
from reference._validate import choice, complex_array, real_array
from reference.estimators.swap_test import concurrence_from_p0
from reference.mechanisms.entanglement.config import (
    ANGLE_ENCODINGS,
    ANGLE_GATES,
    EntanglementConfig,
    feature_index,
    resolve_config,
    validate_features,
    validate_inputs,
    validate_theta,
)


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
    _require_angle(cfg)
    x = real_array("x", x, ndim=2, shape_text="(n, d)")
    return _unitaries(x, cfg)


def _unitaries(x: FloatArray, cfg: EntanglementConfig) -> ComplexArray:
    """:func:`qubit_unitaries` without the checks, for any leading axes: ``(..., n, d)`` ->
    ``(..., n, n_r, 2, 2)``.

    Every gate is in SU(2), ``[[a, -conj(b)], [b, conj(a)]]`` (``RX``: ``a = cos(t/2)``,
    ``b = -i sin(t/2)``; ``RY``: ``b = sin(t/2)``), so the product of a qubit's gates is carried
    as the pair ``(a, b)``: ``G_j U`` has ``a' = a_j a - conj(b_j) b``, ``b' = b_j a + a_j b``
    (``a_j`` real), a few elementwise passes over all qubits and gates at once.
    """
    ang = cfg.feature_scale * x[..., feature_index(cfg, x.shape[-1])]  # (..., n, n_r, f)
    ang *= 0.5
    c = np.cos(ang)
    s = np.sin(ang)
    phase = _GATE_PHASE[cfg.encoding]  # b_j / sin(t_j / 2)
    bj = s * phase
    bjc = s * np.conj(phase)
    a = c[..., 0].astype(np.complex128)
    b = bj[..., 0]
    for j in range(1, c.shape[-1]):
        a, b = c[..., j] * a - bjc[..., j] * b, bj[..., j] * a + c[..., j] * b
    u = np.empty((*a.shape, 2, 2), dtype=np.complex128)
    u[..., 0, 0] = a
    u[..., 1, 0] = b
    np.conjugate(b, out=u[..., 0, 1])
    np.negative(u[..., 0, 1], out=u[..., 0, 1])
    np.conjugate(a, out=u[..., 1, 1])
    return u


_GATE_PHASE: Final[dict[str, ComplexArray]] = {
    enc: np.array([-1j if g == "rx" else 1.0 for g in gates], dtype=np.complex128)
    for enc, gates in ANGLE_GATES.items()
}
"""Per angle encoding, ``b / sin(t/2)`` of each gate's SU(2) form (``-i`` for RX, 1 for RY)."""


PATH_SUM_MAX_LAYERS: Final[int] = 10
"""Up to this many layers the fast path sums over the ``2**L`` CRX branches with matrix products;
beyond it, it iterates the layers on every pair (same result, more elementwise work)."""


def _require_angle(cfg: EntanglementConfig) -> None:
    if not cfg.is_angle_encoding:
        raise ValueError(
            f"encoding={cfg.encoding!r}: the pair-product fast path needs an angle encoding "
            f"({sorted(ANGLE_ENCODINGS)}); IQP entangles qubits inside a register"
        )


def _theta_or_zeros(th: FloatArray | None, cfg: EntanglementConfig, d: int) -> FloatArray:
    return np.zeros(cfg.theta_shape(cfg.register_qubits(d))) if th is None else th


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


@cache
def _branch_index(layers: int) -> npt.NDArray[np.int64]:
    """``(L, 2**L)`` flat indices ``2 s_l + s_{l-1}`` into a 2x2 matrix: branch ``p`` (bits
    ``s_1 .. s_L``, ``s_L`` lowest, ``s_0 = 0``) picks ``ua[s_l, s_{l-1}]`` at layer ``l``."""
    p = np.arange(1 << layers)
    s = [np.zeros_like(p)] + [(p >> (layers - lv)) & 1 for lv in range(1, layers + 1)]
    return np.stack([2 * s[lv] + s[lv - 1] for lv in range(1, layers + 1)])


def _key_branches(ub: ComplexArray, rxs: list[ComplexArray]) -> ComplexArray:
    """``b_s = M_{s_L} ... M_{s_1} e0`` for every branch ``s`` (``M_0 = ub``, ``M_1 = R ub``),
    ``(..., m, n_r, 2, 2**L)``, branch ``p -> 2 p + s_l`` at layer ``l``.

    ``ub`` and ``R`` are in SU(2), so every product is ``[[a, -conj(b)], [b, conj(a)]]`` and its
    first column ``(a, b)`` is all that is carried: ``M P`` has ``a' = a_M a - conj(b_M) b``,
    ``b' = b_M a + conj(a_M) b``."""
    au, bu = ub[..., 0, 0], ub[..., 1, 0]  # (..., m, n_r)
    a = b = np.empty(0, dtype=np.complex128)
    last: tuple[ComplexArray, ...] = ()
    for layer, rx in enumerate(rxs):
        if layer == 0 or rx is not rxs[layer - 1]:
            ar, br = rx[..., 0, 0], rx[..., 1, 0]  # (n_r,)
            am = np.stack([au, ar * au - np.conj(br) * bu], axis=-1)  # (..., m, n_r, 2)
            bm = np.stack([bu, br * au + np.conj(ar) * bu], axis=-1)
            last = (am, bm, np.conj(am)[..., None, :], np.conj(bm)[..., None, :])
        am, bm, amc, bmc = last
        if layer == 0:
            a, b = am, bm
            continue
        a2, b2 = a[..., :, None], b[..., :, None]
        a = (a2 * am[..., None, :] - b2 * bmc).reshape(*a.shape[:-1], -1)
        b = (a2 * bm[..., None, :] + b2 * amc).reshape(*b.shape[:-1], -1)
    return np.stack([a, b], axis=-2)


def _blocks_path_sum(ua: ComplexArray, ub: ComplexArray, rxs: list[ComplexArray]) -> ComplexArray:
    """Pair factors ``V`` of shape ``(2, ..., n_r, n, 2, m)`` (``V[x, ..., r, i, y, j]``) when the
    ``a`` side (``(..., n, n_r, 2, 2)``) controls; ``ub`` is ``(..., m, n_r, 2, 2)``.

    One layer maps ``V -> P0 (ua V ub^T) + P1 (ua V ub^T) R^T`` (``P_x`` the row projectors). From
    ``V_0 = e0 e0^T`` every term stays rank one, so ``V_L = sum_s alpha_s(a) e_{s_L} b_s(b)^T`` over
    the ``2**L`` branches ``s`` (which side of each CRX control), with the scalar
    ``alpha_s = prod_l ua[s_l, s_{l-1}]`` (one gather and a product over layers) and
    ``b_s = R^{s_L} ub ... R^{s_1} ub e0`` (doubling the branches layer by layer). The sum over
    the ``2**(L-1)`` branches ending in each ``x`` is one batched complex matrix product over
    ``(x, ..., n_r)``.
    """
    layers = len(rxs)
    alpha = np.prod(ua.reshape(*ua.shape[:-2], 4)[..., _branch_index(layers)], axis=-2)
    beta = _key_branches(ub, rxs)  # (..., m, n_r, 2, P)
    nb = ua.ndim - 4  # leading batch axes
    # alpha (..., n, n_r, P) -> (2, ..., n_r, n, h); beta -> (2, ..., n_r, h, 2m); p = 2 q + x
    a2 = alpha.reshape(*alpha.shape[:-1], -1, 2)
    left = np.transpose(a2, (nb + 3, *range(nb), nb + 1, nb, nb + 2))
    b2 = beta.reshape(*beta.shape[:-1], -1, 2)  # (..., m, n_r, y, h, x)
    perm = (nb + 4, *range(nb), nb + 1, nb + 3, nb + 2, nb)  # x, ..., r, h, y, j
    right = np.transpose(b2, perm).reshape(*left.shape[:-2], b2.shape[-2], -1)
    # contiguous operands: a transposed stack would take NumPy's non-BLAS matmul loop
    out: ComplexArray = np.matmul(np.ascontiguousarray(left), right)  # (2, ..., n_r, n, 2m)
    return out.reshape(*out.shape[:-1], 2, -1)


def _blocks_iterative(ua: ComplexArray, ub: ComplexArray, rxs: list[ComplexArray]) -> ComplexArray:
    """Same as :func:`_blocks_path_sum` by iterating the layers on every pair (batched 2x2)."""
    uat = ua[..., :, None, :, :, :]  # (..., n, 1, n_r, 2, 2)
    ubt = np.swapaxes(ub, -1, -2)[..., None, :, :, :, :]  # (..., 1, m, n_r, 2, 2)
    shape = np.broadcast_shapes(uat.shape, ubt.shape)
    v = np.zeros(shape, dtype=np.complex128)
    v[..., 0, 0] = 1.0
    for rx in rxs:
        v = uat @ v @ ubt
        v[..., 1, :] = np.einsum("rab,...rb->...ra", rx, v[..., 1, :])
    nb = ua.ndim - 4  # v axes: ..., i, j, r, x, y
    return np.transpose(v, (nb + 3, *range(nb), nb + 2, nb, nb + 4, nb + 1))


Method = Literal["auto", "path_sum", "iterative"]


def _pair_v(
    Qa: FloatArray, Ka: FloatArray, th: FloatArray, cfg: EntanglementConfig, method: Method
) -> tuple[ComplexArray, bool]:
    """``(V, swapped)``: ``V[x, ..., r, i, y, j]`` of shape ``(2, ..., n_r, n, 2, m)`` with ``x``
    the query bit when ``swapped`` is false; when the key controls, the same recursion runs with
    query and key exchanged (``x`` the key bit, ``i`` a key, ``y`` the query bit, ``j`` a query)."""
    rxs = _layer_rx(th, cfg)
    n = Qa.shape[-2]
    u = _unitaries(np.concatenate([Qa, Ka], axis=-2), cfg)  # one pass over queries and keys
    uq, uk = u[..., :n, :, :, :], u[..., n:, :, :, :]
    if method == "auto":
        method = "path_sum" if cfg.layers <= PATH_SUM_MAX_LAYERS else "iterative"
    fn = _blocks_path_sum if method == "path_sum" else _blocks_iterative
    if cfg.crx_direction == "query_to_key":
        return fn(uq, uk, rxs), False
    return fn(uk, uq, rxs), True


def pair_states_fast(
    Q: npt.ArrayLike,
    K: npt.ArrayLike,
    theta: npt.ArrayLike | None,
    *,
    config: EntanglementConfig | None = None,
    pqc: bool = True,
    method: Method = "auto",
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
    cfg = resolve_config(config)
    _require_angle(cfg)
    choice("method", method, ("auto", "path_sum", "iterative"))
    Qa, Ka = validate_features(Q, K)
    n_r = cfg.register_qubits(Qa.shape[1])
    th = validate_theta(theta, cfg, n_r) if (pqc and theta is not None) else None
    return _pair_states(Qa, Ka, th, cfg, method=method)


def _pair_states(
    Qa: FloatArray,
    Ka: FloatArray,
    th: FloatArray | None,
    cfg: EntanglementConfig,
    *,
    method: Method = "auto",
) -> ComplexArray:
    v, swapped = _pair_v(Qa, Ka, _theta_or_zeros(th, cfg, Qa.shape[-1]), cfg, method)
    nb = v.ndim - 5  # axes: x, ..., r, i, y, j
    if swapped:  # x = key bit, i = key, y = query bit, j = query
        perm = (*range(1, nb + 1), nb + 4, nb + 2, nb + 1, nb + 3, 0)
    else:
        perm = (*range(1, nb + 1), nb + 2, nb + 4, nb + 1, 0, nb + 3)
    return np.ascontiguousarray(np.transpose(v, perm))


def pair_state_vector(v: ComplexArray, cfg: EntanglementConfig) -> ComplexArray:
    """Full ``(..., 4**n_r)`` statevector of pair factors ``(..., n_r, 2, 2)`` (for testing).

    Qubit order follows the register layout (``S001-A13``): ``A_r`` and ``B_r`` land on the qubits
    of :meth:`EntanglementConfig.registers`.
    """
    v = complex_array("v", v)
    if v.ndim < 3 or v.shape[-2:] != (2, 2) or v.shape[-3] < 1:
        raise ValueError(f"v has shape {v.shape}; expected (..., n_r, 2, 2) with n_r >= 1")
    cfg = resolve_config(cfg)
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
    lm *= lm > qi.ZERO_PROB
    # l- ln l- with 0 ln 0 = 0: the log of max(l-, ZERO_PROB) is finite and multiplies l- = 0
    # (an unmasked log: NumPy's masked ``where=`` ufunc loop is several times slower)
    logm = np.log(np.maximum(lm, qi.ZERO_PROB))
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
) -> FloatArray:
    """Attention scores ``(n, m)`` of the angle encodings from the pair-product structure.

    * entropy: ``S_A = sum_r S(rho_{A_r})`` (``S001-P08``), each from ``|det V_r|``;
    * concurrence: ``C_n = 2 sqrt(1 - prod_r (1 + Tr rho_{A_r}^2) / 2)`` (``S001-P15``) with
      ``Tr rho_{A_r}^2 = 1 - 2 |det V_r|^2``;
    * SWAP test: ``|<phi(q)|phi(k)>|^2 = prod_r |<a_r|b_r>|^2`` for encoding-only states, and
      ``<Psi|SWAP|Psi> = prod_r sum_ab conj(V_ab) V_ba`` for ``swap_states="pair_state"``.

    Only ``2``-qubit blocks are formed, so any ``d`` works (no pair-state size limit). Equal to
    the general simulation (:func:`~reference.mechanisms.entanglement.general.scores_general`) up
    to round-off (property in ``properties/entanglement/test_laws.py``).
    """
    cfg = resolve_config(config)
    _require_angle(cfg)
    Qa, Ka, th = validate_inputs(Q, K, theta, cfg)
    return fast_scores(Qa, Ka, th, cfg)


def fast_scores(
    Qa: FloatArray, Ka: FloatArray, th: FloatArray | None, cfg: EntanglementConfig
) -> FloatArray:
    """:func:`scores_fast` on inputs already checked by
    :func:`~reference.mechanisms.entanglement.config.validate_inputs` (angle encodings)."""
    if cfg.measure == "swap":
        return _swap_fast(Qa, Ka, th, cfg)
    if th is None:
        raise ValueError(f"theta=None: measure={cfg.measure!r} needs CRX angles")
    c2 = _det_sq(Qa, Ka, th, cfg)  # |det V_r|^2, (..., n_r, n, m)
    if cfg.measure == "entropy":
        return np.asarray(np.sum(_pair_entropy_from_det(c2), axis=-3), dtype=np.float64)
    p0 = np.prod(1.0 - np.clip(c2, 0.0, 0.25), axis=-3)  # prod (1 + (1 - 2 c^2)) / 2
    return concurrence_from_p0(p0)


def _det_sq(Qa: FloatArray, Ka: FloatArray, th: FloatArray, cfg: EntanglementConfig) -> FloatArray:
    """``|det V_r|^2`` of every pair factor, ``(..., n_r, n, m)``."""
    v, swapped = _pair_v(Qa, Ka, th, cfg, "auto")
    det = v[0, ..., 0, :] * v[1, ..., 1, :]
    det -= v[0, ..., 1, :] * v[1, ..., 0, :]
    c2 = det.real * det.real
    c2 += det.imag * det.imag
    return np.swapaxes(c2, -1, -2) if swapped else c2


def _swap_from_overlap(ov: FloatArray, cfg: EntanglementConfig) -> FloatArray:
    ov = np.clip(ov, -1.0, 1.0)
    if cfg.swap_output == "fidelity":
        return np.asarray(ov, dtype=np.float64)
    return np.asarray(0.5 * (1.0 - ov), dtype=np.float64)


def _swap_fast(
    Qa: FloatArray, Ka: FloatArray, th: FloatArray | None, cfg: EntanglementConfig
) -> FloatArray:
    if cfg.swap_states == "pair_state":
        v = _pair_states(Qa, Ka, th, cfg)
        ov = np.real(np.einsum("...rab,...rba->...r", np.conj(v), v))
        return _swap_from_overlap(np.prod(ov, axis=-1), cfg)

    def one_qubit_states(x: FloatArray) -> ComplexArray:
        u = _unitaries(x, cfg)  # (..., n, n_r, 2, 2)
        s = u[..., :, 0]
        for _ in range(cfg.layers - 1):
            s = np.einsum("...ab,...b->...a", u, s)
        return s  # (n, n_r, 2)

    a = one_qubit_states(Qa)
    b = one_qubit_states(Ka)
    ov = np.abs(np.einsum("...irc,...jrc->...ijr", np.conj(a), b)) ** 2
    return _swap_from_overlap(np.prod(ov, axis=-1), cfg)


__all__ = [
    "PATH_SUM_MAX_LAYERS",
    "fast_scores",
    "pair_state_vector",
    "pair_states_fast",
    "qubit_unitaries",
    "scores_fast",
]
