"""Counts from a provider, in one canonical form: ``{bitstring: count}`` with ``c[0]`` leftmost.

A provider returns, per program, how often each classical-register value occurred. The key's bit
order differs (``../shared/TOOLCHAIN.md``, "Bit order"):

* ``"canonical"`` (this project, :func:`reference.simulate.sample`): character ``i`` is ``c[i]``;
* ``"qiskit"`` (Qiskit / Aer ``get_counts``): ``'c2c1c0'``, the rightmost character is ``c[0]``;
  registers may be separated by spaces, which are dropped; hexadecimal keys (``'0x5'``) are
  accepted and expanded to ``num_clbits`` bits;
* ``"braket"`` (Braket ``measurement_counts``): the leftmost character is the first *measured*
  qubit. The programs of :mod:`qasm.plan` measure ``c[0], c[1], ...`` in order, so this is the
  canonical order; a provider that reorders measurements must be converted by the caller using its
  ``measured_qubits``.

:func:`canonical_counts` validates (every key a string of exactly ``num_clbits`` bits, every count a
non-negative integer, at least one shot) and converts; nothing is guessed: a key of the wrong
length is an error naming the program, never padded or cut.

>>> canonical_counts({"01": 3, "10": 1}, num_clbits=2, counts_format="qiskit")
{'10': 3, '01': 1}
>>> bit_matrix({"10": 3, "01": 1})[0].tolist(), bit_matrix({"10": 3, "01": 1})[1].tolist()
([[1, 0], [0, 1]], [3, 1])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeAlias

import numpy as np

from reference._types import IntArray
from reference._validate import choice, integer

CountsFormat: TypeAlias = Literal["canonical", "qiskit", "braket"]
COUNTS_FORMATS: tuple[CountsFormat, ...] = ("canonical", "qiskit", "braket")


def _key(raw: object, num_clbits: int, fmt: str, where: str) -> str:
    if not isinstance(raw, str):
        raise TypeError(f"{where}: key {raw!r} must be a bitstring")
    key = raw.replace(" ", "").replace("_", "")
    if fmt == "qiskit" and key.lower().startswith("0x"):
        try:
            value = int(key, 16)
        except ValueError:
            raise ValueError(f"{where}: key {raw!r} is not a hexadecimal outcome") from None
        if value >= 1 << num_clbits:
            raise ValueError(f"{where}: key {raw!r} does not fit in {num_clbits} bits")
        key = format(value, f"0{num_clbits}b")
    if not key or set(key) - {"0", "1"}:
        raise ValueError(f"{where}: key {raw!r} is not a string of 0 and 1")
    if len(key) != num_clbits:
        raise ValueError(
            f"{where}: key {raw!r} has {len(key)} bits; the program measures "
            f"num_clbits={num_clbits} bits"
        )
    return key[::-1] if fmt == "qiskit" else key


def canonical_counts(
    counts: Mapping[str, object],
    *,
    num_clbits: int,
    counts_format: CountsFormat = "canonical",
    where: str = "counts",
) -> dict[str, int]:
    """``counts`` converted to canonical keys (``c[0]`` leftmost), validated; equal keys merge."""
    nb = integer("num_clbits", num_clbits, lo=1)
    fmt = choice("counts_format", counts_format, COUNTS_FORMATS)
    if not isinstance(counts, Mapping):
        raise TypeError(f"{where} must be a mapping of bitstring -> count")
    out: dict[str, int] = {}
    for raw, value in counts.items():
        key = _key(raw, nb, fmt, where)
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise TypeError(f"{where}[{raw!r}]={value!r} must be a non-negative integer")
        if int(value) < 0:
            raise ValueError(f"{where}[{raw!r}]={value!r} must be a non-negative integer")
        out[key] = out.get(key, 0) + int(value)
    if sum(out.values()) < 1:
        raise ValueError(f"{where} holds no shots")
    return out


def total_shots(counts: Mapping[str, int]) -> int:
    return int(sum(counts.values()))


def bit_matrix(counts: Mapping[str, int]) -> tuple[IntArray, IntArray]:
    """``(bits (K, num_clbits) of 0/1, weights (K,))`` of canonical counts, keys in given order."""
    keys = list(counts)
    if not keys:
        raise ValueError("counts is empty")
    bits = np.array([[int(ch) for ch in k] for k in keys], dtype=np.int64)
    weights = np.array([counts[k] for k in keys], dtype=np.int64)
    return bits, weights


__all__ = ["COUNTS_FORMATS", "CountsFormat", "bit_matrix", "canonical_counts", "total_shots"]
