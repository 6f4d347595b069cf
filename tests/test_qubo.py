"""Unit tests of :mod:`reference.algorithms.qubo`: oracles, dimod interoperability, solvers, bad
input.

Claims: SUR-QAMA-02 (Ising / Pauli forms, also against dimod's own conversion), SUR-QAMA-03
(single-flip identity, annealer post-condition)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reference.algorithms.annealing import SimulatedAnnealing
from reference.algorithms.qubo import (
    QUBO,
    BruteForce,
    Ising,
    QUBOSolver,
    all_energies,
    basis_bits,
    brute_force,
    from_ising,
    pauli_diagonal,
    qubo_from_terms,
    to_ising,
    upper_terms,
)
from tests import _bad_input as bad_input


def _random(n: int, seed: int) -> QUBO:
    rng = np.random.default_rng(seed)
    return QUBO.from_matrix(rng.normal(size=(n, n)), offset=0.25, symmetrize="average")


def test_hand_oracle_two_variables() -> None:
    """E = x0 + x1 - 2 x0 x1 (XNOR-like): minima at 00 and 11, value 0; 01 and 10 give 1."""
    q = QUBO.from_matrix([[1.0, -1.0], [-1.0, 1.0]])
    assert q.energy(basis_bits(2)).tolist() == [0.0, 1.0, 1.0, 0.0]
    ex = brute_force(q)
    assert ex.x.tolist() == [0, 0]
    assert ex.degeneracy == 2
    assert ex.gap == 1.0


@pytest.mark.parametrize("n", [3, 5, 7])
def test_sur_qama_02_ising_round_trip(n: int) -> None:
    """SUR-QAMA-02: to_ising / from_ising are inverse and preserve every energy."""
    q = _random(n, n)
    ising = to_ising(q)
    x = basis_bits(n)
    np.testing.assert_allclose(ising.energy(2 * x - 1), all_energies(q), atol=1e-12)
    back = from_ising(ising)
    np.testing.assert_allclose(back.matrix, q.matrix, atol=1e-14)
    assert back.offset == pytest.approx(q.offset, abs=1e-14)
    np.testing.assert_allclose(pauli_diagonal(q), all_energies(q), atol=1e-12)


@pytest.mark.parametrize("n", [3, 5, 7])
def test_sur_qama_03_flip_deltas_match_energy_differences(n: int) -> None:
    """SUR-QAMA-03: flip_deltas equals E(x xor e_i) - E(x)."""
    q = _random(n, 10 + n)
    x = basis_bits(n)
    d = q.flip_deltas(x)
    for i in range(n):
        y = x.copy()
        y[:, i] ^= 1
        np.testing.assert_allclose(q.energy(y) - q.energy(x), d[:, i], atol=1e-12)


def test_terms_round_trip() -> None:
    q = _random(5, 3)
    back = qubo_from_terms(5, upper_terms(q), offset=q.offset)
    np.testing.assert_allclose(back.matrix, q.matrix, atol=1e-15)


# ---------------------------------------------------------------------------------------------
# dimod interoperability


@pytest.mark.parametrize("n", [3, 5, 7])
def test_dimod_round_trip_and_energies(n: int) -> None:
    """Our QUBO -> dimod BQM -> our QUBO, equal energies on all states; Ising matches dimod's."""
    dimod = pytest.importorskip("dimod")
    q = _random(n, 20 + n)
    bqm = dimod.BinaryQuadraticModel.from_qubo(upper_terms(q), offset=q.offset)
    x = basis_bits(n)
    samples = [dict(enumerate(row.tolist())) for row in x]
    e_dimod = np.asarray(bqm.energies((np.asarray(x), list(range(n)))))
    np.testing.assert_allclose(e_dimod, all_energies(q), atol=1e-12)
    lin, (ri, ci, qb), off = bqm.to_numpy_vectors(variable_order=list(range(n)))
    terms = {(i, i): float(v) for i, v in enumerate(lin)}
    for i, j, v in zip(ri, ci, qb, strict=True):
        terms[(int(i), int(j))] = terms.get((int(i), int(j)), 0.0) + float(v)
    back = qubo_from_terms(n, terms, offset=float(off))
    np.testing.assert_allclose(back.matrix, q.matrix, atol=1e-14)
    # spin side: dimod's change of variable type is our to_ising
    spin = bqm.spin
    ising = to_ising(q)
    np.testing.assert_allclose([spin.linear[i] for i in range(n)], ising.h, atol=1e-12)
    for (a, b), v in spin.quadratic.items():
        i, j = min(a, b), max(a, b)
        assert v == pytest.approx(ising.J[i, j], abs=1e-12)
    assert spin.offset == pytest.approx(ising.offset, abs=1e-12)
    assert len(samples) == 1 << n


