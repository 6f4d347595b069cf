"""Completeness of the mechanism registry, joined by the one name of each mechanism.

For every registered mechanism ``name`` (module name ``m = name.replace("-", "_")``):
``properties/m/`` holds ``laws.py``, ``strategies.py`` and ``test_laws.py``; ``proofs.evidence.m``
registers evidence for at least one claim, at least one of them expected to have a computed
verdict; and the mechanism has circuits or says why it has none. No path or prefix strings: the
name is the join.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from proofs import ledger
from reference import MECHANISMS, circuits
from reference import simulate as sim

REPO = Path(__file__).resolve().parents[1]

PROJECT_OWNERS = {"estimators": "reference/estimators"}
"""Evidence owners that are not mechanisms: the project-level ``H-EST`` claims of the shot-based
estimators shared by every mechanism (``H-CORE`` belongs to the registered ``core``)."""


def _evidence_ids(module_name: str) -> set[str]:
    ids: set[str] = set()
    for modname, reg in ledger.discover_registries():
        own = f"proofs.evidence.{module_name}"
        if modname == own or modname.startswith(own + "."):
            ids |= set(reg.providers)
    return ids


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_mechanism_joins_its_laws_and_evidence_by_name(name: str) -> None:
    mech = MECHANISMS[name]
    m = mech.module_name
    assert mech.module.rsplit(".", 1)[-1] == m
    for part in ("laws.py", "strategies.py", "test_laws.py"):
        assert (REPO / "properties" / m / part).is_file(), f"{name}: missing properties/{m}/{part}"
    importlib.import_module(f"proofs.evidence.{m}")
    ids = _evidence_ids(m)
    assert ids, f"{name}: proofs.evidence.{m} registers no claim"
    expected = ledger.load_expected()
    computed = {c for c in ids if expected.get(c, "open") not in ("open", "uncheckable")}
    assert computed, f"{name}: none of its claims {sorted(ids)} has a computed verdict"
    assert mech.circuits or mech.no_circuit_reason


def test_every_evidence_module_and_property_folder_belongs_to_a_mechanism() -> None:
    names = {mech.module_name for mech in MECHANISMS.values()}
    folders = {p.name for p in (REPO / "properties").iterdir() if (p / "laws.py").is_file()}
    assert folders <= names, f"property folders without a mechanism: {sorted(folders - names)}"
    owners = {
        modname.removeprefix("proofs.evidence.").split(".")[0]
        for modname, _ in ledger.discover_registries()
    }
    stray = owners - names - set(PROJECT_OWNERS)
    assert not stray, f"evidence modules without a mechanism: {sorted(stray)}"
    for folder in PROJECT_OWNERS.values():
        assert (REPO / folder).is_dir()


@pytest.mark.parametrize("name", sorted(circuits()))
def test_registered_circuits_build_and_simulate(name: str) -> None:
    c = circuits()[name].build()
    bound = c.bind({p: 0.1 * (i + 1) for i, p in enumerate(c.parameters)})
    psi = sim.statevector(bound)
    assert abs(float((abs(psi) ** 2).sum()) - 1.0) < 1e-12
