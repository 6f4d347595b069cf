"""The gate-model survey scores' estimators (QCSAM, QMSAN, QASA) against their mechanisms.

Exact values: each estimator's exact score (from its own measurement circuits) against the
mechanism module's independent computation (:func:`reference.mechanisms.qcsam.alpha_matrix`,
:func:`~reference.mechanisms.qcsam.forward`, :func:`reference.mechanisms.qmsan.scores`,
:func:`reference.mechanisms.qasa.expectations`). Tolerance (:func:`_tol`, as in
``tests/test_estimators_quantities.py``): a statevector of ``D`` amplitudes, each off by at most
``d = state_tolerance(circuit)``, moves an event probability by at most
``2 sqrt(D) d + D d^2``; the mechanism's own simulation adds the same for its circuit (bounded by
``64 D eps``), and the score map multiplies by its Lipschitz constant 2. A conditional probability
``P(A and S) / P(S)`` moves by at most ``2 t / P(S)`` when both probabilities move by ``t``.

End to end: ``python -m qasm plan`` -> the reference sampler as provider -> ``python -m qasm
estimate``; planned at ``delta = 1e-6`` so a miss at the fixed seed is a one-in-a-million event.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from properties.tolerances import EPS, state_tolerance
from qasm.cli import main
from qasm.plan import estimator_from_manifest, load_manifest
from reference import simulate as sim
from reference.circuit import Circuit
from reference.core import bell, swap_test
from reference.estimators.quantities import CIRCUIT_SCORES, METHODS, make_estimator
from reference.estimators.survey import (
    SURVEY_QUANTITIES,
    destructive_swap_test,
    hadamard_test_pair,
    postselected_shots,
)
from reference.mechanisms import qasa, qcsam, qmsan
from reference.registry import circuits
from tests.toolchain_gate import need


def _tol(circuit: Circuit, factor: float = 2.0) -> float:
    d = state_tolerance(circuit)
    dim = 1 << circuit.num_qubits
    return factor * (2 * math.sqrt(dim) * d + dim * d * d + 64 * dim * EPS)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("part", ["real", "imag"])
def test_overlap_equals_qcsam_alpha(seed: int, part: str) -> None:
    """SUR-QCSAM-02 read from counts: (2 P0 - 1) of the real / S-dagger tests = (Re, Im) alpha."""
    rng = np.random.default_rng(seed)
    cfg = qcsam.QCSAMConfig(num_qubits=2)
    p = qcsam.init_params(rng, cfg)
    x = rng.uniform(-math.pi, math.pi, size=(3, 2))
    alpha = qcsam.alpha_matrix(x, p, cfg)[0]
    i, j = 1, 2
    c = circuits()[f"qcsam-hadamard-{part}"].build()
    c = c.bind(qcsam.hadamard_bindings(x[i], x[j], p.query[0], p.key[0]))
    est = make_estimator(c, "overlap")
    got = est.exact()
    tol = _tol(c)
    assert abs(got[0] - alpha[i, j].real) <= tol and abs(got[1] - alpha[i, j].imag) <= tol
    re_c, im_c = hadamard_test_pair(c)
    assert [op.gate for op in im_c.gate_ops][-2:] == ["sdg", "h"]
    assert "sdg" not in [op.gate for op in re_c.gate_ops][-2:]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("method", ["swap-test", "bell"])
def test_trace_overlap_equals_qmsan_score(seed: int, method: str) -> None:
    """SUR-QMSAN-03 and H-EST-11: both forms give Tr(rho_s sigma_j) of the kept qubits."""
    rng = np.random.default_rng(seed)
    cfg = qmsan.QMSANConfig(num_qubits=2, kept_qubits=1)
    p = qmsan.init_params(rng, cfg)
    x = rng.uniform(-math.pi, math.pi, size=(3, 2))
    alpha = qmsan.scores(x, p, cfg)
    om = qmsan.positions(3, cfg)
    s, j = 0, 2
    c = qmsan.swap_test_circuit(cfg).bind(qmsan.swap_bindings(x[s], om[s], x[j], om[j], p, cfg))
    est = make_estimator(c, "trace-overlap", method=method)
    assert abs(est.exact()[0] - alpha[s, j]) <= _tol(c)


def test_destructive_form_drops_the_ancilla() -> None:
    c = swap_test(0.3, 1.2).bind()
    d = destructive_swap_test(c)
    assert d.num_qubits == c.num_qubits - 1 and d.num_clbits == 2
    f = math.cos((0.3 - 1.2) / 2) ** 2
    est = make_estimator(c, "trace-overlap", method="bell")
    assert abs(est.exact()[0] - f) <= _tol(c)


@pytest.mark.parametrize("name", ["qcsam-clcu", "qcsam-clcu-2head"])
def test_postselected_readout_equals_qcsam_forward(name: str) -> None:
    """SUR-QCSAM-03 read from counts: <Z_l | head, index = 0> of the CLCU is forward's readout,
    and the success quantity is its post-selection probability."""
    heads = 2 if name.endswith("2head") else 1
    cfg = qcsam.QCSAMConfig(num_qubits=2, num_heads=heads)
    p = qcsam.init_params(np.random.default_rng(2503), cfg)
    x = np.array([[0.3, -0.7], [1.1, 0.4]])
    out = qcsam.forward(x, p, cfg)
    c = circuits()[name].build()
    work = [c.num_qubits - 2, c.num_qubits - 1]
    est = make_estimator(c, "postselected-expval", subsystem=work)
    ps = float(out.success[0])
    tol = _tol(c) / ps
    assert np.max(np.abs(est.exact() - out.readout[0])) <= tol
    succ = make_estimator(c, "success", marked=range(4))
    assert abs(succ.exact()[0] - ps) <= _tol(c, 1.0)


def test_qasa_expval_equals_the_mechanism() -> None:
    """QASA's 8 <Z_j> by the expval estimator equal qasa.expectations."""
    rng = np.random.default_rng(7)
    cfg = qasa.QASAConfig()
    xs = rng.uniform(-1, 1, size=8)
    w = rng.uniform(0, 2 * math.pi, size=(4, 9))
    want = qasa.expectations(xs[None, :], w, cfg)[0]
    c = circuits()["qasa-pqc"].build()
    vals = {qasa.input_symbol(i): float(xs[i]) for i in range(8)}
    vals |= {qasa.weight_symbol(a, b): float(w[a, b]) for a, b in qasa.weight_slots(cfg)}
    est = make_estimator(c.bind({k: v for k, v in vals.items() if k in c.parameters}), "expval")
    assert est.labels == tuple(f"Z_{q}" for q in range(8))
    assert np.max(np.abs(est.exact() - want)) <= _tol(c)


