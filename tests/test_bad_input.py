"""Bad input of the foundation: every row raises a clear error naming the argument."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from reference import gates as g
from reference import quantum_info as qi
from reference import simulate as sim
from reference.circuit import Circuit, Op, Param

SYM = Circuit.build(1).rx(0, Param("theta")).done()

BAD: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    ("unknown-gate", lambda: Op("foo", (0,)), ValueError, "gate='foo' is unknown"),
    ("unknown-gate-matrix", lambda: g.matrix("toffoli"), ValueError, "gate='toffoli'"),
    ("wrong-param-count", lambda: Op("rx", (0,), ()), ValueError, "params=.*takes 1"),
    ("too-many-params", lambda: Op("h", (0,), (0.1,)), ValueError, "params=.*takes 0"),
    ("wrong-arity", lambda: Op("cx", (0,)), ValueError, "qubits=.*acts on 2"),
    ("variadic-needs-two", lambda: Op("mcx", (0,)), ValueError, "at least 2"),
    (
        "qubit-out-of-range",
        lambda: Circuit(2, (Op("h", (2,)),)),
        ValueError,
        "qubit 2 out of range for num_qubits=2",
    ),
    ("negative-qubit", lambda: Op("h", (-1,)), ValueError, "negative qubit"),
    ("repeated-qubit", lambda: Op("cx", (1, 1)), ValueError, "repeated qubit"),
    ("repeated-qubit-cswap", lambda: Op("cswap", (0, 1, 0)), ValueError, "repeated qubit"),
    ("nan-parameter", lambda: Op("rx", (0,), (float("nan"),)), ValueError, "must be finite"),
    ("inf-parameter", lambda: Op("rz", (0,), (float("inf"),)), ValueError, "must be finite"),
    ("unbound-symbol", lambda: sim.statevector(SYM), ValueError, "symbol 'theta' is unbound"),
    (
        "nan-binding",
        lambda: sim.statevector(SYM, bindings={"theta": float("nan")}),
        ValueError,
        "bindings\\['theta'\\] contains NaN",
    ),
    (
        "binding-shape",
        lambda: sim.statevector(SYM, bindings={"theta": np.zeros((2, 2))}),
        ValueError,
        "bindings\\['theta'\\] has shape",
    ),
    ("bind-nan", lambda: SYM.bind(theta=float("nan")), ValueError, "theta=nan must be finite"),
    ("bind-unknown", lambda: SYM.bind(phi=1.0), ValueError, "not parameters"),
    ("zero-qubits", lambda: Circuit(0), ValueError, "num_qubits=0"),
    ("bad-symbol-name", lambda: Param("2x"), ValueError, "identifier"),
    (
        "batch-mismatch",
        lambda: sim.statevector_batch([SYM.bind(theta=0.1), Circuit(1)]),
        ValueError,
        "structure",
    ),
    ("unbound-batch", lambda: sim.statevector_batch([SYM]), ValueError, "unbound"),
    ("channel-not-cptp", lambda: sim.Channel((np.eye(2) * 0.5,)), ValueError, "trace preserving"),
    ("probability-range", lambda: sim.depolarizing(1.5), ValueError, "px=1.5"),
    (
        "unphysical-t2",
        lambda: sim.thermal_relaxation(100.0, 250.0, 1.0),
        ValueError,
        "t2=250.0 > 2\\*t1",
    ),
    ("negative-t1", lambda: sim.thermal_relaxation(-1.0, 1.0, 1.0), ValueError, "t1=-1.0"),
    (
        "shots-zero",
        lambda: sim.sample_counts(np.array([1.0, 0]), 0, np.random.default_rng()),
        ValueError,
        "shots=0",
    ),
    (
        "rng-not-generator",
        lambda: sim.sample_counts(np.array([1.0, 0]), 5, 42),  # type: ignore[arg-type]
        TypeError,
        "numpy.random.Generator",
    ),
    (
        "probs-not-normalised",
        lambda: sim.sample_counts(np.array([0.5, 0.2]), 5, np.random.default_rng()),
        ValueError,
        "sum to 1",
    ),
    (
        "state-not-power-of-two",
        lambda: qi.entanglement_entropy(np.ones(3), [0]),
        ValueError,
        "not a power of two",
    ),
    ("state-nan", lambda: qi.purity(np.full((2, 2), np.nan)), ValueError, "NaN"),
    (
        "subsystem-out-of-range",
        lambda: qi.entanglement_entropy(np.array([1.0, 0, 0, 0]), [2]),
        ValueError,
        "subsystem=\\[2\\]",
    ),
    (
        "wootters-needs-two-qubits",
        lambda: qi.concurrence_wootters(np.eye(8) / 8),
        ValueError,
        "2 qubits",
    ),
    ("pauli-length", lambda: sim.expval_pauli(np.array([1.0, 0]), "ZZ"), ValueError, "pauli='ZZ'"),
    (
        "initial-not-normalised",
        lambda: sim.statevector(Circuit(1), initial=[1.0, 1.0]),
        ValueError,
        "normalised",
    ),
]


@pytest.mark.parametrize(("call", "exc", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_raises_clear_error(
    call: Callable[[], object], exc: type[Exception], match: str
) -> None:
    with pytest.raises(exc, match=match):
        call()
