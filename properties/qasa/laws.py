"""Laws of QASA's PQC and quantum encoder layer (claims ``SUR-QASA-02..06``).

Each law takes the implementation under test (a circuit builder, an expectation function, a layer
function) and returns an :class:`~properties.outcome.Outcome`: one named check per condition,
each with the tolerance derived below (issue 10 C).

Tolerances (derivations):

* ``delta_f`` — the error of one simulated expectation ``<Z_q>``: a statevector after ``m`` gates of
  at most ``k`` qubits is within ``state_tolerance = 4 (m+1) 2**k eps`` of the exact one
  (:func:`properties.tolerances.state_tolerance`), and ``|<Z>(psi) - <Z>(phi)| <= 2 ||psi - phi||``
  for unit vectors, so ``delta_f = 2 state_tolerance``.
* Periodicity: the two sides differ by rounding only, ``2 delta_f`` plus the rounding of the
  shifted angle ``x + 2 pi`` (``eps (|x| + 2 pi)`` per angle, entering each of the ``r`` rotations
  of that input with operator-norm Lipschitz constant 1/2 and the expectation with factor 2):
  ``r eps (|x| + 2 pi)``.
* Parameter shift vs central finite differences with step ``h``: a symbol occurring in ``k``
  rotations makes ``f`` a trigonometric polynomial of degree ``k`` bounded by 1, so by Bernstein's
  inequality ``|f'''| <= k**3`` and the truncation error is ``h**2 k**3 / 6``; rounding adds
  ``delta_f / h`` (finite difference) and ``k delta_f`` (shift rule). The default step ``h =
  1e-4`` sits near the minimiser ``(3 delta_f / k^3)^(1/3)`` of ``h^2 k^3 / 6 + delta_f / h``
  (``~1e-4`` for ``delta_f ~ 1e-12``, ``k <= 3``), so the allowance is as tight as the bound
  allows; any ``h`` keeps the law valid.
* ``k delta_f`` is also what separates a zero gradient from a non-zero one
  (:func:`gradient_tolerance`): a slot whose shift-rule gradient is within it of 0 for every
  measured qubit is "unused" (SUR-QASA-01), a larger entry cannot come from rounding.
* Ancilla dephasing: the CNOT is simulated (``s = state_tolerance`` of the one-gate circuit), and
  each reduced-state entry is a 2-term sum of amplitude products (``<= 2 * 2 eps`` each of the
  two sides): ``2 s + 8 eps`` in the max norm (:func:`dephasing_tolerance`).
* Boundedness: each ``|<Z_j>| <= 1 + delta_f``, so ``||z||_2 <= sqrt(n) (1 + delta_f)``; the
  two 2-norms (an ``n``-term product, a backward-stable SVD) round by ``<= 2 n eps`` relative
  each: ``||W_o z|| <= ||W_o||_2 sqrt(n) (1 + delta_f + 4 n eps)``.
* The layer norms' ``1e-5`` is the model's own variance floor (PyTorch ``LayerNorm`` default,
  ``reference.mechanisms.qasa.LN_EPS``), part of the formula, not a tolerance.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from properties.outcome import Outcome, at_most, close, combine, true
from properties.tolerances import EPS, state_tolerance
from reference import gates as _gates
from reference import simulate as sim
from reference._types import FloatArray
from reference.circuit import Circuit, Op
from reference.mechanisms import qasa as _qasa

Expect = Callable[[FloatArray, FloatArray], FloatArray]
"""``f(x (n,), w (L, n+1)) -> <Z_j> (n,)``: the PQC under test."""
Gradient = Callable[[FloatArray, FloatArray], FloatArray]
"""``g(x, w) -> (L, n+1, n)``: its gradient by the parameter-shift rule."""
Layer = Callable[[FloatArray, _qasa.QASAParams, _qasa.QASAConfig], FloatArray]


def expectation_tolerance(circuit: Circuit) -> float:
    """``delta_f = 2 state_tolerance(circuit)`` (module docstring)."""
    return 2.0 * state_tolerance(circuit)


def gradient_tolerance(occurrences: int, tol_f: float) -> float:
    """``k delta_f``: rounding of a shift-rule gradient over ``k`` occurrences (docstring)."""
    return max(occurrences, 1) * tol_f


def dephasing_tolerance(num_data: int) -> float:
    """``2 s + 8 eps`` with ``s`` the state tolerance of one simulated CNOT (docstring)."""
    cnot = Circuit(num_data + 1, (Op("cx", (num_data - 1, num_data)),))
    return 2.0 * state_tolerance(cnot) + 8.0 * EPS


def law_bounded(f: Expect, x: FloatArray, w: FloatArray, w_out: FloatArray, tol: float) -> Outcome:
    """SUR-QASA-02: ``|<Z_j>| <= 1`` and ``||W_o QC||_2 <= ||W_o||_2 sqrt(n)`` (``tol`` =
    ``delta_f``; the norm bound's allowance in the module docstring)."""
    z = np.asarray(f(x, w), dtype=np.float64)
    n = z.shape[-1]
    bound = float(np.linalg.norm(w_out, 2)) * math.sqrt(n)
    return combine(
        at_most("|<Z_j>| <= 1", np.abs(z), 1.0, tol),
        at_most(
            "||W_o QC||_2 <= ||W_o||_2 sqrt(n)",
            float(np.linalg.norm(w_out @ z)),
            bound,
            bound * (tol + 4 * n * EPS),
        ),
    )


def law_input_periodicity(
    f: Expect, x: FloatArray, w: FloatArray, i: int, tol_f: float, rotations: int = 2
) -> Outcome:
    """SUR-QASA-03: ``QC(x + 2 pi e_i) = QC(x)`` (a 2 pi rotation is a global phase)."""
    x2 = x.copy()
    x2[i] += 2 * math.pi
    tol = 2 * tol_f + rotations * EPS * (abs(float(x[i])) + 2 * math.pi)
    return close("QC(x + 2 pi e_i) = QC(x)", np.asarray(f(x2, w)), np.asarray(f(x, w)), tol)


def law_shift_equals_finite_difference(
    f: Expect,
    grad: Gradient,
    x: FloatArray,
    w: FloatArray,
    slot: tuple[int, int],
    occurrences: int,
    tol_f: float,
    h: float = 1e-4,
) -> Outcome:
    """SUR-QASA-04: the shift-rule gradient (summed over every occurrence of the shared slot)
    equals the central finite difference ``[f(w + h e) - f(w - h e)] / 2h``."""
    wp, wm = w.copy(), w.copy()
    wp[slot] += h
    wm[slot] -= h
    fd = (np.asarray(f(x, wp)) - np.asarray(f(x, wm))) / (2 * h)
    ps = np.asarray(grad(x, w))[slot]
    k = max(occurrences, 1)
    tol = h * h * k**3 / 6 + tol_f / h + gradient_tolerance(k, tol_f)
    return close("shift rule = central difference", ps, fd, tol)


def _dephase(rho: np.ndarray, q: int, n: int) -> np.ndarray:
    """Zero the coherences of qubit ``q`` (qubit 0 most significant) of an ``n``-qubit matrix."""
    idx = np.arange(1 << n)
    bit = (idx >> (n - 1 - q)) & 1
    return np.where(bit[:, None] == bit[None, :], rho, 0.0)


def _reduce_last(state: np.ndarray, num_data: int) -> np.ndarray:
    """Trace out the last qubit (the ancilla, least significant) of an ``(n+1)``-qubit state."""
    m = np.asarray(state).reshape(1 << num_data, 2)
    return m @ m.conj().T  # type: ignore[no-any-return]


def law_ancilla_dephases(build: Callable[[], Circuit], num_data: int, state: np.ndarray) -> Outcome:
    """SUR-QASA-05 (first part): the ancilla (qubit ``num_data``) is never a control, and right
    after the first ``CNOT(n-1, n)`` the data register's reduced state equals the reduced state
    before it with qubit ``n-1`` fully Z-dephased.

    ``state``: the ``(n+1)``-qubit state just before that CNOT (the ancilla in ``|0>``).
    """
    c = build()
    anc = num_data
    control = any(
        anc in op.qubits[: _gates.get(op.gate).controls_for(len(op.qubits))] for op in c.gate_ops
    )
    before = _reduce_last(state, num_data)
    cnot = Circuit(num_data + 1, (Op("cx", (num_data - 1, anc)),))
    after = _reduce_last(sim.statevector(cnot, initial=state), num_data)
    return combine(
        true("ancilla never a control", not control),
        close(
            "after CNOT: data state = before with qubit n-1 dephased",
            after,
            _dephase(before, num_data - 1, num_data),
            dephasing_tolerance(num_data),
        ),
    )


def law_ablation_identity(
    layer: Layer, h: FloatArray, p: _qasa.QASAParams, cfg: _qasa.QASAConfig
) -> Outcome:
    """SUR-QASA-06: with the PQC branch zeroed (``W_o = 0``, ``b_o = 0``) the layer equals the
    standard post-LN Transformer block ``LN_2(h' + FFN(h'))``, ``h' = LN_1(h + MHA(h))``, computed
    here independently of the implementation (same formula, its own code).

    Tolerance: both sides evaluate the same expression in floating point. Before each layer norm
    the inputs are sums of dot products of length ``<= d + f`` (``f`` = FFN width), each off by at
    most ``(d + f) eps`` times the magnitude ``M`` of the values involved (``1 + max|h| +
    max|output|`` bounds them after normalisation); a layer norm scales an input error by at most
    ``2 max|g| / sqrt(var + 1e-5)`` (the centring doubles it), with ``var`` the smallest row
    variance of its input, measured here. So ``tol = 4 (d + f) eps M A_1 A_2``.
    """
    from dataclasses import replace

    p0 = replace(p, w_out=np.zeros_like(p.w_out), b_out=np.zeros_like(p.b_out))
    got = np.asarray(layer(h, p0, cfg))
    want, var1, var2 = _block(h, p0, cfg.num_heads)
    d, f = p.w_1.shape[1], p.w_1.shape[0]
    a1 = 2 * float(np.max(np.abs(p.ln1_g))) / math.sqrt(var1 + 1e-5)
    a2 = 2 * float(np.max(np.abs(p.ln2_g))) / math.sqrt(var2 + 1e-5)
    scale = 1.0 + float(np.max(np.abs(want))) + float(np.max(np.abs(h)))
    tol = 4 * (d + f) * EPS * scale * max(a1, 1.0) * max(a2, 1.0)
    return close("W_o = 0: layer = post-LN block", got, want, tol)


def _ln(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, float]:
    c = x - x.mean(axis=-1, keepdims=True)
    var = (c * c).mean(axis=-1, keepdims=True)
    return c / np.sqrt(var + 1e-5) * g + b, float(var.min())


def _block(h: FloatArray, p: _qasa.QASAParams, heads: int) -> tuple[FloatArray, float, float]:
    d = h.shape[1]
    dh = d // heads
    out = np.zeros_like(h)
    q, k, v = h @ p.w_q.T + p.b_q, h @ p.w_k.T + p.b_k, h @ p.w_v.T + p.b_v
    for hd in range(heads):
        sl = slice(hd * dh, (hd + 1) * dh)
        s = q[:, sl] @ k[:, sl].T / math.sqrt(dh)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        out[:, sl] = (e / e.sum(axis=1, keepdims=True)) @ v[:, sl]
    hp, var1 = _ln(h + out @ p.w_o_attn.T + p.b_o_attn, p.ln1_g, p.ln1_b)
    u = hp @ p.w_1.T + p.b_1
    ff = (0.5 * u * (1 + np.vectorize(math.erf)(u / math.sqrt(2)))) @ p.w_2.T + p.b_2
    y, var2 = _ln(hp + ff, p.ln2_g, p.ln2_b)
    return y, var1, var2


def standard_post_ln_block(h: FloatArray, p: _qasa.QASAParams, heads: int) -> FloatArray:
    """The PyTorch post-LN encoder block (no dropout), written out on its own."""
    return _block(h, p, heads)[0]


__all__ = [
    "dephasing_tolerance",
    "expectation_tolerance",
    "gradient_tolerance",
    "law_ablation_identity",
    "law_ancilla_dephases",
    "law_bounded",
    "law_input_periodicity",
    "law_shift_equals_finite_difference",
    "standard_post_ln_block",
]
