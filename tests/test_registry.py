"""Completeness of the mechanism registry: claims, properties and circuits for every mechanism."""

from __future__ import annotations

from pathlib import Path

import pytest

from proofs import ledger
from reference import MECHANISMS, circuits
from reference import simulate as sim

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_mechanism_has_claims_properties_and_circuits(name: str) -> None:
    mech = MECHANISMS[name]
    claims = ledger.load_claims()
    expected = ledger.load_expected()
    mine = [c for c in claims if any(c.startswith(p) for p in mech.claim_prefixes)]
    assert mine, f"{name}: no claims with prefixes {mech.claim_prefixes}"
    encoded = [c for c in mine if expected.get(c, "open") != "open"]
    assert encoded, f"{name}: none of its claims has evidence"
    for path in mech.property_tests:
        assert (REPO / path).is_file(), f"{name}: missing property suite {path}"
    assert mech.circuits or mech.no_circuit_reason


@pytest.mark.parametrize("name", sorted(circuits()))
def test_registered_circuits_build_and_simulate(name: str) -> None:
    c = circuits()[name].build()
    bound = c.bind({p: 0.1 * (i + 1) for i, p in enumerate(c.parameters)})
    psi = sim.statevector(bound)
    assert abs(float((abs(psi) ** 2).sum()) - 1.0) < 1e-12
