"""Exact gradients of the seed-001 reproduction models (issue 15).

* :mod:`.encoder`: the Figure-1 encoder (embedding, CLS, per-layer ``W_q, W_k, W_v``,
  ``softmax(s A)``, residual, positional tables, head) by hand-written reverse mode.
* :mod:`.pair_adjoint`: reverse mode through the pair-product states of the entanglement scores
  (the default): exact arithmetic of the same function.
* :mod:`.entanglement`: the entanglement scores (entropy, concurrence, SWAP test; angle
  encodings) with either the adjoint or parameter shift on every occurrence of an angle (two-term
  rule for RX/RY, four-term rule for CRX, applied to Bloch vectors, which are expectation
  values); the two agree to round-off, a cross-check of two independent exact methods.
* :mod:`.qsann`: QSANN / QSANN(CLS) by the two-term shift on every feature and ansatz angle
  (each occurs in one RX/RY gate; every readout is an expectation value).

Every model's gradient is proven equal to central finite differences with a derived tolerance
in ``tests/test_gradients.py``.
"""
