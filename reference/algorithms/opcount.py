"""Operation counters incremented by the arithmetic itself (ledger rule: "counted" verdicts).

A mechanism that wants its cost measured routes its matrix products through
:meth:`OpCounter.matmul` / :meth:`OpCounter.einsum`; the counter adds the multiply-adds actually
performed by that call (``prod(shape of the broadcast operands over the contracted indices)``)
and one "product" per call. Replacing the computation with a different one changes the count,
so a count is never a formula compared with itself.

>>> import numpy as np
>>> c = OpCounter()
>>> _ = c.matmul(np.ones((2, 3)), np.ones((3, 5)))
>>> (c.products, c.madds)
(1, 30)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numpy as np
import numpy.typing as npt

S = TypeVar("S", bound=np.generic)


@dataclass
class OpCounter:
    """Counts matrix products and multiply-adds performed through it.

    Attributes:
        products: number of matrix-product calls (batched calls count once per batch element).
        madds: multiply-add operations (``m k n`` per ``(m, k) @ (k, n)``, times the batch).
        elementwise: element-wise transcendental evaluations (``exp``, ``log``) routed through it.
        adds: element-wise additions / divisions / reductions routed through it (one per scalar
            operation performed: :meth:`segment_sum`, :meth:`column_sum`, :meth:`add_outer`,
            :meth:`divide_rows`).
    """

    products: int = 0
    madds: int = 0
    elementwise: int = 0
    adds: int = 0

    def matmul(self, a: npt.NDArray[S], b: npt.NDArray[Any]) -> npt.NDArray[S]:
        """``a @ b`` (NumPy broadcasting rules), counted."""
        out = cast("npt.NDArray[S]", np.matmul(a, b))
        k = a.shape[-1]
        batch = math.prod(out.shape[:-2]) if out.ndim > 2 else 1
        rows = out.shape[-2] if out.ndim >= 2 else 1
        cols = out.shape[-1] if b.ndim >= 2 else 1
        self.products += batch
        self.madds += batch * rows * cols * k
        return out

    def einsum(self, spec: str, *ops: npt.NDArray[S]) -> npt.NDArray[S]:
        """``np.einsum(spec, *ops)`` counted as ``prod(size of every index)`` multiply-adds
        (one product per call): the cost of the direct summation einsum performs."""
        lhs = spec.split("->")[0].split(",")
        sizes: dict[str, int] = {}
        for letters, op in zip(lhs, ops, strict=True):
            for ch, n in zip(letters, op.shape, strict=True):
                sizes[ch] = n
        self.products += 1
        self.madds += math.prod(sizes.values())
        return cast(
            "npt.NDArray[S]", np.einsum(spec, *cast("tuple[Any, ...]", ops), optimize=False)
        )

    def spmm(self, a: Any, b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``a @ b`` for a SciPy sparse ``a`` (CSR), counted as one multiply-add per stored entry
        of ``a`` per column of ``b`` (``a.nnz * b.shape[1]``): the work CSR SpMM performs."""
        out = np.asarray(a @ b, dtype=np.float64)
        cols = b.shape[1] if b.ndim == 2 else 1
        self.products += 1
        self.madds += int(a.nnz) * int(cols)
        return out

    def segment_sum(
        self, vals: npt.NDArray[np.float64], indptr: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Per-segment sums of ``vals`` over the CSR ``indptr`` (0 for an empty segment);
        one addition per summed entry."""
        n = indptr.size - 1
        out = np.zeros(n)
        nonempty = np.flatnonzero(np.diff(indptr) > 0)
        if nonempty.size:
            out[nonempty] = np.add.reduceat(vals, indptr[:-1][nonempty])
        self.adds += int(indptr[-1] - indptr[0])
        return out

    def column_sum(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``x.sum(axis=0)``: one addition per entry of ``x``."""
        self.adds += int(x.size)
        out: npt.NDArray[np.float64] = x.sum(axis=0)
        return out

    def add_outer(
        self, y: npt.NDArray[np.float64], u: npt.NDArray[np.float64], v: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """``y + u v^T`` (``y: (n, m)``, ``u: (n,)``, ``v: (m,)``): one multiply-add per entry."""
        out: npt.NDArray[np.float64] = y + u[:, None] * v[None, :]
        self.madds += int(out.size)
        return out

    def divide_rows(
        self, y: npt.NDArray[np.float64], r: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """``y / r[:, None]``: one division per entry of ``y``."""
        out: npt.NDArray[np.float64] = y / r[:, None]
        self.adds += int(out.size)
        return out

    def exp(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``np.exp(x)``, counting one element-wise evaluation per entry."""
        self.elementwise += int(x.size)
        out: npt.NDArray[np.float64] = np.exp(x)
        return out


def fitted_exponent(sizes: npt.ArrayLike, counts: npt.ArrayLike) -> float:
    """Least-squares slope of ``log(count)`` against ``log(size)``."""
    x = np.log(np.asarray(sizes, dtype=np.float64))
    y = np.log(np.asarray(counts, dtype=np.float64))
    return float(np.polyfit(x, y, 1)[0])


__all__ = ["OpCounter", "fitted_exponent"]
