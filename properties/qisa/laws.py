"""Laws of QISA / QITSA (claims ``SUR-QISA-01..05``).

A *density builder* ``build(psi (T, d), w1, w2) -> rho (d, d)`` is the implementation under test;
the laws check it against the definitions with independent oracles (explicit sums of outer
products, written here). Each law returns an :class:`~properties.outcome.Outcome`: one named
check per condition, with the tolerance below (issue 10 C).

Tolerance derivation (one place): ``rho`` is a sum of ``T`` weighted rank-one terms with unit
vectors and softmax weights, each entry a sum of ``T`` products of magnitude ``<= 1``: entrywise
error ``<= (T + 2) eps`` per computation, eigenvalues (backward-stable ``eigvalsh``) off by
``<= d`` times that; two computations compared: :func:`density_tolerance` ``= 4 d (T + 2) eps``.
Purity sums ``d^2`` squared entries: ``+ 2 d^2 eps``; ``<p|rho|p>`` for a unit ``p`` is a
``d^2``-term sum of entries of magnitude ``<= |p_i||p_j|`` (total ``<= d`` by Cauchy-Schwarz):
``+ 2 d eps``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from properties.outcome import Outcome, at_least, at_most, combine, within
from properties.tolerances import EPS
from reference._types import ComplexArray, FloatArray

Build = Callable[[ComplexArray, ComplexArray, ComplexArray], ComplexArray]
Weights = Callable[[ComplexArray, ComplexArray, ComplexArray], FloatArray]


def density_tolerance(t: int, d: int) -> float:
    """``4 d (T + 2) eps`` (module docstring)."""
    return 4.0 * d * (t + 2) * EPS


def defects(rho: ComplexArray) -> dict[str, float]:
    """How far ``rho`` is from a density matrix: Hermiticity defect ``max|rho - rho^H|``,
    ``|tr rho - 1|``, the smallest eigenvalue of the Hermitian part, and ``|tr rho - 1|``."""
    herm = float(np.max(np.abs(rho - rho.conj().T)))
    lam = np.linalg.eigvalsh(0.5 * (rho + rho.conj().T))
    return {
        "hermitian_defect": herm,
        "trace_defect": float(abs(np.trace(rho) - 1.0)),
        "min_eigenvalue": float(lam.min()),
    }


def law_density_matrix(
    build: Build, psi: ComplexArray, w1: ComplexArray, w2: ComplexArray
) -> Outcome:
    """SUR-QISA-01 (faithful form): ``rho`` Hermitian, PSD, unit trace."""
    rho = np.asarray(build(psi, w1, w2))
    t, d = psi.shape
    tol = density_tolerance(t, d)
    f = defects(rho)
    return combine(
        within("Hermitian", f["hermitian_defect"], tol),
        within("Tr rho = 1", f["trace_defect"], tol),
        at_least("eigenvalues >= 0", f["min_eigenvalue"], 0.0, tol),
    )


def law_global_phase(
    build: Build, psi: ComplexArray, w1: ComplexArray, w2: ComplexArray, alpha: npt.ArrayLike
) -> Outcome:
    """SUR-QISA-02: ``psi_t -> e^{i alpha_t} psi_t`` leaves ``rho`` unchanged (each token's
    ``|psi><psi|`` is phase-free; the softmax scores ``|u|^2 |v|^2`` are too)."""
    t, d = psi.shape
    rho = np.asarray(build(psi, w1, w2))
    phases = np.exp(1j * np.asarray(alpha, dtype=np.float64))
    rho2 = np.asarray(build(psi * phases[:, None], w1, w2))
    return within("rho unchanged", float(np.max(np.abs(rho2 - rho))), density_tolerance(t, d))


def law_purity(
    build: Build, weights: Weights, psi: ComplexArray, w1: ComplexArray, w2: ComplexArray
) -> Outcome:
    """SUR-QISA-03: ``Tr rho^2 = sum_{t,t'} w_t w_t' |<psi_t|psi_t'>|^2`` and it lies in
    ``[1/d, 1]``; ``weights`` gives the implementation's token weights ``(T,)``."""
    t, d = psi.shape
    rho = np.asarray(build(psi, w1, w2))
    w = np.asarray(weights(psi, w1, w2), dtype=np.float64)
    gram = np.abs(psi.conj() @ psi.T) ** 2
    want = float(w @ gram @ w)
    got = float(np.sum(np.abs(rho) ** 2))
    tol = density_tolerance(t, d) + 2.0 * d * d * EPS
    return combine(
        within("Tr rho^2 = sum w_t w_t' |<psi_t|psi_t'>|^2", abs(got - want), tol),
        at_least("Tr rho^2 >= 1/d", got, 1.0 / d, tol),
        at_most("Tr rho^2 <= 1", got, 1.0, tol),
    )


def law_projector_probability(
    build: Build, psi: ComplexArray, w1: ComplexArray, w2: ComplexArray, p: npt.ArrayLike
) -> Outcome:
    """SUR-QISA-04: ``Tr(rho Pi) in [0, 1]`` for the projector ``Pi = |p><p|`` of a unit ``p``."""
    t, d = psi.shape
    rho = np.asarray(build(psi, w1, w2))
    pv = np.asarray(p, dtype=np.complex128)
    val = complex(pv.conj() @ rho @ pv)
    tol = density_tolerance(t, d) + 2.0 * d * EPS
    return combine(
        at_least("Tr(rho Pi) >= 0", val.real, 0.0, tol),
        at_most("Tr(rho Pi) <= 1", val.real, 1.0, tol),
        within("Im Tr(rho Pi) = 0", abs(val.imag), tol),
    )


def law_zero_phase(
    build: Build, weights: Weights, a: FloatArray, w1: ComplexArray, w2: ComplexArray
) -> Outcome:
    """SUR-QISA-05: with ``phi = 0`` (``psi_t = a_t / ||a_t||`` real), ``rho`` is real symmetric
    PSD and equals ``sum_t w_t a^_t a^_t^T`` (oracle with the implementation's weights)."""
    t, d = a.shape
    ahat = a / np.linalg.norm(a, axis=1, keepdims=True)
    psi = ahat.astype(complex)
    rho = np.asarray(build(psi, w1, w2))
    w = np.asarray(weights(psi, w1, w2), dtype=np.float64)
    want = np.einsum("t,ti,tj->ij", w, ahat, ahat)
    tol = density_tolerance(t, d)
    lam = np.linalg.eigvalsh(0.5 * (rho.real + rho.real.T))
    return combine(
        within("rho real", float(np.max(np.abs(rho.imag))), tol),
        within("rho symmetric", float(np.max(np.abs(rho - rho.T))), tol),
        at_least("eigenvalues >= 0", float(lam.min()), 0.0, tol),
        within("rho = sum_t w_t a_t a_t^T", float(np.max(np.abs(rho - want))), tol),
    )
