"""Comparisons used by the interop suite, with failure messages that show the whole case.

* :func:`assert_state_equal`: amplitude-wise ``|got - want| <= atol`` (default ``1e-10``); the
  message prints the toolchain, the circuit, the first differing amplitude (index and bitstring,
  qubit 0 leftmost) and the emitted source.
* :func:`counts_verdict` / :func:`assert_counts_agree`: sampled counts against reference
  probabilities. Two tests at a fixed seed, both with a false-alarm probability at most ``delta``:

  - total variation (Bretagnolle-Huber-Carol inequality): for ``N`` shots over ``K`` outcomes,
    ``P(||p_hat - p||_1 >= eps) <= 2**K exp(-N eps**2 / 2)``, so the L1 tolerance is
    ``eps = sqrt(2 (K ln 2 + ln(1 / delta)) / N)`` (distribution free, no asymptotics);
  - Pearson chi-square on the outcomes with expected count ``>= 5`` (the rest pooled), p-value
    from the chi-square distribution, rejected below ``delta``;

  plus: an outcome whose reference probability is below ``1e-12`` must never appear (the chance
  of it happening at all is below ``K N 1e-12``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

from reference._types import ComplexArray, FloatArray
from reference.circuit import Circuit

STATE_ATOL = 1e-10
DELTA = 1e-9
IMPOSSIBLE = 1e-12


def describe(circuit: Circuit, bindings: Mapping[str, float] | None = None) -> str:
    lines = [f"circuit {circuit.name or '?'}: {circuit.num_qubits} qubits, {len(circuit)} ops"]
    for op in circuit.ops:
        params = ", ".join(str(p) for p in op.params)
        extra = f" -> c{list(op.clbits)}" if op.clbits else ""
        lines.append(f"  {op.gate}({params}) {list(op.qubits)}{extra}")
    if bindings:
        lines.append(f"  bindings: {dict(bindings)}")
    return "\n".join(lines)


def assert_state_equal(
    got: ComplexArray,
    want: ComplexArray,
    *,
    toolchain: str,
    circuit: Circuit,
    source: str | bytes = "",
    bindings: Mapping[str, float] | None = None,
    atol: float = STATE_ATOL,
    up_to_global_phase: bool = False,
) -> None:
    """Fail with the circuit, the toolchain and the first differing amplitude.

    With ``up_to_global_phase`` the toolchain's state is first multiplied by the unit phase
    ``<got|want> / |<got|want>|`` (for simulators that do not track the unobservable global
    phase); every relative phase and magnitude is still compared to ``atol``.
    """
    got = np.asarray(got, dtype=np.complex128)
    want = np.asarray(want, dtype=np.complex128)
    if up_to_global_phase and got.shape == want.shape:
        overlap = np.vdot(got, want)
        if abs(overlap) > 0:
            got = got * (overlap / abs(overlap))
    if got.shape != want.shape:
        raise AssertionError(
            f"[{toolchain}] state shape {got.shape} != reference {want.shape}\n"
            f"{describe(circuit, bindings)}"
        )
    diff = np.abs(got - want)
    bad = np.flatnonzero(diff > atol)
    if bad.size:
        i = int(bad[0])
        n = circuit.num_qubits
        src = source.decode(errors="replace") if isinstance(source, bytes) else source
        raise AssertionError(
            f"[{toolchain}] statevector differs from the reference at {bad.size} amplitude(s); "
            f"first: index {i} |{format(i, f'0{n}b')}> (qubit 0 leftmost): "
            f"got {got[i]:.15g}, reference {want[i]:.15g}, |diff| = {diff[i]:.3g} > {atol:g}\n"
            f"{describe(circuit, bindings)}\n--- emitted program ---\n{src}"
        )


@dataclass(frozen=True)
class CountsVerdict:
    ok: bool
    l1: float
    l1_tolerance: float
    chi2_pvalue: float
    impossible: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"L1 distance {self.l1:.4f} (tolerance {self.l1_tolerance:.4f}), chi-square p-value "
            f"{self.chi2_pvalue:.3g} (reject below {DELTA:g}), impossible outcomes seen: "
            f"{list(self.impossible)}"
        )


def l1_tolerance(num_outcomes: int, shots: int, delta: float = DELTA) -> float:
    """Bretagnolle-Huber-Carol L1 tolerance (see the module docstring)."""
    return math.sqrt(2.0 * (num_outcomes * math.log(2.0) + math.log(1.0 / delta)) / shots)


def counts_verdict(
    counts: Mapping[str, int], probs: FloatArray, *, delta: float = DELTA
) -> CountsVerdict:
    """Compare ``counts`` (keys: bitstrings, classical bit 0 leftmost) with ``probs``."""
    p = np.asarray(probs, dtype=np.float64)
    k = p.shape[0]
    width = max(1, (k - 1).bit_length())
    observed = np.zeros(k)
    for key, v in counts.items():
        if len(key) != width or set(key) - {"0", "1"}:
            raise AssertionError(f"malformed outcome {key!r} (expected {width} bits)")
        observed[int(key, 2)] += v
    shots = int(observed.sum())
    l1 = float(np.abs(observed / shots - p).sum())
    tol = l1_tolerance(k, shots, delta)
    impossible = tuple(
        format(i, f"0{width}b") for i in np.flatnonzero((p < IMPOSSIBLE) & (observed > 0))
    )
    expected = p * shots
    big = expected >= 5.0
    obs_bins = [*observed[big].tolist(), float(observed[~big].sum())]
    exp_bins = [*expected[big].tolist(), float(expected[~big].sum())]
    if exp_bins[-1] < 5.0:  # fold a small pooled bin into the largest one
        j = int(np.argmax(exp_bins[:-1])) if len(exp_bins) > 1 else 0
        obs_bins[j] += obs_bins.pop()
        exp_bins[j] += exp_bins.pop()
    if len(exp_bins) > 1:
        o, e = np.asarray(obs_bins), np.asarray(exp_bins)
        stat = float(((o - e) ** 2 / e).sum())
        pvalue = float(stats.chi2.sf(stat, len(exp_bins) - 1))
    else:
        pvalue = 1.0
    ok = l1 <= tol and pvalue >= delta and not impossible
    return CountsVerdict(ok, l1, tol, pvalue, impossible)


def assert_counts_agree(
    counts: Mapping[str, int],
    probs: FloatArray,
    *,
    toolchain: str,
    circuit: Circuit,
    source: str | bytes = "",
    bindings: Mapping[str, float] | None = None,
) -> None:
    verdict = counts_verdict(counts, probs)
    if not verdict.ok:
        src = source.decode(errors="replace") if isinstance(source, bytes) else source
        top = sorted(counts.items(), key=lambda kv: -kv[1])[:8]
        n = max(1, (len(probs) - 1).bit_length())
        ref = {format(i, f"0{n}b"): round(float(v), 4) for i, v in enumerate(probs) if v > 1e-3}
        raise AssertionError(
            f"[{toolchain}] shot counts disagree with the reference probabilities: {verdict}\n"
            f"counts (top): {top}\nreference: {ref}\n{describe(circuit, bindings)}\n"
            f"--- emitted program ---\n{src}"
        )
