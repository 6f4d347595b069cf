"""Evidence for the Grover / half-space / Max-IP claims of seed 002.

Claims: S002-C26..C29 (Grover, Theorem 3.1), S002-C34..C37 (half-space reporting, Lemma 7.3,
Max-IP, Lemma 8.3), S002-C38 / F05 (the k = 1 promise gap), S002-C39 / A06 (failure model),
S002-C40 (attribution, uncheckable), S002-F07 (exponent comparison), S002-F08 (wording slips).
Every verdict is computed at run time from the reference (:mod:`reference.mechanisms.grover`,
:mod:`reference.algorithms.halfspace`, :mod:`reference.algorithms.maxip`) and the laws of
:mod:`properties.grover.laws`.

The evidence is split along its seams: :mod:`.search` (Grover), :mod:`.halfspace` (half-space
reporting, Max-IP).
"""
