"""Statistics of the seed-001 reproduction protocol (§7, §11; claims ``S001-E01..E06``).

All statistics take per-seed learning curves ``curves: (S, E)`` (seeds x epochs).

* **IQM** (Agarwal et al. 2021, ``google-research/rliable`` ``metrics.aggregate_iqm``):
  :func:`reference.pipeline.metrics.iqm` = ``scipy.stats.trim_mean(scores, 0.25)``, the mean of
  the middle 50 % (for 10 seeds it drops ``floor(0.25 * 10) = 2`` values at each end and averages
  6; ``IQM(0..9) = 4.5``).
* **Paper statistic** (§7): ``max_e IQM_s(test[s, e])``, the maximum over epochs of the per-epoch
  IQM of test accuracy (:func:`max_over_epochs`). It selects on the test set.
* **Selected statistic** (§11): ``IQM_s(test[s, e*])`` at ``e* = argmax_e IQM_s(dev[s, e])``, the
  epoch chosen on held-out training data (first maximum on ties; :func:`at_selected_epoch`).
* **Generalisation gap** (§7: train minus test accuracy): ``IQM_s(train[s, e] - test[s, e])`` at
  the final epoch (``epoch=-1``, RECONSTRUCTED: the paper does not say at which epoch).
* **Intervals of differences** (rliable ``StratifiedBootstrap``): the runs (seeds) of each task
  are resampled with replacement *within the task*, independently for the two algorithms (their
  seeds are not paired), the statistic difference ``f(A*) - f(B*)`` is recomputed per
  replicate, and the 95 % interval is the percentile interval (rliable's default method).
  "A beats B" (§11) means the difference is positive and its interval excludes 0.

Notation map: rliable ``score_dict[alg]`` ``(runs, tasks)`` -> here one ``(S, E)`` curve array per
task; ``reps`` -> ``reps``; ``confidence_interval_size=0.95`` -> ``level``.

>>> float(iqm_curve(np.arange(10.0)[:, None])[0])
4.5
>>> max_over_epochs(np.array([[0.5, 0.9], [0.7, 0.6]]))
0.75
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import FloatArray
from reference.pipeline.metrics import iqm, reporting_protocol

Statistic = Callable[[FloatArray], FloatArray]
"""Maps resampled curves ``(R, S, E)`` to one value per replicate ``(R,)``."""


def _curves(name: str, curves: npt.ArrayLike) -> FloatArray:
    return val.real_array(name, curves, ndim=2, shape_text="(S, E)", nonempty=True)


def iqm_curve(curves: npt.ArrayLike) -> FloatArray:
    """Per-epoch IQM across seeds ``(E,)`` of ``curves: (S, E)``."""
    return iqm(_curves("curves", curves), axis=0)


def max_over_epochs(curves: npt.ArrayLike) -> float:
    """The paper's statistic ``max_e IQM_s(curves[s, e])``
    (:func:`reference.pipeline.metrics.reporting_protocol`)."""
    return reporting_protocol(_curves("curves", curves)).best


def selected_epoch(dev: npt.ArrayLike) -> int:
    """``argmax_e IQM_s(dev[s, e])`` (0-based; the first maximum on ties)."""
    return int(np.argmax(iqm_curve(dev)))


def at_selected_epoch(test: npt.ArrayLike, dev: npt.ArrayLike) -> float:
    """``IQM_s(test[s, e*])`` at the epoch :func:`selected_epoch` chooses on ``dev``."""
    t, d = _curves("test", test), _curves("dev", dev)
    if t.shape != d.shape:
        raise ValueError(f"test has shape {t.shape}, dev {d.shape}; they must match")
    return float(iqm_curve(t)[selected_epoch(d)])


def generalisation_gap(train: npt.ArrayLike, test: npt.ArrayLike, *, epoch: int = -1) -> float:
    """``IQM_s(train[s, epoch] - test[s, epoch])`` (default: the final epoch)."""
    tr, te = _curves("train", train), _curves("test", test)
    if tr.shape != te.shape:
        raise ValueError(f"train has shape {tr.shape}, test {te.shape}; they must match")
    val.integer("epoch", epoch, lo=-tr.shape[1], hi=tr.shape[1] - 1)
    return float(iqm(tr[:, epoch] - te[:, epoch]))


def _iqm_rows(c: FloatArray) -> FloatArray:
    """Per-epoch IQM over axis 1 of resampled curves ``(R, S, E) -> (R, E)``."""
    return iqm(c, axis=1)


def stat_max_over_epochs(c: FloatArray) -> FloatArray:
    """Vectorised :func:`max_over_epochs` on ``(R, S, E)`` (a :data:`Statistic`)."""
    return np.asarray(_iqm_rows(c).max(axis=1), dtype=np.float64)


def stat_final_epoch(c: FloatArray) -> FloatArray:
    """IQM across seeds at the final epoch, ``(R, S, E) -> (R,)`` (a :data:`Statistic`; applied
    to ``train - test`` curves it is the vectorised :func:`generalisation_gap`)."""
    return iqm(c[:, :, -1], axis=1)


def stat_selected_epoch(c: FloatArray) -> FloatArray:
    """Vectorised :func:`at_selected_epoch` on stacked curves ``(R, S, 2E)``: the first ``E``
    columns are test accuracy, the last ``E`` dev accuracy (see :func:`stack_test_dev`)."""
    e = c.shape[2] // 2
    test, dev = _iqm_rows(c[:, :, :e]), _iqm_rows(c[:, :, e:])
    pick = np.argmax(dev, axis=1)
    return np.asarray(test[np.arange(c.shape[0]), pick], dtype=np.float64)


def stack_test_dev(test: npt.ArrayLike, dev: npt.ArrayLike) -> FloatArray:
    """``(S, 2E)`` curves ``[test | dev]`` for :func:`stat_selected_epoch`."""
    t, d = _curves("test", test), _curves("dev", dev)
    if t.shape != d.shape:
        raise ValueError(f"test has shape {t.shape}, dev {d.shape}; they must match")
    return np.concatenate([t, d], axis=1)


@dataclass(frozen=True, kw_only=True)
class Difference:
    """``point = f(A) - f(B)`` with its stratified-bootstrap percentile interval ``[lo, hi]``."""

    point: float
    lo: float
    hi: float
    level: float
    reps: int

    @property
    def positive(self) -> bool:
        """The difference is positive and its interval excludes 0 ("A beats B", §11)."""
        return self.point > 0.0 and self.lo > 0.0

    @property
    def negative(self) -> bool:
        """The difference is negative and its interval excludes 0."""
        return self.point < 0.0 and self.hi < 0.0

    def as_dict(self) -> dict[str, float]:
        return {"point": self.point, "lo": self.lo, "hi": self.hi, "level": self.level}


def _resample(c: FloatArray, reps: int, rng: np.random.Generator) -> FloatArray:
    idx = rng.integers(0, c.shape[0], size=(reps, c.shape[0]))
    return c[idx]


def bootstrap_difference(
    a: Mapping[str, npt.ArrayLike],
    b: Mapping[str, npt.ArrayLike],
    *,
    statistic: Statistic = stat_max_over_epochs,
    rng: np.random.Generator,
    reps: int = 2000,
    level: float = 0.95,
) -> Difference:
    """Stratified-bootstrap interval of ``mean_task f(A_task) - mean_task f(B_task)``.

    Args:
        a, b: task name -> ``(S, E)`` curves of algorithm A and B (same task names; the seed
            counts may differ).
        statistic: maps resampled curves ``(R, S, E)`` to ``(R,)`` (default: the paper's
            maximum over epochs of the per-epoch IQM).
        rng: the bootstrap's generator.
        reps: bootstrap replicates (rliable's default is 2000).
        level: interval coverage (0.95).
    """
    val.generator("rng", rng)
    val.integer("reps", reps, lo=10)
    val.finite_scalar("level", level, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    if not a or set(a) != set(b):
        raise ValueError(f"a has tasks {sorted(a)}, b {sorted(b)}; they must be equal, non-empty")
    point = 0.0
    reps_diff = np.zeros(reps)
    for task in sorted(a):
        ca, cb = _curves(f"a[{task!r}]", a[task]), _curves(f"b[{task!r}]", b[task])
        point += float(statistic(ca[None])[0] - statistic(cb[None])[0])
        reps_diff += statistic(_resample(ca, reps, rng)) - statistic(_resample(cb, reps, rng))
    n = len(a)
    alpha = 100.0 * (1.0 - level) / 2.0
    lo, hi = np.percentile(reps_diff / n, [alpha, 100.0 - alpha])
    return Difference(point=point / n, lo=float(lo), hi=float(hi), level=level, reps=reps)


__all__ = [
    "Difference",
    "Statistic",
    "at_selected_epoch",
    "bootstrap_difference",
    "generalisation_gap",
    "iqm_curve",
    "max_over_epochs",
    "selected_epoch",
    "stack_test_dev",
    "stat_final_epoch",
    "stat_max_over_epochs",
    "stat_selected_epoch",
]
