"""Building blocks shared by mechanisms: QUBO/Ising, QAOA, half-space reporting, Max-IP, find
sets, classical softmax attention. NumPy/SciPy only; no mechanism is registered here."""
