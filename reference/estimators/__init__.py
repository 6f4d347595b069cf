"""Shot-based estimators on the circuit IR: measurement circuits, read-outs from counts or
probabilities (DESIGN.md, "From counts back to scores").

* :mod:`reference.estimators.swap_test`: the SWAP test and the controlled-SWAP concurrence.
"""
