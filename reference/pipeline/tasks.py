"""Tasks of the seed-001 reproduction (§8, claims ``S001-E01..E06``): token arrays per split.

* **MC / RP** (lambeq files shipped in ``reference/pipeline/data/lambeq``): each word becomes a
  fixed ``d = 12`` vector, each sentence ``T = 4`` tokens (padding = the zero vector). The paper's
  Word2vec model is NOT AVAILABLE (``S001-A12``); the RECONSTRUCTED default here is the NumPy
  analogue of Word2vec trained on the dataset's own sentences (the spec's proposal): the truncated
  SVD of the positive pointwise-mutual-information matrix of within-sentence co-occurrences
  (Levy & Goldberg 2014: skip-gram with negative sampling factorises a shifted PMI matrix),
  ``E = U_d sqrt(S_d)``, each word vector rescaled to norm ``sqrt(d)`` (entries of RMS 1, used as
  angles after the learned projection, ``S001-A14``). The co-occurrences are counted over every
  sentence of the dataset (all splits, labels never read): label-free, but transductive; recorded.
  Signs are fixed so that each column's largest-magnitude entry is positive (SVD is unique up to
  sign). ``embedding="random"`` (fixed Gaussian vectors from ``embedding_seed``) is the alternative.
* **Splits**: lambeq's own (MC 70/30/30 with a dev set; RP 74/31), not the paper's 0.66/0.33
  re-split. RP has no dev set: a stratified ``dev_fraction`` (0.2) of its training set is held out
  for epoch selection (drawn from ``split_seed``) and not trained on.
* **MNIST-1D** (``mnist1d_tokens``, generated offline, 4 x 12 tokens, ``S001-A22``): the first
  ``size`` samples of its training pool for training (``size`` in 50, 100, 200, 500), the last
  ``dev_size`` (200) of the pool as dev, the first ``test_size`` of its test set as test.

>>> t = lambeq_task("mc")
>>> t.train.x.shape, t.dev.x.shape, t.test.x.shape, t.num_classes
((70, 4, 12), (30, 4, 12), (30, 4, 12), 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from reference import _validate as val
from reference._types import FloatArray, IntArray
from reference.pipeline import datasets as ds
from reference.pipeline.training import Split

Embedding = Literal["ppmi-svd", "random"]


@dataclass(frozen=True, kw_only=True)
class Task:
    """One classification task: name, splits (``dev`` = held-out training data) and options."""

    name: str
    train: Split
    test: Split
    dev: Split
    num_classes: int
    options: dict[str, str | int | float]


def ppmi_svd_embedding(
    sentences: tuple[tuple[str, ...], ...], vocabulary: tuple[str, ...], *, dim: int = 12
) -> FloatArray:
    """``(V, dim)`` word vectors from the PPMI matrix of within-sentence co-occurrences.

    >>> e = ppmi_svd_embedding((("a", "b"), ("a", "c"), ("d", "b")), ("a", "b", "c", "d"), dim=2)
    >>> e.shape, bool(np.allclose(np.linalg.norm(e, axis=1), np.sqrt(2)))
    ((4, 2), True)
    """
    val.integer("dim", dim, lo=1)
    index = {w: i for i, w in enumerate(vocabulary)}
    v = len(vocabulary)
    if dim > v:
        raise ValueError(f"dim={dim} exceeds the vocabulary size {v}")
    c = np.zeros((v, v))
    for s in sentences:
        ids = [index[w] for w in s if w in index]
        for a in ids:
            for b in ids:
                if a != b:
                    c[a, b] += 1.0
    total = c.sum()
    row = c.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(c * total / (row @ row.T))
    ppmi = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0.0)
    u, sv, _ = np.linalg.svd(ppmi)
    e = u[:, :dim] * np.sqrt(sv[:dim])
    sign = np.sign(e[np.argmax(np.abs(e), axis=0), np.arange(dim)])
    e = e * np.where(sign == 0, 1.0, sign)
    norms = np.linalg.norm(e, axis=1, keepdims=True)
    e = np.where(norms > 0, e / np.where(norms > 0, norms, 1.0), 0.0) * np.sqrt(dim)
    return np.asarray(e, dtype=np.float64)


def _encode(sent: ds.Sentences, table: dict[str, FloatArray], dim: int) -> Split:
    pad = np.zeros(dim)
    x = np.array([[table.get(w, pad) for w in s] for s in sent.tokens], dtype=np.float64)
    return Split(x=x, y=sent.labels)


def _stratified_holdout(y: IntArray, fraction: float, rng: np.random.Generator) -> IntArray:
    """Indices of a stratified ``fraction`` of ``y`` (at least one per class)."""
    out: list[int] = []
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        k = max(1, round(fraction * idx.size))
        out.extend(rng.permutation(idx)[:k].tolist())
    return np.asarray(sorted(out), dtype=np.int64)


def lambeq_task(
    name: Literal["mc", "rp"],
    *,
    embedding: Embedding = "ppmi-svd",
    embed_dim: int = 12,
    dev_fraction: float = 0.2,
    split_seed: int = 0,
    embedding_seed: int = 0,
) -> Task:
    """MC or RP as token arrays (module docstring; every option recorded in ``Task.options``)."""
    val.choice("name", name, ("mc", "rp"))
    val.choice("embedding", embedding, ("ppmi-svd", "random"))
    val.integer("embed_dim", embed_dim, lo=1)
    val.finite_scalar("dev_fraction", dev_fraction, lo=0.0, hi=0.5, lo_open=True)
    splits = ("train", "dev", "test") if name == "mc" else ("train", "test")
    sents = {s: ds.shipped_lambeq(name, s) for s in splits}  # type: ignore[arg-type]
    allsent = tuple(t for s in splits for t in sents[s].tokens)
    vocab = tuple(sorted({w for t in allsent for w in t if w != ds.PAD}))
    if embedding == "ppmi-svd":
        e = ppmi_svd_embedding(allsent, vocab, dim=embed_dim)
    else:
        e = np.random.default_rng(embedding_seed).normal(size=(len(vocab), embed_dim))
    table: dict[str, FloatArray]
    table = {w: e[i] for i, w in enumerate(vocab)}
    enc = {s: _encode(sents[s], table, embed_dim) for s in splits}
    train, test = enc["train"], enc["test"]
    if name == "mc":
        dev = enc["dev"]
    else:
        held = _stratified_holdout(train.y, dev_fraction, np.random.default_rng(split_seed))
        keep = np.setdiff1d(np.arange(len(train)), held)
        dev = Split(x=train.x[held], y=train.y[held])
        train = Split(x=train.x[keep], y=train.y[keep])
    opts: dict[str, str | int | float] = {
        "embedding": embedding,
        "embed_dim": embed_dim,
        "dev": "lambeq mc_dev" if name == "mc" else f"stratified {dev_fraction} of rp_train",
        "split_seed": split_seed,
    }
    if embedding == "random":
        opts["embedding_seed"] = embedding_seed
    return Task(name=name, train=train, test=test, dev=dev, num_classes=2, options=opts)


def mnist1d_tasks(
    sizes: tuple[int, ...] = (50, 100, 200, 500),
    *,
    num_samples: int = 5000,
    dev_size: int = 200,
    test_size: int = 1000,
    seed: int = 42,
) -> list[Task]:
    """MNIST-1D at each training size (one generation shared by all sizes; module docstring)."""
    val.integer("dev_size", dev_size, lo=1)
    val.integer("test_size", test_size, lo=1)
    data = ds.mnist1d_tokens(num_samples=num_samples, seed=seed)
    pool = data.x.shape[0]
    out = []
    for size in sizes:
        val.integer("size", size, lo=1, hi=pool - dev_size)
        n_test = min(test_size, data.x_test.shape[0])
        out.append(
            Task(
                name=f"mnist1d-{size}",
                train=Split(x=data.x[:size], y=data.y[:size]),
                dev=Split(x=data.x[pool - dev_size :], y=data.y[pool - dev_size :]),
                test=Split(x=data.x_test[:n_test], y=data.y_test[:n_test]),
                num_classes=10,
                options={
                    "num_samples": num_samples,
                    "final_seq_length": 48,
                    "tokens": "4x12",
                    "mnist1d_seed": seed,
                    "dev_size": dev_size,
                    "test_size": n_test,
                },
            )
        )
    return out


__all__ = ["Embedding", "Task", "lambeq_task", "mnist1d_tasks", "ppmi_svd_embedding"]
