"""Evidence for QSANN (seed 001, spec §6.1): ``S001-P17``.

The seed gives QSANN no claim id of its own; of the encoder-part claims, ``S001-P17`` ("each
attention output is a convex combination of the value vectors") is the one whose evidence needs
QSANN's readouts: the Gaussian projected weights ``exp(-(zq - zk)^2)`` normalised are convex
weights, and the Paddle layer's ``y / pi`` is their mix of the value readouts. The provider also
runs the classical Eq. 1-3 layer and the encoder's layers with every score
(:func:`proofs.evidence.encoder.claims.convex_combination_cases`), so one claim has one provider.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from proofs.evidence.encoder.claims import convex_combination_cases
from proofs.ledger import Case, Evidence, EvidenceRegistry, held_or_failed
from properties.outcome import Outcome, true
from properties.qsann import laws
from reference.mechanisms import qsann as qs

EVIDENCE = EvidenceRegistry()


def _qsann_cases(rng: np.random.Generator) -> Iterator[Case]:
    cfg = qs.QSANNConfig(num_qubits=2, depth_ebd=1)
    for _ in range(20):
        p = qs.init_params(rng, cfg)
        x = rng.uniform(-np.pi, np.pi, (2, 5, 12))

        def layer(t: np.ndarray, p: qs.QSANNParams = p) -> tuple[np.ndarray, np.ndarray]:
            return qs.layer_forward(t, p, cfg, 0)

        def values(t: np.ndarray, p: qs.QSANNParams = p) -> np.ndarray:
            return qs.readouts(t, p, cfg, 0)[2]

        yield (
            laws.law_layer_convex_combination(layer, values, x, form=cfg.form),
            {"mech": "qsann", "form": cfg.form},
        )
    for _ in range(200):
        zq = rng.uniform(-1, 1, int(rng.integers(1, 9)))
        zk = rng.uniform(-1, 1, int(rng.integers(1, 9)))
        yield (
            laws.law_gaussian_weights(qs.gaussian_weights, zq, zk),
            {"mech": "qsann", "weights": "gaussian", "N": zq.size, "M": zk.size},
        )


def _structured(result: Outcome | float) -> Outcome:
    """An encoder case as named checks: an :class:`Outcome` passes through; a float (the encoder
    laws' form before their migration, owned by :mod:`properties.encoder`) is reported as the
    boolean "holds", never as a margin (its value was the smallest attention weight, not a
    distance to a tolerance)."""
    if isinstance(result, Outcome):
        return result
    s = float(result)
    ok = math.isfinite(s) and s >= 0
    return true("encoder convex-combination law holds (float slack >= 0)", ok)


@EVIDENCE.claim("S001-P17")
def convex_combination(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for result, case in convex_combination_cases(rng):
            yield _structured(result), case
        yield from _qsann_cases(rng)

    return held_or_failed(
        cases(),
        detail="classical Eq. 1-3 layers and the encoder's layers with every score (dot, QSANN, "
        "entropy, SWAP, concurrence) through the encoder's law (reported as holds / fails "
        "until that law returns named checks); QSANN layers (y / pi): W >= 0 (sign), rows "
        "summing to 1 within (M + 2) 2 eps, out = W V within 4 (M + 1) eps (1 + max|v|), and "
        "every output within the values' bounding box and along 1; QSANN's Gaussian weights "
        "equal exp(-(zq - zk)^2) normalised within 2 (M + 16) eps and lie in (0, 1)",
    )
