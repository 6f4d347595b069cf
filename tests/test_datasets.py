"""Datasets (spec §8): lambeq MC/RP shipped in reference/pipeline/data/lambeq (byte-identical to
../shared/data, compared when present), the RP bag-of-words
ceiling 72/74 (S001-P18), MNIST-1D tokens generated offline (S001-A22); bad input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from reference.pipeline import datasets as ds
from tests import _bad_input as bad_input

SHIPPED = Path(ds.__file__).parent / "data" / "lambeq"


def _lambeq_dir() -> Path:
    """The copies shipped with the package (nothing reads ../shared at run time)."""
    return SHIPPED


def _shared_dir() -> Path:
    # the repo (or worktree) sits next to `shared`, or one level deeper (/work/wt/<name>)
    here = Path(__file__).resolve()
    for parent in here.parents[1:4]:
        cand = parent / "shared" / "data" / "lambeq"
        if cand.is_dir():
            return cand
    pytest.skip("shared/data/lambeq not found next to the repository")


@pytest.mark.parametrize("fname", sorted(ds.LAMBEQ_SHA256))
def test_shipped_lambeq_is_byte_identical(fname: str) -> None:
    """The shipped copies equal the originals (when ../shared is there) and their recorded
    SHA-256; the licence notice with the source commits ships next to them."""
    raw = (SHIPPED / fname).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == ds.LAMBEQ_SHA256[fname]
    readme = (SHIPPED / "README.txt").read_text(encoding="utf-8")
    assert "Apache-2.0" in readme and fname in readme
    assert "Apache License" in (SHIPPED / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert raw == (_shared_dir() / fname).read_bytes()


def test_shipped_lambeq_equals_load_lambeq() -> None:
    a = ds.shipped_lambeq("rp", "train")
    b = ds.load_lambeq(SHIPPED, "rp", "train")
    assert a.tokens == b.tokens and np.array_equal(a.labels, b.labels)


@pytest.mark.parametrize(
    ("name", "split", "size", "positives"),
    [
        ("mc", "train", 70, 39),
        ("mc", "dev", 30, 11),
        ("mc", "test", 30, 15),
        ("rp", "train", 74, 46),
        ("rp", "test", 31, 19),
    ],
)
def test_lambeq_sizes(name: str, split: str, size: int, positives: int) -> None:
    d = ds.load_lambeq(_lambeq_dir(), name, split)  # type: ignore[arg-type]
    assert len(d.tokens) == size
    assert int(d.labels.sum()) == positives
    assert all(len(t) == 4 for t in d.tokens)  # MC 3-word sentences padded to 4 tokens


def test_vocabularies() -> None:
    root = _lambeq_dir()
    mc = set().union(*(ds.load_lambeq(root, "mc", s).vocabulary for s in ("train", "dev", "test")))
    rp = set().union(*(ds.load_lambeq(root, "rp", s).vocabulary for s in ("train", "test")))
    assert len(mc) == 17
    assert len(rp) == 115
    assert "that" in rp


def test_S001_P18_rp_train_ceiling_72_of_74() -> None:
    """S001-P18: 2 bag-of-words conflicts in RP train, so an order-free model gets <= 72/74."""
    d = ds.load_lambeq(_lambeq_dir(), "rp", "train")
    pairs = ds.bag_of_words_conflicts(d.tokens, d.labels)
    assert len(pairs) == 2
    got = {tuple(sorted((" ".join(d.tokens[i]), " ".join(d.tokens[j])))) for i, j in pairs}
    assert got == {
        ("organization that church establish", "organization that establish church"),
        ("woman that have husband", "woman that husband have"),
    }
    assert ds.order_free_ceiling(d.tokens, d.labels) == (72, 74)
    mc = ds.load_lambeq(_lambeq_dir(), "mc", "train")
    assert ds.order_free_ceiling(mc.tokens, mc.labels) == (70, 70)


def test_mnist1d_tokens_offline() -> None:
    """S001-A22: final_seq_length=48 -> 4 tokens of 12, generated without network access."""
    pytest.importorskip("mnist1d")
    data = ds.mnist1d_tokens(num_samples=60, seed=3)
    assert data.x.shape == (48, 4, 12)
    assert data.x_test.shape == (12, 4, 12)
    assert set(np.unique(data.y)) <= set(range(10))
    alt = ds.mnist1d_tokens(num_samples=60, seed=3, final_seq_length=40)
    assert alt.x.shape == (48, 4, 10)


BAD = [
    ("pad-too-long", lambda: ds.pad_tokens([("a",) * 5]), "sentences"),
    ("pad-length-0", lambda: ds.pad_tokens([("a",)], length=0), "length"),
    ("parse-bad-label", lambda: ds.parse_lambeq("2 a b c"), "line 1"),
    ("parse-empty", lambda: ds.parse_lambeq("\n\n"), "no sentences"),
    ("name-unknown", lambda: ds.load_lambeq(".", "sst", "train"), "name"),  # type: ignore[arg-type]
    ("split-unknown", lambda: ds.load_lambeq(".", "rp", "dev"), "split"),
    ("shipped-name", lambda: ds.shipped_lambeq("sst", "train"), "name"),  # type: ignore[arg-type]
    ("shipped-split", lambda: ds.shipped_lambeq("rp", "dev"), "split"),
    ("conflicts-labels", lambda: ds.bag_of_words_conflicts([("a",)], [0, 1]), "labels"),
    ("tokens-not-multiple", lambda: ds.tokens_from_sequences(np.zeros((2, 50))), "num_tokens"),
    ("tokens-nan", lambda: ds.tokens_from_sequences(np.full((2, 48), np.nan)), "x"),
    ("tokens-1d", lambda: ds.tokens_from_sequences(np.zeros(48)), "x"),
    ("mnist-length", lambda: ds.mnist1d_tokens(final_seq_length=50), "final_seq_length"),
    ("mnist-samples", lambda: ds.mnist1d_tokens(num_samples=5), "num_samples"),
]


def test_missing_file() -> None:
    with pytest.raises(FileNotFoundError, match="directory"):
        ds.load_lambeq("/nonexistent-dir", "mc", "train")


BAD_TYPE = [
    ("x-complex", lambda: ds.tokens_from_sequences(np.ones((2, 8)) * 1j), "x"),
    (
        "num-tokens-bool",
        lambda: ds.tokens_from_sequences(np.ones((2, 8)), num_tokens=True),
        "num_tokens",
    ),
]


@pytest.mark.parametrize(("call", "error", "match"), bad_input.cases(BAD, BAD_TYPE))
def test_bad_input(call: Callable[[], object], error: type[Exception], match: str) -> None:
    bad_input.check(call, error, match)
