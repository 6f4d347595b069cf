"""Evaluation metrics and the reporting protocol of seed 001 (§7).

* **NEA** (Nearest Exemplar Accuracy, seed §5 "Evaluation Metrics"): the mean CLS embedding of the
  **training** samples of each class is a prototype; a test sample gets the class whose prototype
  has the highest cosine similarity; NEA is the accuracy of those predictions (claim ``S001-P22``:
  invariant to positive rescaling of any single test embedding, and of all embeddings at once).
* **IQM** (interquartile mean, Agarwal et al. 2021; ``google-research/rliable`` ``aggregate_iqm``):
  the 25 % trimmed mean, equal to ``scipy.stats.trim_mean(x, 0.25)``: ``floor(n/4)`` values are
  cut at each end (claim ``S001-P21``: for 10 seeds the mean of the sorted values ``[2:8]``;
  IQM(0..9) = 4.5).
* **Reporting protocol** (Table 2 caption, Fig. 2): IQM across seeds **per epoch**, then the
  **maximum over epochs**; generalisation gap = train accuracy - test accuracy.

Degenerate inputs (defined behaviour): a zero-norm embedding has cosine 0 with every prototype;
ties go to the lowest class index; a class with no training sample has no prototype and is
rejected.

>>> float(iqm(np.arange(10.0)))
4.5
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import FloatArray, IntArray


def iqm(x: npt.ArrayLike, *, axis: int | None = None) -> FloatArray:
    """Interquartile mean: 25 % trimmed mean, ``scipy.stats.trim_mean(x, 0.25, axis=axis)``.

    Sorts along ``axis`` (flattened when ``None``), drops ``floor(0.25 n)`` values at each end and
    averages the rest (claim ``S001-P21``). Returns a 0-d array (``axis=None``) or the reduced
    array.

    >>> float(iqm([1.0, 2.0, 3.0, 100.0]))
    2.5
    """
    a = val.real_array("x", x)
    if axis is None:
        a = a.reshape(-1)
        axis = 0
    if a.ndim == 0:
        raise ValueError("x must have at least one dimension")
    n = a.shape[axis]
    if n == 0:
        raise ValueError(f"x has shape {a.shape}: IQM of an empty sample is undefined")
    cut = int(0.25 * n)
    s = np.sort(a, axis=axis)
    kept = np.take(s, np.arange(cut, n - cut), axis=axis)
    return np.asarray(np.mean(kept, axis=axis), dtype=np.float64)


@dataclass(frozen=True, kw_only=True)
class ProtocolResult:
    """Per-epoch IQM across seeds and its maximum over epochs (the reported number).

    Attributes:
        per_epoch: ``(epochs,)`` IQM across seeds.
        best: ``max(per_epoch)``; best_epoch: its first index.
    """

    per_epoch: FloatArray
    best: float
    best_epoch: int


def reporting_protocol(scores: npt.ArrayLike) -> ProtocolResult:
    """The paper's protocol: IQM across seeds per epoch, then the maximum over epochs.

    Args:
        scores: ``(seeds, epochs)`` accuracies.

    >>> r = reporting_protocol(np.array([[0.1, 0.5], [0.3, 0.7], [0.2, 0.6], [0.4, 0.2]]))
    >>> r.per_epoch.round(3).tolist(), r.best_epoch
    ([0.25, 0.55], 1)
    """
    a = val.real_array("scores", scores, ndim=2, shape_text="(seeds, epochs)", nonempty=True)
    per = iqm(a, axis=0)
    i = int(np.argmax(per))
    return ProtocolResult(per_epoch=per, best=float(per[i]), best_epoch=i)


def generalisation_gap(train_accuracy: npt.ArrayLike, test_accuracy: npt.ArrayLike) -> FloatArray:
    """``train - test`` (elementwise; shapes must match).

    >>> float(generalisation_gap(0.9, 0.75))
    0.15000000000000002
    """
    tr = val.real_array("train_accuracy", train_accuracy)
    te = val.real_array("test_accuracy", test_accuracy)
    if tr.shape != te.shape:
        raise ValueError(f"train_accuracy shape {tr.shape} != test_accuracy shape {te.shape}")
    return np.asarray(tr - te, dtype=np.float64)


def _labels(name: str, y: npt.ArrayLike, m: int) -> IntArray:
    a = np.asarray(y)
    if a.shape != (m,) or not np.issubdtype(a.dtype, np.integer):
        raise ValueError(f"{name} has shape {a.shape} / dtype {a.dtype}; expected ({m},) ints")
    if np.any(a < 0):
        raise ValueError(f"{name} must be non-negative class indices")
    return a.astype(np.int64)


def _embeddings(name: str, e: npt.ArrayLike) -> FloatArray:
    return val.real_array(name, e, ndim=2, shape_text="(M >= 1, d >= 1)", nonempty=True)


def class_means(
    train_embeddings: npt.ArrayLike, train_labels: npt.ArrayLike, *, num_classes: int
) -> FloatArray:
    """``(num_classes, d)`` mean training embedding per class (every class must occur)."""
    e = _embeddings("train_embeddings", train_embeddings)
    y = _labels("train_labels", train_labels, e.shape[0])
    num_classes = val.integer("num_classes", num_classes, lo=1)
    if np.any(y >= num_classes):
        raise ValueError(f"train_labels must be < num_classes={num_classes}")
    counts = np.bincount(y, minlength=num_classes)
    if np.any(counts == 0):
        missing = np.flatnonzero(counts == 0).tolist()
        raise ValueError(f"train_labels: classes {missing} have no training sample (no prototype)")
    sums = np.zeros((num_classes, e.shape[1]))
    np.add.at(sums, y, e)
    return np.asarray(sums / counts[:, None], dtype=np.float64)


def cosine_similarity(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """``(M, K)`` cosines between rows of ``a: (M, d)`` and ``b: (K, d)``; 0 for a zero row."""
    x = _embeddings("a", a)
    z = _embeddings("b", b)
    if x.shape[1] != z.shape[1]:
        raise ValueError(f"a has shape {x.shape} and b has shape {z.shape}: widths differ")
    nx = np.linalg.norm(x, axis=1, keepdims=True)
    nz = np.linalg.norm(z, axis=1, keepdims=True)
    xs = np.divide(x, nx, out=np.zeros_like(x), where=nx > 0)
    zs = np.divide(z, nz, out=np.zeros_like(z), where=nz > 0)
    return np.asarray(np.clip(xs @ zs.T, -1.0, 1.0), dtype=np.float64)


def nea_predict(
    train_embeddings: npt.ArrayLike,
    train_labels: npt.ArrayLike,
    test_embeddings: npt.ArrayLike,
    *,
    num_classes: int,
) -> IntArray:
    """Nearest-exemplar predictions ``(M_test,)``: argmax cosine to the class means."""
    means = class_means(train_embeddings, train_labels, num_classes=num_classes)
    te = _embeddings("test_embeddings", test_embeddings)
    if te.shape[1] != means.shape[1]:
        raise ValueError(
            f"test_embeddings has width {te.shape[1]}; training embeddings have {means.shape[1]}"
        )
    return np.asarray(np.argmax(cosine_similarity(te, means), axis=1), dtype=np.int64)


def nea(
    train_embeddings: npt.ArrayLike,
    train_labels: npt.ArrayLike,
    test_embeddings: npt.ArrayLike,
    test_labels: npt.ArrayLike,
    *,
    num_classes: int,
) -> float:
    """Nearest Exemplar Accuracy in ``[0, 1]`` (claim ``S001-P22``).

    >>> tr = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> nea(tr, np.array([0, 1]), np.array([[2.0, 0.1], [0.1, 3.0]]), np.array([0, 1]),
    ...     num_classes=2)
    1.0
    """
    pred = nea_predict(train_embeddings, train_labels, test_embeddings, num_classes=num_classes)
    yt = _labels("test_labels", test_labels, pred.shape[0])
    return float(np.mean(pred == yt))


__all__ = [
    "ProtocolResult",
    "class_means",
    "cosine_similarity",
    "generalisation_gap",
    "iqm",
    "nea",
    "nea_predict",
    "reporting_protocol",
]
