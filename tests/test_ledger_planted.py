"""Planted bugs change ledger verdicts (issue 10, H / E): a plausible bug is planted in a copy of a
reference function (``monkeypatch``, undone after each test) and the affected provider, run through
:func:`proofs.ledger.evaluate`, must turn its verdict from the expected one to ``failed``.

Plants:
* a changed default (``EncoderConfig(residual=...)`` defaulting to ``True``) -> ``S001-A06``;
* an off-by-tolerance numeric error (softmax normalised by a float32 row sum, relative error
  ~6e-8, far above the law's ``2 (n + 2) eps`` and invisible to any plotted result) -> ``S001-P16``;
* a count tied to a different computation (Algorithm 2's sparse product ``B1 V`` done densely,
  ``n^2 d`` multiply-adds through the same counter) -> ``S002-C32``'s fitted exponent in ``n``.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pytest

from proofs import ledger


@pytest.fixture(scope="module")
def providers() -> dict[str, tuple[str, ledger.Provider]]:
    return ledger.providers()


def verdict(providers: dict[str, tuple[str, ledger.Provider]], cid: str) -> str:
    return str(ledger.evaluate(cid, providers[cid][1]).verdict)


def test_changed_default_flips_S001_A06(
    providers: dict[str, tuple[str, ledger.Provider]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reference.pipeline import encoder as enc

    assert verdict(providers, "S001-A06") == "held"
    monkeypatch.setattr(enc, "EncoderConfig", functools.partial(enc.EncoderConfig, residual=True))
    assert verdict(providers, "S001-A06") == "failed"


def test_float32_softmax_normaliser_flips_S001_P16(
    providers: dict[str, tuple[str, ledger.Provider]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reference.algorithms import attention as att

    assert verdict(providers, "S001-P16") == "held"
    exact = att.softmax

    def planted(logits: Any, *, axis: int = -1) -> np.ndarray:
        w = exact(logits, axis=axis)
        return w / np.sum(w, axis=axis, keepdims=True, dtype=np.float32).astype(np.float64)

    monkeypatch.setattr(att, "softmax", planted)
    ev = ledger.evaluate("S001-P16", providers["S001-P16"][1])
    assert isinstance(ev, ledger.Failed), ev
    assert "property violated" in ev.error  # worst slack ~ -1.2e-7: rows no longer sum to 1


def test_dense_sparse_product_flips_S002_C32(
    providers: dict[str, tuple[str, ledger.Provider]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reference.algorithms.opcount import OpCounter

    assert verdict(providers, "S002-C32") == "counted"

    def dense_spmm(self: OpCounter, a: Any, b: np.ndarray) -> np.ndarray:
        return self.matmul(a.toarray(), b)

    monkeypatch.setattr(OpCounter, "spmm", dense_spmm)
    ev = ledger.evaluate("S002-C32", providers["S002-C32"][1])
    assert isinstance(ev, ledger.Failed), ev
    assert "sparse product counted" in ev.error  # n^2 d counted, not nnz(B1) d
