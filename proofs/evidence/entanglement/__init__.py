"""Evidence for the entanglement-attention claims of seed 001 (``S001-P01`` .. ``S001-P15``,
``S001-P25``) and the reconstructed defaults ``S001-A01`` .. ``A05``, ``A10``, ``A11``, ``A13`` ..
``A15``, ``A17``, ``A18`` implemented in :mod:`reference.mechanisms.entanglement`.

SymPy proofs run the *gate lists of the circuits the reference emits* on symbolic amplitudes with
exact gate matrices (``H = [[1, 1], [1, -1]] / sqrt 2``, ``CSWAP`` as a permutation); the numeric
gate table is tied to those matrices by ``H-CORE-09``.

Modules: :mod:`.claims` (``S001-P..``), :mod:`.defaults` and :mod:`.defaults_measures`
(``S001-A..``: the option exists with the stated default and the alternative changes the
behaviour where it should; every case carries named checks), the shared case
generators and reference bindings in :mod:`._common`, the exact SymPy simulation in
:mod:`.symbolic`. The ledger discovers the ``EVIDENCE`` registry of each submodule.
"""
