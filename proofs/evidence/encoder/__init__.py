"""Evidence for the seed-001 Figure-1 encoder part (attention, encoder, metrics, noise, datasets),
split along its seams: :mod:`.claims` (``S001-P16``, ``P18`` .. ``P24``), :mod:`.defaults`
(``S001-A06..A09, A12, A16, A19..A22``) and :mod:`.empirical` (``S001-E01..E06``, decided from
the stored reproduction results in ``proofs/data/reproduction``). ``S001-P17`` is provided by
:mod:`proofs.evidence.qsann` (with this package's classical and encoder cases)."""
