"""One module (or package, past ~500 lines) per registered mechanism.

The module name is the mechanism's registry key with hyphens as underscores; the same name is
its folder under ``properties/`` and its evidence module under ``proofs/evidence/``.
"""