@pytest.mark.parametrize("p", [1.0, 0.37, 0.01])
@pytest.mark.parametrize("m0", [1, 50, 3506])
def test_postselected_budget_is_the_smallest_hoeffding_total(p: float, m0: int) -> None:
    """H-EST-12: n p - sqrt(n ln(1/delta)/2) >= m0 at the budget n, and not at n - 1."""
    delta = 0.05
    n = postselected_shots(m0, p, delta)
    c = math.sqrt(math.log(1 / delta) / 2)
    assert n * p - math.sqrt(n) * c >= m0
    assert n == 1 or (n - 1) * p - math.sqrt(n - 1) * c < m0


def test_every_registered_survey_score_names_a_registered_circuit() -> None:
    table = circuits()
    for name, quantities in CIRCUIT_SCORES.items():
        assert name in table, name
        assert all(q in METHODS for q in quantities)
    for q in SURVEY_QUANTITIES.values():
        assert set(q.circuits) <= set(table)


# ---------------------------------------------------------------------------------------------
# end to end through the CLI


def _values(name: str, seed: int) -> list[str]:
    c = circuits()[name].build()
    rng = np.random.default_rng(seed)
    return [f"{p}={rng.uniform(-math.pi, math.pi):.6f}" for p in c.parameters]


def _run(argv: list[str]) -> tuple[int, str]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(argv)
    return code, buf.getvalue()


