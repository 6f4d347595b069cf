"""Checking sparse attention variants against Theorems 1.3 / 6.1 (``proofs/variants``)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from proofs.variants import families
from proofs.variants import sparse_attention as fam

REPO = Path(__file__).resolve().parents[1]
ERROR_LAWS = {"S002-C11", "S002-C16", "S002-C17", "S002-C21"}


def _by_id(results: list) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for r in results:
        out.setdefault(r.claim_id, []).append(r)
    return out


def test_family_is_discovered() -> None:
    assert any(f.name == "sparse-attention" for f in families())


def test_reference_variant_all_laws_hold() -> None:
    """S002-C03..C32: Algorithms 1-2 as analysed satisfy every law."""
    assert fam.matches(fam.REFERENCE)
    results = fam.run(fam.REFERENCE)
    assert len(results) == 10
    bad = [r for r in results if not r.holds]
    assert not bad, fam.describe(bad)
    assert all(r.cases >= 90 for r in results)


def test_zeros_variant_refuted_with_counterexample() -> None:
    """S002-C24 / F03: Algorithm 1 as written (0s) is undefined on empty find sets and breaks
    the error bounds; each failure carries an instance."""
    assert fam.matches(fam.ZEROS)
    by = _by_id(fam.run(fam.ZEROS))
    c24 = by["S002-C24"][0]
    assert not c24.holds
    assert "empty find set" in c24.counterexample["error"]
    for cid in ERROR_LAWS | {"S002-C04", "S002-C05"}:
        r = by[cid][0]
        assert not r.holds, cid
        assert r.worst_slack < 0, cid
        assert {"X", "V", "tau", "k", "eta"} <= set(r.counterexample), cid
        assert r.counterexample["failing"], cid  # the failing checks are named
    assert by["S002-C03"][0].holds
    assert all(r.holds for r in by["S002-C32"])


def test_top_k_variant_breaks_only_definition_4_2() -> None:
    """The top-k variant keeps a superset of S_i, so the ratios A_ij / B_ij stay in
    [e^-eta, e^eta] and every error bound holds; it is not Definition 4.2's B (C05 fails when
    |S_i| < k). Its Theta(n^2 d) construction is outside these laws."""
    assert fam.matches(fam.TOP_K)
    by = _by_id(fam.run(fam.TOP_K))
    assert not by["S002-C05"][0].holds
    assert by["S002-C05"][0].counterexample is not None
    for cid in ERROR_LAWS | {"S002-C03", "S002-C04", "S002-C24", "S002-C32"}:
        assert all(r.holds for r in by[cid]), cid


def test_non_variants_do_not_match() -> None:
    assert not fam.matches(42)
    assert not fam.matches(lambda Q, K, V, *, tau, k: Q)


VARIANT_FILE = textwrap.dedent(
    """
    import numpy as np
    from reference.mechanisms import sparse

    def halved(Q, K, V, *, tau, k):
        # a wrong variant: uses exp(x / 2) for the found entries
        res = sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=np.random.default_rng(0))
        B = res.B
        B2 = sparse.SparsePlusRankOne(
            n=B.n, indptr=B.indptr, indices=B.indices, scores=B.scores / 2
        )
        return sparse.algorithm2(B2, V)

    def good(Q, K, V, *, tau, k):
        return sparse.sparse_attention(Q, K, V, tau=tau, k=k, rng=np.random.default_rng(0))
    """
)


def _check(tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "my_variant.py"
    path.write_text(VARIANT_FILE)
    return subprocess.run(
        [sys.executable, "-m", "proofs", "check", f"{path}:{name}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.mark.parametrize(
    ("name", "code", "expect"),
    [("good", 0, "every applicable law holds"), ("halved", 1, "REFUTED S002-C05")],
)
def test_cli_check_on_file_outside_package(
    tmp_path: Path, name: str, code: int, expect: str
) -> None:
    """`python -m proofs check path/to/file.py:NAME` on a variant outside the package."""
    proc = _check(tmp_path, name)
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "as a sparse-attention variant" in proc.stdout
    assert expect in proc.stdout
    if code:
        assert "counterexample:" in proc.stdout
        assert "REFUTED S002-C16" in proc.stdout
