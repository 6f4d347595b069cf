"""Tolerance models of the entanglement laws (:mod:`properties.entanglement.laws`): state
errors of simulated pair states, the Fannes-Audenaert score tolerance, the c-SWAP probability
bound, the concurrence's square-root bound, and :func:`close_each` (a per-entry tolerance).

The derivations are in each docstring; the shared formulas live in :mod:`properties.tolerances`.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, true, within
from properties.tolerances import EPS, fannes_tolerance, state_tolerance, two_sqrt_tolerance
from reference._types import FloatArray
from reference.estimators.swap_test import cswap_concurrence_circuit
from reference.mechanisms import entanglement as ent


def pair_state_error(cfg: ent.EntanglementConfig, d: int, max_angle: float) -> float:
    """2-norm error bound of a simulated pair state (gate rounding plus angle rounding)."""
    tmpl = ent.pair_template(cfg, d)
    dim = 1 << tmpl.num_qubits
    return math.sqrt(dim) * state_tolerance(tmpl) + len(tmpl.ops) * EPS * (abs(max_angle) + 1.0)


def max_angle(cfg: ent.EntanglementConfig, *arrays: npt.ArrayLike) -> float:
    """Largest gate angle that features / theta produce (IQP products included)."""
    m = max((float(np.max(np.abs(np.asarray(a)))) for a in arrays if np.size(a)), default=0.0)
    m *= abs(cfg.feature_scale) if cfg.feature_scale else 1.0
    if cfg.encoding == "iqp":
        m = max(m, m * m, 2 * (math.pi + m) ** 2 if cfg.phi2 == "havlicek" else 0.0)
    return m


def score_tolerance(cfg: ent.EntanglementConfig, d: int, *arrays: npt.ArrayLike) -> float:
    """Tolerance of one entropy score: Fannes bound for the register, for two computations."""
    n_r = cfg.register_qubits(d)
    delta = pair_state_error(cfg, d, max_angle(cfg, *arrays))
    return 2 * fannes_tolerance(delta, 1 << n_r)


def close_each(
    name: str, actual: npt.ArrayLike, expected: npt.ArrayLike, tolerance: npt.ArrayLike
) -> Outcome:
    """``|actual - expected| <= tolerance`` elementwise (``tolerance`` broadcast, each entry its
    own bound): the check reports the entry of largest utilisation. A shape mismatch is a failed
    boolean check, a non-finite entry a failed numeric one."""
    a = np.asarray(actual, dtype=np.float64)
    b = np.asarray(expected, dtype=np.float64)
    if a.shape != b.shape:
        return true(f"{name}: shape {a.shape} == {b.shape}", False)
    tol = np.broadcast_to(np.asarray(tolerance, dtype=np.float64), a.shape)
    if a.size == 0:
        return within(name, 0.0, float(np.max(tol, initial=0.0)))
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return within(name, math.inf, float(np.min(tol)))
    dev = np.abs(a - b).reshape(-1)
    t = tol.reshape(-1)
    i = int(np.argmax(dev / t))
    return within(name, float(dev[i]), float(t[i]))


def concurrence_tolerance(c_hat: npt.ArrayLike, p0_error: float) -> FloatArray:
    """Allowed ``|C - C_hat|`` per entry when ``C_hat = 2 sqrt(1 - P0_hat)`` and the ``P0`` of
    the other computation is within ``p0_error``: :func:`two_sqrt_tolerance` at
    ``x_hat = (C_hat / 2)**2``."""
    x = (np.asarray(c_hat, dtype=np.float64) / 2.0) ** 2
    return two_sqrt_tolerance(x, p0_error)


def matrix_form_state_error(cfg: ent.EntanglementConfig, d: int, max_angle: float) -> float:
    """2-norm error bound of a pair state computed in matrix form (:mod:`.matrix_form`).

    Derivation (``D = 2**n_r``, ``u = eps``, ``g(k) = 2 k u / (1 - k u)`` the complex product
    bound): a computed product of two matrices with inner dimension ``D`` errs entrywise by at
    most ``g(D) |A| |B|``, so in Frobenius norm by ``g(D) ||A||_F ||B||_F``: ``g(D) sqrt(D)`` when
    one factor is a unitary (``||U||_F = sqrt(D)``) and the other the state (``||M||_F = 1``),
    ``g(D) D`` for two unitaries. The register unitaries are simulated column by column: each
    column errs by ``sqrt(D) state_tolerance(register circuit)`` plus the angle rounding, so
    ``||dU||_2 <= ||dU||_F <= sqrt(D)`` times that; rotating the target register into the Hadamard
    frame adds two unitary products. Each of the ``L`` layers then applies ``U_A`` and ``U_B``
    (``2 (||dU|| + g(D) sqrt(D))``) and the phase ``Phi`` (each entry ``exp`` of a sum of ``n_r``
    angle terms: relative error ``(n_r + 4) u (1 + n_r max_angle)``). Unitary evolution does not
    amplify earlier errors, so they add; the frame is undone by one more product."""
    from reference.mechanisms.entanglement.matrix_form import register_template

    reg = register_template(cfg, d)
    dim = 1 << reg.num_qubits
    n_r = reg.num_qubits

    def g(k: int) -> float:
        return 2 * k * EPS / (1 - k * EPS)

    col = math.sqrt(dim) * state_tolerance(reg) + len(reg.ops) * EPS * (abs(max_angle) + 1.0)
    du = math.sqrt(dim) * col + 2 * g(dim) * dim
    phase = (n_r + 4) * EPS * (1.0 + n_r * abs(max_angle))
    per_layer = 2 * (du + g(dim) * math.sqrt(dim)) + phase
    return cfg.layers * per_layer + g(dim) * math.sqrt(dim)


def literal_two_tolerance(n: int) -> float:
    """``|2 sqrt(P(even)) - 2|`` allowed for the paper's literal formula (``S001-P14``, which is
    identically 2): the even-parity mass is a sum of at most ``8**n`` ``|amplitude|^2`` of a
    ``3n``-qubit state after ``3n`` gates, within ``e = 8**n (3n + 2) eps`` of 1, and
    ``|2 sqrt(1 + e) - 2| <= |e|``; doubled for safety of the summation order."""
    return float(2 * 8**n * (3 * n + 2) * EPS)


def cswap_probability_tolerance(n: int) -> float:
    """Error of one c-SWAP outcome probability of ``n``-qubit states: ``4 sqrt(8**n)`` times the
    reference circuit's :func:`state_tolerance` (a probability is a sum of ``|amplitude|^2``
    over the other ``2n`` qubits, each amplitude off by the state tolerance, ``|a|^2`` moving
    by ``2 |a| da``: 2-norm times 2, and a factor 2 for the two computations compared) plus
    ``64 * 2**n eps`` for the purity expansion's ``2**n``-term signed sum."""
    circ = cswap_concurrence_circuit(n)
    return 4 * math.sqrt(1 << (3 * n)) * state_tolerance(circ) + (1 << n) * 64 * EPS


__all__ = [
    "close_each",
    "concurrence_tolerance",
    "cswap_probability_tolerance",
    "literal_two_tolerance",
    "matrix_form_state_error",
    "max_angle",
    "pair_state_error",
    "score_tolerance",
]
