"""Laws, strategies and Hypothesis properties of QSANN (seed 001, spec §6.1)."""