def test_dimod_exact_solver_agrees_with_brute_force() -> None:
    dimod = pytest.importorskip("dimod")
    q = _random(7, 99)
    bqm = dimod.BinaryQuadraticModel.from_qubo(upper_terms(q), offset=q.offset)
    best = dimod.ExactSolver().sample(bqm).first
    assert best.energy == pytest.approx(brute_force(q).energy, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# solvers


@pytest.mark.parametrize("solver", [BruteForce(), SimulatedAnnealing(sweeps=50, restarts=8)])
def test_solvers_satisfy_protocol(solver: QUBOSolver) -> None:
    assert isinstance(solver, QUBOSolver)
    q = _random(7, 5)
    sol = solver(q, np.random.default_rng(0))
    assert float(q.energy(sol.x)) == pytest.approx(sol.energy, abs=1e-12)
    assert sol.energy >= brute_force(q).energy - 1e-12


# ---------------------------------------------------------------------------------------------
# bad input


NAN = float("nan")


def untyped(v: object) -> Any:
    """A deliberately ill-typed argument (the bad-input table calls past the type checker)."""
    return v


BAD: list[bad_input.Row] = [
    (
        "non-symmetric rejected",
        lambda: QUBO(matrix=np.array([[0.0, 1.0], [0.0, 0.0]])),
        "symmetric",
    ),
    (
        "non-symmetric from_matrix reject",
        lambda: QUBO.from_matrix([[0.0, 1.0], [0.0, 0.0]]),
        "symmetric",
    ),
    (
        "unknown symmetrize option",
        lambda: QUBO.from_matrix([[1.0]], symmetrize="upper"),  # type: ignore[arg-type]
        "symmetrize",
    ),
    ("NaN entry", lambda: QUBO.from_matrix([[NAN]]), "matrix"),
    ("inf entry", lambda: QUBO.from_matrix([[np.inf, 0.0], [0.0, 1.0]]), "matrix"),
    ("NaN offset", lambda: QUBO.from_matrix([[1.0]], offset=NAN), "offset"),
    ("non-square", lambda: QUBO.from_matrix(np.zeros((2, 3))), "matrix"),
    ("empty", lambda: QUBO.from_matrix(np.zeros((0, 0))), "matrix"),
    ("1-d matrix", lambda: QUBO.from_matrix([1.0, 2.0]), "matrix"),
    ("energy wrong length", lambda: _random(3, 0).energy([0, 1]), "x"),
    ("energy non-binary", lambda: _random(3, 0).energy([0, 2, 1]), "x"),
    (
        "brute force beyond limit",
        lambda: brute_force(QUBO(matrix=np.zeros((23, 23)))),
        "max_variables",
    ),
    (
        "brute force custom limit",
        lambda: brute_force(_random(5, 0), max_variables=4),
        "max_variables",
    ),
    (
        "Ising J lower triangle",
        lambda: Ising(h=np.zeros(2), J=np.array([[0.0, 0.0], [1.0, 0.0]])),
        "J",
    ),
    ("Ising h shape", lambda: Ising(h=np.zeros(3), J=np.zeros((2, 2))), "h"),
    ("Ising spins not +-1", lambda: to_ising(_random(2, 0)).energy([0, 1]), "s"),
    ("terms out of range", lambda: qubo_from_terms(2, {(0, 2): 1.0}), "terms"),
    ("Ising h NaN", lambda: Ising(h=untyped([NAN, 0.0]), J=np.zeros((2, 2))), "h"),
    ("energy NaN x", lambda: _random(2, 0).energy([NAN, 0.0]), "x"),
    ("all_energies chunk 0", lambda: all_energies(_random(2, 0), chunk=0), "chunk"),
]
BAD_TYPE: list[bad_input.Row] = [
    ("complex matrix", lambda: QUBO.from_matrix(np.eye(2) * 1j), "matrix is complex"),
    ("complex matrix direct", lambda: QUBO(matrix=untyped(np.eye(2) * 1j)), "matrix"),
    ("complex offset", lambda: QUBO.from_matrix([[1.0]], offset=untyped(1j)), "offset"),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)


def test_from_matrix_rejects_complex_instead_of_dropping_the_imaginary_part() -> None:
    """Regression: ``QUBO.from_matrix(eye * 1j)`` used to cast to real and return the zero QUBO."""
    with pytest.raises(TypeError, match=r"matrix is complex \(complex128\)"):
        QUBO.from_matrix(np.eye(3) * 1j)
    with pytest.raises(TypeError, match="matrix is complex"):
        QUBO.from_matrix(np.eye(2) + 0j)  # complex dtype even with zero imaginary part


# ---------------------------------------------------------------------------------------------
# variant family (proofs/variants/qubo_solver.py)


def test_variant_family_accepts_reference_solvers_and_refutes_a_wrong_one() -> None:
    """SUR-QAMA-03 as a variant check: the reference solvers pass; a solver that misreports its
    energy is refuted with a counterexample."""
    from proofs.variants import qubo_solver
    from reference.algorithms.qubo import Solution

    for good in (BruteForce(), SimulatedAnnealing(sweeps=10, restarts=2)):
        assert qubo_solver.matches(good)
        assert all(r.holds for r in qubo_solver.run(good))

    def wrong(qubo: QUBO, rng: np.random.Generator) -> Solution:
        x = np.zeros(qubo.num_variables, dtype=np.int64)
        return Solution(x=x, energy=float(qubo.energy(x)) - 1.0)

    res = qubo_solver.run(wrong)
    assert not res[0].holds
    assert res[0].counterexample is not None
    assert not qubo_solver.matches(42)


def test_variant_family_refutes_a_solver_reporting_nan_energy() -> None:
    """A solver whose reported energy is NaN must fail (a NaN slack compares false with every
    bound and would otherwise pass), with the offending value in the counterexample; the ledger's
    law says the same."""
    from proofs.variants import qubo_solver
    from properties.qama.laws import law_solver_post_conditions, law_solver_sound
    from reference.algorithms.qubo import Solution

    def nan_energy(qubo: QUBO, rng: np.random.Generator) -> Solution:
        return Solution(x=brute_force(qubo).x, energy=float("nan"))

    res = qubo_solver.run(nan_energy)
    assert not res[0].holds
    assert res[0].counterexample is not None
    assert "nan" in res[0].counterexample["error"]
    model = _random(3, 0)
    chk = law_solver_post_conditions(nan_energy, model, np.random.default_rng(0))
    failing = {c.name for c in chk.outcome.failing}
    assert failing == {"reported energy finite"}  # x itself is the true minimiser: E(x) >= E_min
    assert not law_solver_sound(nan_energy, model, np.random.default_rng(0)).holds


def test_variant_family_reports_a_raising_solver_as_crashed() -> None:
    """A solver that raises on some QUBO is reported as crashed, with the exception and the QUBO,
    never as a pass."""
    from proofs.variants import qubo_solver

    def fragile(qubo: QUBO, rng: np.random.Generator) -> object:
        if qubo.num_variables > 3:
            raise RuntimeError("too large")
        return brute_force(qubo)

    res = qubo_solver.run(fragile)
    assert all(r.status == "crashed" for r in res)
    assert res[0].counterexample is not None
    assert "too large" in res[0].counterexample["error"]
