"""Datasets of seed 001 (§8): lambeq MC/RP sentences and MNIST-1D tokens (NumPy only).

* **MC / RP** (``CQCL/lambeq`` ``docs/examples/datasets/*_data.txt``; format ``<label> <sentence>``,
  MC has two spaces after the label, RP lines end with ``" ."``). :func:`load_lambeq` reads a file
  from a directory given by the caller; :func:`shipped_lambeq` reads the byte-identical copies
  shipped in ``reference/pipeline/data/lambeq/`` (Apache-2.0, source commits and licence in its
  ``README.txt`` / ``LICENSE-Apache-2.0.txt``; SHA-256 checked on every read). MC sentences
  of 3 words are padded to 4 tokens (seed §5 "MC and RP had four tokens each"), RP's final ``"."``
  is dropped.
* **Bag-of-words conflicts** (spec §5): without positional information the encoder's CLS output
  is invariant to token order (``S001-P18``), so sentences with the same multiset of words get
  the same prediction; RP's training set has 2 such pairs with opposite labels, capping the train
  accuracy at 72/74 (:func:`order_free_ceiling`).
* **MNIST-1D** (Greydanus & Kobak 2024, PyPI ``mnist1d``, imported lazily): generated offline with
  ``make_dataset`` (never downloaded), ``final_seq_length=48`` reshaped to 4 tokens of 12
  (``S001-A22``; the alternative 4x10 + projection is :func:`tokens_from_sequences` with
  ``token_length=10``).

>>> order_free_ceiling([("a", "b"), ("b", "a"), ("c", "d")], [1, 0, 1])
(2, 3)
>>> rp = shipped_lambeq("rp", "train")
>>> order_free_ceiling(rp.tokens, rp.labels)
(72, 74)
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from reference import _validate as val
from reference._types import FloatArray, IntArray

PAD = "<pad>"
"""Padding token appended to short sentences."""

LambeqName = Literal["mc", "rp"]
LambeqSplit = Literal["train", "dev", "test"]
_SPLITS: dict[str, tuple[str, ...]] = {"mc": ("train", "dev", "test"), "rp": ("train", "test")}


@dataclass(frozen=True, kw_only=True)
class Sentences:
    """Tokenised labelled sentences.

    Attributes:
        tokens: one tuple of words per sentence (padded to ``length`` with :data:`PAD`).
        labels: ``(M,)`` integer labels.
        vocabulary: sorted distinct words (padding excluded).
    """

    tokens: tuple[tuple[str, ...], ...]
    labels: IntArray
    vocabulary: tuple[str, ...]


def pad_tokens(
    sentences: Sequence[Sequence[str]], *, length: int = 4, pad: str = PAD
) -> tuple[tuple[str, ...], ...]:
    """Pad every sentence to ``length`` tokens; longer sentences are rejected.

    >>> pad_tokens([("woman", "cooks", "meal")])
    (('woman', 'cooks', 'meal', '<pad>'),)
    """
    val.integer("length", length, lo=1)
    out = []
    for i, s in enumerate(sentences):
        if len(s) > length:
            raise ValueError(f"sentences[{i}] has {len(s)} tokens > length={length}")
        out.append(tuple(s) + (pad,) * (length - len(s)))
    return tuple(out)


def parse_lambeq(text: str, *, length: int = 4) -> Sentences:
    """Parse lambeq ``<label> <sentence>`` lines (blank lines ignored, a final ``"."`` dropped)."""
    toks: list[tuple[str, ...]] = []
    labels: list[int] = []
    for n, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if parts[0] not in ("0", "1") or len(parts) < 2:
            raise ValueError(f"line {n}: {line!r} is not '<0|1> <sentence>'")
        words = parts[1:]
        if words[-1] == ".":
            words = words[:-1]
        labels.append(int(parts[0]))
        toks.append(tuple(words))
    if not toks:
        raise ValueError("text contains no sentences")
    padded = pad_tokens(toks, length=length)
    vocab = tuple(sorted({w for s in toks for w in s}))
    return Sentences(tokens=padded, labels=np.asarray(labels, dtype=np.int64), vocabulary=vocab)


def load_lambeq(
    directory: str | Path, name: LambeqName, split: LambeqSplit, *, length: int = 4
) -> Sentences:
    """Load ``<directory>/<name>_<split>_data.txt`` (e.g. ``mc_train_data.txt``)."""
    val.choice("name", name, tuple(_SPLITS))
    if split not in _SPLITS[name]:
        raise ValueError(f"split={split!r} must be one of {_SPLITS[name]} for name={name!r}")
    path = Path(directory) / f"{name}_{split}_data.txt"
    if not path.is_file():
        raise FileNotFoundError(f"directory={directory!s}: {path.name} not found")
    return parse_lambeq(path.read_text(encoding="utf-8"), length=length)


LAMBEQ_SHA256: dict[str, str] = {
    "mc_train_data.txt": "7f5427539c34d334e9b4533d77b1f079f4c06388fc185f279cd0bca4a9ca3369",
    "mc_dev_data.txt": "50953de9763f1ff4b58f7b9ebdc3246baedec57a4e887dd493e8c510c2f72704",
    "mc_test_data.txt": "48ca0aaf78abd48ac58286aeafe1ded2030b89292680f980768f603a6dd8eb34",
    "rp_train_data.txt": "ebeb8b3b74328ce06d6404ef799907ab6e1b0757405887a4d2d39c0f54523c91",
    "rp_test_data.txt": "05900eb25ac1553c162e630b666c810ad1ab1bd0e5b04518b8bb964df7faff34",
}
"""SHA-256 of the shipped lambeq files (byte-identical to CQCL/lambeq at the commits in
``data/lambeq/README.txt``)."""


def shipped_lambeq(name: LambeqName, split: LambeqSplit, *, length: int = 4) -> Sentences:
    """The shipped copy of lambeq's ``<name>_<split>_data.txt`` (package data of
    ``reference.pipeline``), its SHA-256 checked against :data:`LAMBEQ_SHA256`."""
    val.choice("name", name, tuple(_SPLITS))
    if split not in _SPLITS[name]:
        raise ValueError(f"split={split!r} must be one of {_SPLITS[name]} for name={name!r}")
    fname = f"{name}_{split}_data.txt"
    res = resources.files("reference.pipeline").joinpath("data").joinpath("lambeq")
    raw = res.joinpath(fname).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != LAMBEQ_SHA256[fname]:
        raise ValueError(f"shipped {fname} has SHA-256 {digest}: not the lambeq original")
    return parse_lambeq(raw.decode("utf-8"), length=length)


def bag_of_words_conflicts(
    sentences: Sequence[Sequence[str]], labels: npt.ArrayLike, *, pad: str = PAD
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of sentences with the same multiset of words (padding
    ignored) but different labels.

    >>> bag_of_words_conflicts([("a", "b"), ("b", "a"), ("a", "c")], [1, 0, 0])
    [(0, 1)]
    """
    y = np.asarray(labels)
    if y.shape != (len(sentences),):
        raise ValueError(f"labels has shape {y.shape}; expected ({len(sentences)},)")
    groups: dict[tuple[tuple[str, int], ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        key = tuple(sorted(Counter(w for w in s if w != pad).items()))
        groups[key].append(i)
    out = [
        (a, b)
        for idx in groups.values()
        for k, a in enumerate(idx)
        for b in idx[k + 1 :]
        if y[a] != y[b]
    ]
    return sorted(out)


def order_free_ceiling(
    sentences: Sequence[Sequence[str]], labels: npt.ArrayLike, *, pad: str = PAD
) -> tuple[int, int]:
    """``(max_correct, total)`` for any classifier that sees only the bag of words: each group
    of identical bags can at best be labelled with its majority label (``S001-P18``)."""
    y = np.asarray(labels)
    if y.shape != (len(sentences),):
        raise ValueError(f"labels has shape {y.shape}; expected ({len(sentences)},)")
    groups: dict[tuple[tuple[str, int], ...], Counter[int]] = defaultdict(Counter)
    for s, lab in zip(sentences, y.tolist(), strict=True):
        groups[tuple(sorted(Counter(w for w in s if w != pad).items()))][int(lab)] += 1
    return sum(max(c.values()) for c in groups.values()), len(sentences)


def tokens_from_sequences(
    x: npt.ArrayLike, *, num_tokens: int = 4, token_length: int | None = None
) -> FloatArray:
    """Reshape sequences ``(M, L)`` to tokens ``(M, num_tokens, L / num_tokens)`` (``S001-A22``).

    >>> tokens_from_sequences(np.zeros((2, 48))).shape
    (2, 4, 12)
    """
    a = val.real_array("x", x, ndim=2, shape_text="(M, L)")
    num_tokens = val.integer("num_tokens", num_tokens, lo=1)
    if a.shape[1] % num_tokens:
        raise ValueError(f"x has length {a.shape[1]}, not a multiple of num_tokens={num_tokens}")
    tl = a.shape[1] // num_tokens
    if token_length is not None and token_length != tl:
        raise ValueError(f"token_length={token_length} but x gives {tl} per token")
    return a.reshape(a.shape[0], num_tokens, tl)


@dataclass(frozen=True, kw_only=True)
class TokenDataset:
    """``x: (M, T, l)`` tokens, ``y: (M,)`` labels, and the test split."""

    x: FloatArray
    y: IntArray
    x_test: FloatArray
    y_test: IntArray


def mnist1d_tokens(
    *,
    num_samples: int = 5000,
    final_seq_length: int = 48,
    num_tokens: int = 4,
    seed: int = 42,
    train_split: float = 0.8,
) -> TokenDataset:
    """MNIST-1D generated offline (``mnist1d.data.make_dataset``), shaped to tokens.

    Default ``final_seq_length=48`` -> 4 tokens of 12 (``S001-A22``, RECONSTRUCTED; the package's
    own default is 40). Needs the optional ``mnist1d`` package (``test`` extra); imported here
    only. Note: ``make_dataset`` reseeds NumPy's *global* generator with ``seed``.
    """
    val.integer("num_samples", num_samples, lo=10)  # 10 classes
    val.finite_scalar("train_split", train_split, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    val.integer("final_seq_length", final_seq_length)
    val.integer("num_tokens", num_tokens, lo=1)
    if final_seq_length < num_tokens or final_seq_length % num_tokens:
        raise ValueError(
            f"final_seq_length={final_seq_length} must be a positive multiple of "
            f"num_tokens={num_tokens}"
        )
    try:
        from mnist1d.data import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            get_dataset_args,
            make_dataset,
        )
    except ImportError as exc:  # pragma: no cover - exercised only without the extra
        raise ImportError(
            "mnist1d_tokens needs the 'mnist1d' package (pip install mnist1d)"
        ) from exc
    args = get_dataset_args()
    args.num_samples = num_samples
    args.final_seq_length = final_seq_length
    args.seed = seed
    args.train_split = train_split
    data = make_dataset(args)
    return TokenDataset(
        x=tokens_from_sequences(data["x"], num_tokens=num_tokens),
        y=np.asarray(data["y"], dtype=np.int64),
        x_test=tokens_from_sequences(data["x_test"], num_tokens=num_tokens),
        y_test=np.asarray(data["y_test"], dtype=np.int64),
    )


__all__ = [
    "LAMBEQ_SHA256",
    "PAD",
    "Sentences",
    "TokenDataset",
    "bag_of_words_conflicts",
    "load_lambeq",
    "mnist1d_tokens",
    "order_free_ceiling",
    "pad_tokens",
    "parse_lambeq",
    "shipped_lambeq",
    "tokens_from_sequences",
]
