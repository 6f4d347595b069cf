"""Evidence for seed 002's sparse attention: ``S002-C01..C25``, ``C30..C33``, ``S002-F01..F04``,
``F06``, ``F09`` and the reconstructed defaults ``S002-A01..A05``.

[SP] items are SymPy proofs; [HY] items are laws of :mod:`properties.sparse.laws` checked on
generated instances that satisfy the hypotheses exactly (``Q K^T == X`` bit for bit, see
:func:`properties.sparse.laws.realise`); [CX] items compare operation counters with the
stated formulas; refutations re-run the check on the stored counterexample
(``proofs/counterexamples/S002-C06, C14, C22, C23, C24.json``) and return :class:`Refuted` only if
the claim really fails there.

The evidence is split along its seams: :mod:`.structure` (definitions and lemmas), :mod:`.bounds`
(error bounds and refutations), :mod:`.counts` (complexity counts and reconstructed defaults);
shared helpers in :mod:`._common`.
"""