E2E = [
    ("qcsam-hadamard-real", "overlap", None, "0.1"),
    ("qcsam-hadamard-imag", "overlap", None, "0.1"),
    ("qcsam-clcu", "postselected-expval", None, "0.1"),
    ("qcsam-clcu-2head", "success", None, "0.1"),
    ("qmsan-swap-test", "trace-overlap", None, "0.1"),
    ("qmsan-swap-test", "trace-overlap", "bell", "0.1"),
    ("qasa-pqc", "expval", None, "0.2"),
]


@pytest.mark.parametrize(("name", "quantity", "method", "eps"), E2E)
def test_plan_simulate_estimate_covers_the_exact_value(
    tmp_path: Path, name: str, quantity: str, method: str | None, eps: str
) -> None:
    need("openqasm3", "pyqir", "pyqasm")
    argv = ["plan", name, "--quantity", quantity, "--epsilon", eps, "--delta", "1e-6"]
    argv += ["-o", str(tmp_path), "--no-expected"]
    if method:
        argv += ["--method", method]
    for v in _values(name, 3):
        argv += ["--param", v]
    assert _run(argv)[0] == 0
    manifest = tmp_path / "manifest.json"
    est = estimator_from_manifest(load_manifest(manifest))
    rng = np.random.default_rng(11)
    counts = {p.id: sim.sample(p.circuit, p.shots, rng) for p in est.programs()}
    (tmp_path / "counts.json").write_text(json.dumps(counts))
    code, out = _run(["estimate", str(manifest), str(tmp_path / "counts.json"), "--json"])
    assert code == 0
    res = json.loads(out)
    exact = est.exact()
    lo, hi = np.atleast_1d(res["ci_low"]), np.atleast_1d(res["ci_high"])
    assert lo.shape == exact.shape
    assert np.all(lo <= exact) and np.all(exact <= hi)
    if quantity != "postselected-expval":  # its width guarantee holds with prob. 1 - delta
        assert np.all(hi - lo <= 2 * float(eps) + 1e-12)


def test_postselection_with_no_kept_shot_is_refused() -> None:
    est = make_estimator(circuits()["qcsam-clcu"].build(), "postselected-expval", subsystem=[1, 2])
    with pytest.raises(ValueError, match="post-selection"):
        est.estimate({"postselected-expval-z": {"100": est.budget}})


_HAD = circuits()["qcsam-hadamard-real"].build()

BAD = [
    (lambda: make_estimator(bell().measure_all(), "overlap"), ValueError, "Hadamard test"),
    (
        lambda: make_estimator(Circuit.build(2).h(0).x(1).measure([0]).done(), "overlap"),
        ValueError,
        "Hadamard test",
    ),
    (lambda: make_estimator(bell().measure_all(), "trace-overlap"), ValueError, "SWAP test"),
    (lambda: make_estimator(bell(), "postselected-expval"), ValueError, "subsystem"),
    (
        lambda: make_estimator(bell(), "postselected-expval", subsystem=[0, 1]),
        ValueError,
        "subsystem",
    ),
    (
        lambda: make_estimator(swap_test(0.1, 0.2).bind(), "trace-overlap", method="x"),
        ValueError,
        "method",
    ),
    (lambda: make_estimator(_HAD, "overlap"), ValueError, "unbound"),
    (lambda: postselected_shots(10, 0.0, 0.05), ValueError, "p="),
    (lambda: postselected_shots(10, 0.5, 1.5), ValueError, "delta"),
]


@pytest.mark.parametrize(("call", "exc", "match"), BAD)
def test_bad_input(call: object, exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()  # type: ignore[operator]
