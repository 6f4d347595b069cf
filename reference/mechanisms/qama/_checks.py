"""Argument checks shared by QAMA v2 (:mod:`reference.mechanisms.qama`) and v1
(:mod:`reference.mechanisms.qama.v1`), built on :mod:`reference._validate`."""

from __future__ import annotations

import numpy.typing as npt

from reference._types import FloatArray
from reference._validate import finite_scalar, real_array


def heads(name: str, a: npt.ArrayLike, ndim: int, shape_text: str) -> FloatArray:
    """A finite real non-empty array of ``ndim`` dims (``(H, N, ...)``: at least one head and
    one token; an empty problem has no QUBO)."""
    return real_array(name, a, ndim=ndim, shape_text=shape_text, nonempty=True)


def coefficient(name: str, v: object) -> float:
    """A QUBO coefficient: finite and ``>= 0`` (the laws' Lipschitz constants and the sign of
    each term, attention rewarded and sharing penalised, assume non-negative weights)."""
    return finite_scalar(name, v, lo=0.0)


def qk(q: npt.ArrayLike, k: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    qa = heads("q", q, 3, "(H, N, d_h)")
    ka = heads("k", k, 3, "(H, N, d_h)")
    if qa.shape != ka.shape:
        raise ValueError(f"q has shape {qa.shape} but k has shape {ka.shape}")
    return qa, ka


def jh(J: npt.ArrayLike, h: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    ja, ha = heads("J", J, 3, "(H, N, N)"), heads("h", h, 2, "(H, N)")
    hh, n, n2 = ja.shape
    if n != n2 or ha.shape != (hh, n):
        raise ValueError(f"J has shape {ja.shape} and h {ha.shape}; expected (H, N, N), (H, N)")
    return ja, ha
