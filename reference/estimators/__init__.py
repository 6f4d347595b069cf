"""Shot-based estimators on the circuit IR: measurement circuits, estimates from counts with
confidence intervals, and shot budgets (DESIGN.md, "From counts back to scores").

* :mod:`~reference.estimators.swap_test`: the SWAP test and the controlled-SWAP concurrence
  circuits and their exact probabilities; :mod:`~reference.estimators.swap`: their estimators.
* :mod:`~reference.estimators.two_copy`: purity and Renyi-2 entropy by the two-copy test (ancilla
  and Bell-basis forms); :mod:`~reference.estimators.shadows`: by randomized Pauli measurements.
* :mod:`~reference.estimators.expval`: ``<Z_j>`` with simultaneous intervals;
  :mod:`~reference.estimators.grover`: Grover success probability.
* :mod:`~reference.estimators.intervals`, :mod:`~reference.estimators.counts`,
  :mod:`~reference.estimators.base`, :mod:`~reference.estimators.quantities`: intervals and
  budgets, counts and bit orders, the common estimator, quantity names for ``python -m qasm plan``.
* :mod:`~reference.estimators.survey`: the gate-model survey scores (QCSAM complex overlap and
  post-selected CLCU readout, QMSAN ``Tr(rho sigma)`` by the SWAP test or its Bell form), one
  registration each in its ``SURVEY_QUANTITIES``.
* :mod:`~reference.estimators.noisy`: the value an estimator converges to under a noise model;
  :mod:`~reference.estimators.scores`: Renyi-2 attention scores (``S_vN >= S_2``: the von
  Neumann entropy has no single-measurement estimator).
"""
