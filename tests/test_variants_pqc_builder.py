"""The PQC-builder variant family (QASA position, survey §8): the authors' circuit passes every
law with its computed resources; broken builders are caught with a counterexample."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from proofs.__main__ import check_variant
from proofs.variants import families
from proofs.variants.pqc_builder import FAMILY, REFERENCE
from reference.circuit import Circuit, CircuitBuilder, ParamExpr


class Small:
    """A faithful small builder: RX(x) RZ(x) encoding, a CNOT, RY(w[0, i]) RZ(w[1, i]), and
    w[0, 0] reused. w[1, 1] is an RZ right before the Z readout of qubit 1: never used."""

    num_inputs = 2
    weight_shape = (2, 2)
    resources: ClassVar[dict[str, int]] = {"qubits": 2, "cx": 1, "gates": 10, "used": 3}

    def __call__(self, x: list[ParamExpr], w: np.ndarray) -> Circuit:
        b = CircuitBuilder(2)
        for i in range(2):
            b.rx(i, x[i]).rz(i, x[i])
        b.cx(0, 1)
        for i in range(2):
            b.ry(i, w[0, i]).rz(i, w[1, i])
        b.ry(1, w[0, 0])
        return b.measure().done()


class HalfAngle(Small):
    """Broken: encodes RX(x/2), so a 2 pi shift of x flips signs (period 4 pi)."""

    def __call__(self, x: list[ParamExpr], w: np.ndarray) -> Circuit:
        return super().__call__([0.5 * xi for xi in x], w)


class ControlledWeight(Small):
    """Broken for the two-term rule: a weight inside a controlled rotation."""

    def __call__(self, x: list[ParamExpr], w: np.ndarray) -> Circuit:
        c = super().__call__(x, w)
        b = CircuitBuilder(2)
        b.ops.extend(c.gate_ops)
        b.crx(0, 1, w[1, 1])
        return b.measure().done()


class PaperCount:
    """The authors' circuit declaring the paper's "35 parameters used"."""

    num_inputs = REFERENCE.num_inputs
    weight_shape = REFERENCE.weight_shape
    resources: ClassVar[dict[str, int]] = {"qubits": 9, "cx": 27, "gates": 110, "used": 35}

    def __call__(self, x: list[ParamExpr], w: np.ndarray) -> Circuit:
        return REFERENCE(x, w)


def test_faithful_builders_hold_every_law() -> None:
    assert "pqc-builder" in {f.name for f in families()}
    for v in (Small(), REFERENCE):
        assert FAMILY.matches(v)
        res = FAMILY.run(v)
        assert [r.claim_id for r in res] == [f"SUR-QASA-0{i}" for i in range(1, 5)]
        assert all(r.holds for r in res), [r for r in res if not r.holds]


def test_cli_check_of_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_variant("proofs.variants.pqc_builder:REFERENCE") == 0


@pytest.mark.parametrize(
    ("variant", "claim"),
    [
        (HalfAngle(), "SUR-QASA-03"),
        (ControlledWeight(), "SUR-QASA-04"),
        (PaperCount(), "SUR-QASA-01"),
    ],
)
def test_broken_builders_are_refuted(variant: object, claim: str) -> None:
    bad = [r for r in FAMILY.run(variant) if not r.holds]
    assert claim in [r.claim_id for r in bad]
    assert next(r for r in bad if r.claim_id == claim).counterexample is not None


def test_non_builders_do_not_match() -> None:
    assert not FAMILY.matches(lambda x, w: None)
    assert not FAMILY.matches(type("T", (), {"num_inputs": True, "weight_shape": (1,)})())
