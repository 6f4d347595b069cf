"""Evidence for the seed-001 encoder part: ``S001-P16``, ``S001-P18`` .. ``S001-P24`` (attention,
encoder, metrics, noise, datasets), and the classical / encoder cases of ``S001-P17`` (its
provider is :mod:`proofs.evidence.qsann`).

``S001-A05`` (logit scale) is registered by :mod:`proofs.evidence.entanglement` (one
provider per id); the encoder's side of it (``EncoderConfig.logit_scale=None`` = ``1/sqrt(d)``
applied in the forward pass) is tested in ``tests/test_encoder.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import numpy as np
from scipy.stats import trim_mean

from proofs.ledger import Case, Counted, Evidence, EvidenceRegistry, Failed, held_or_failed
from properties.encoder import laws
from properties.outcome import Outcome, at_most, close, combine, true
from reference import noise as nz
from reference import simulate as sim
from reference.algorithms import attention as att
from reference.pipeline import datasets as ds
from reference.pipeline import encoder as enc
from reference.pipeline import metrics as met

EVIDENCE = EvidenceRegistry()

EPS = laws.EPS

# The two bag-of-words conflicts of RP's training set quoted in spec §5 (label, sentence).
RP_CONFLICTS: tuple[tuple[tuple[int, str], tuple[int, str]], ...] = (
    ((1, "organization that church establish"), (0, "organization that establish church")),
    ((1, "woman that husband have"), (0, "woman that have husband")),
)


def _rand_logits(rng: np.random.Generator) -> np.ndarray:
    shape = (int(rng.integers(1, 6)), int(rng.integers(1, 12)))
    mag = 10.0 ** rng.uniform(-3, 6)
    x = rng.normal(0, mag, shape)
    if rng.random() < 0.3:  # -inf masks, keeping one finite entry per row
        mask = rng.random(shape) < 0.3
        mask[np.arange(shape[0]), rng.integers(0, shape[1], shape[0])] = False
        x = np.where(mask, -np.inf, x)
    return x


@EVIDENCE.claim("S001-P16")
def softmax_rows(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(400):
            x = _rand_logits(rng)
            masked = bool(np.any(np.isneginf(x)))
            fin = x[np.isfinite(x)]
            yield (
                laws.law_softmax_rows(x, att.softmax) if not masked else _masked_law(x),
                {
                    "shape": list(x.shape),
                    "max_abs": float(np.max(np.abs(fin))),
                    "masked": masked,
                },
            )
        # the encoder's own attention weights (dot and QSANN scores)
        for score in SCORE_CYCLE:
            cfg = enc.EncoderConfig(score=score)
            p = enc.init_params(rng, cfg)
            x = rng.normal(0, 2, (3, 4, 12))
            yield laws.law_attention_weights(_weights_fn(p, cfg), x), {"encoder_score": score}

    return held_or_failed(
        cases(),
        detail="softmax of random logits (|x| up to 1e6, some rows with -inf masks) and the "
        "encoder's weights for every score function: rows sum to 1 within 2(n+2) eps, "
        f"weights in [0, 1], strictly in (0, 1) for rows spanning <= {laws.STRICT_SPREAD} "
        "(masked entries exactly 0)",
    )


def _masked_law(x: np.ndarray) -> Outcome:
    """P16 on a masked row: masked weights exactly 0, the unmasked sub-softmax obeys the law."""
    w = att.softmax(x)
    parts = [true("masked (-inf) logits get weight exactly 0", np.all(w[np.isneginf(x)] == 0.0))]
    for i in range(x.shape[0]):
        keep = np.isfinite(x[i])
        parts.append(laws.law_softmax_rows(x[i, keep][None], att.softmax))
    return combine(*parts)


def convex_combination_cases(rng: np.random.Generator) -> Iterator[Case]:
    """``S001-P17`` cases of the classical Eq. 1-3 layer and of the encoder's layers with every
    score, as ``(Outcome, inputs)`` pairs (named checks of
    :func:`properties.encoder.laws.law_convex_combination`: ``weights >= 0`` exactly, rows sum
    to 1, ``out = W V``, inside the values' bounding box); the claim's provider is
    :mod:`proofs.evidence.qsann`, which adds QSANN's own layers."""
    for _ in range(400):
        n, d = int(rng.integers(1, 9)), int(rng.integers(1, 7))
        z = rng.normal(0, 3, (n, d))
        w_q, w_k, w_v = (rng.normal(0, 1, (d, d)) for _ in range(3))
        out, w = att.self_attention(z, w_q, w_k, w_v)
        yield laws.law_convex_combination(out, z @ w_v.T, w), {"mech": "dot", "n": n, "d": d}
    # every score function inside the encoder: layer output rows are convex combinations
    for score in SCORE_CYCLE:
        cfg_e = enc.EncoderConfig(score=score)
        pe = enc.init_params(rng, cfg_e)
        x = rng.normal(0, 1.5, (3, 4, 12))
        yield (
            laws.law_layers_convex(_forward_fn(pe, cfg_e), pe.w_v, x),
            {"mech": f"encoder/{score}", "layers": cfg_e.num_layers},
        )


SCORE_CYCLE: tuple[enc.ScoreName, ...] = ("dot", "qsann", "dot", "entropy", "swap", "concurrence")


def _cls_fn(params: enc.EncoderParams, cfg: enc.EncoderConfig) -> laws.Forward:
    return lambda t: enc.forward(params, t, cfg).y_cls


def _weights_fn(params: enc.EncoderParams, cfg: enc.EncoderConfig) -> laws.Forward:
    return lambda t: enc.forward(params, t, cfg).weights


def _forward_fn(
    params: enc.EncoderParams, cfg: enc.EncoderConfig
) -> Callable[[np.ndarray], enc.EncoderOutput]:
    return lambda t: enc.forward(params, t, cfg)


@EVIDENCE.claim("S001-P18")
def cls_permutation_invariance(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for i in range(180):
            score: enc.ScoreName = SCORE_CYCLE[i % len(SCORE_CYCLE)]
            cfg = enc.EncoderConfig(score=score, residual=bool(i % 3 == 1))
            p = enc.init_params(rng, cfg)
            t = int(rng.integers(2, 7))
            x = rng.normal(0, 1.5, (t, 12))
            perm = rng.permutation(t)
            mag = float(np.max(np.abs(enc.forward(p, x, cfg).hidden)))
            tol = laws.permutation_tolerance(t + 1, 12, cfg.num_layers, mag)
            yield (
                laws.law_cls_permutation_invariance(_cls_fn(p, cfg), x, perm, tol=tol),
                {"score": score, "tokens": t, "perm": perm.tolist()},
            )
        # the RP conflicts of spec §5, computed on the shipped lambeq RP training set: identical
        # bags of words give identical CLS outputs, so at most one of each pair can be right
        rp = ds.shipped_lambeq("rp", "train")
        pairs = ds.bag_of_words_conflicts(rp.tokens, rp.labels)
        found = {tuple(sorted((" ".join(rp.tokens[i]), " ".join(rp.tokens[j])))) for i, j in pairs}
        want = {tuple(sorted((a[1], b[1]))) for a, b in RP_CONFLICTS}
        yield (
            true("RP bag-of-words conflicts = the 2 pairs of spec §5", found == want),
            {"rp_train_conflicts": sorted(map(list, found))},
        )
        best, total = ds.order_free_ceiling(rp.tokens, rp.labels)
        yield (
            true("RP order-free ceiling = 72/74", (best, total) == (72, 74)),
            {"rp_train_ceiling": [best, total]},
        )
        vocab = sorted({w for s in rp.tokens for w in s})
        vec = {w: rng.normal(0, 1, 12) for w in vocab}
        cfg = enc.EncoderConfig()
        p = enc.init_params(rng, cfg)
        for i, j in pairs:
            a, b = rp.tokens[i], rp.tokens[j]
            ya = enc.forward(p, np.stack([vec[w] for w in a]), cfg).y_cls
            yb = enc.forward(p, np.stack([vec[w] for w in b]), cfg).y_cls
            tol = laws.permutation_tolerance(len(a) + 1, 12, 2, 1.0 + float(np.max(np.abs(ya))))
            yield (
                close("conflicting RP pair: identical y_CLS", ya, yb, tol),
                {"pair": [" ".join(a), " ".join(b)]},
            )

    return held_or_failed(
        cases(),
        detail="no positional encoding: y_CLS unchanged under random permutations of the "
        "non-CLS tokens (dot, QSANN, entropy, SWAP-test and concurrence scores, with and without "
        "residual), within the "
        "sum-reordering bound. On the shipped lambeq RP training set (reference/pipeline/data/"
        "lambeq, SHA-256 checked): the bag-of-words conflicts computed from the data are the 2 "
        "pairs quoted in spec §5, the order-free ceiling computed from the 74 sentences (each "
        "bag of words labelled with its majority label) is 72/74 as claimed, and the default "
        "encoder gives each conflicting pair identical CLS outputs (within the same bound)",
    )


@EVIDENCE.claim("S001-P19")
def shapes(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(40):
            d = int(rng.integers(1, 9))
            c = int(rng.integers(1, 6))
            n = int(rng.integers(1, 8))
            cfg = enc.EncoderConfig(embed_dim=d, num_classes=c, num_layers=int(rng.integers(1, 4)))
            p = enc.init_params(rng, cfg)
            z = rng.normal(0, 1, (n, d))

            def layer(z: np.ndarray, p: enc.EncoderParams = p) -> np.ndarray:
                return att.self_attention(z, p.w_q[0], p.w_k[0], p.w_v[0])[0]

            def head(
                z: np.ndarray, p: enc.EncoderParams = p, cfg: enc.EncoderConfig = cfg
            ) -> np.ndarray:
                return enc.forward(p, z, cfg).logits

            yield laws.law_shapes(layer, head, z, c), {"n": n, "d": d, "classes": c}
            out = enc.forward(p, rng.normal(0, 1, (3, n, d)), cfg)
            ok = out.logits.shape == (3, c) and out.hidden.shape[1:] == (3, n + 1, d)
            yield (
                true("batched: logits (B, n_classes), hidden (L + 1, B, N + 1, d)", ok),
                {"batched": True, "n": n, "d": d},
            )

    return held_or_failed(
        cases(), detail="layer (N, d) -> (N, d) and logits (n_classes,) over random N, d, classes"
    )


def allocated_sizes(
    rng: np.random.Generator, cfg: enc.EncoderConfig
) -> tuple[dict[str, int], int, list[str]]:
    """Sizes of the trainable arrays :func:`enc.init_params` allocates for ``cfg`` (projections,
    head, PQC angles; the CLS vector separately), and the arrays whose perturbation leaves the
    forward pass's logits unchanged (unused parameters: must be none)."""
    p = enc.init_params(rng, cfg)
    named = {"w_q": p.w_q, "w_k": p.w_k, "w_v": p.w_v, "w_out": p.w_out}
    named.update({f"theta[{i}]": t for i, t in enumerate(p.theta)})
    x = rng.normal(0, 1.5, (3, cfg.embed_dim))
    base = enc.forward(p, x, cfg).logits
    unused: list[str] = []
    for name, arr in named.items():
        bumped = np.array(arr, copy=True)
        bumped.reshape(-1)[0] += 0.5
        if name.startswith("theta"):
            i = int(name[6:-1])
            th = tuple(bumped if j == i else t for j, t in enumerate(p.theta))
            q = dataclasses.replace(p, theta=th)
        else:
            q = dataclasses.replace(p, **{name: bumped})  # type: ignore[arg-type]
        if np.array_equal(enc.forward(q, x, cfg).logits, base):
            unused.append(name)
    return {k: int(v.size) for k, v in named.items()}, int(p.cls.size), unused


@EVIDENCE.claim("S001-P20")
def parameter_count(rng: np.random.Generator) -> Evidence:
    sd = enc.EncoderConfig(score="entropy", encoding="super_dense")
    sizes, cls, unused = allocated_sizes(rng, sd)
    if unused:
        return Failed(error=f"arrays {unused} do not affect the logits")
    total = sum(sizes.values())
    if total != 894:
        return Failed(error=f"allocated trainable arrays sum to {total} != 894: {sizes}")
    if enc.parameter_count(sd) != total:
        return Failed(error=f"parameter_count {enc.parameter_count(sd)} != allocated {total}")
    rows: list[tuple[str, float, float]] = [
        (f"{k} {'x'.join(map(str, _shape(sd, k)))}", float(v), float(_claimed(k)))
        for k, v in sizes.items()
    ]
    rows.append(("sum of the allocated arrays above", float(total), 894.0))
    return Counted(
        detail="measured: the sizes of the arrays init_params allocates for the default "
        "super-dense entropy encoder (2 layers, binary, theta shared across re-uploads, one "
        "theta per attention layer): w_q, w_k, w_v (2x12x12 each), w_out (2x12), theta[0], "
        f"theta[1] (3 each) sum to {total}, against the claimed 2(3*144+3)+24 = 894; each array "
        "is used (bumping one entry changes the logits of a forward pass). Not counted, as in "
        f"the paper: the learned CLS vector ({cls}; {total + cls} allocated in all). The paper's "
        "'+1' (900) is not allocated: the projections are bias-free (S001-A09)",
        rows=tuple(rows),
    )


def _shape(cfg: enc.EncoderConfig, name: str) -> tuple[int, ...]:
    d, L = cfg.embed_dim, cfg.num_layers
    if name == "w_out":
        return (cfg.num_classes, d)
    return cfg.theta_shape if name.startswith("theta") else (L, d, d)


def _claimed(name: str) -> int:
    """The claim's terms: 3 * 144 per layer for W_Q, W_K, W_V (2 layers), 3 angles per layer,
    24 for the head."""
    return {"w_q": 288, "w_k": 288, "w_v": 288, "w_out": 24}.get(name, 3)


@EVIDENCE.claim("S001-P21")
def iqm(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        x = np.arange(10.0)
        yield true("IQM(0..9) = 4.5 exactly", float(met.iqm(x)) == 4.5), {"oracle": "IQM(0..9)"}
        for _ in range(300):
            n = 10 if rng.random() < 0.5 else int(rng.integers(1, 40))
            v = rng.normal(0, 10.0 ** rng.uniform(-2, 3), n)
            if rng.random() < 0.3:
                v = np.round(v)  # ties
            tol = 2.0 * n * EPS * (1 + float(np.max(np.abs(v))))
            yield (
                combine(
                    laws.law_iqm_trimmed_mean(v, lambda a: float(met.iqm(a))),
                    close(
                        "IQM = scipy.stats.trim_mean(x, 0.25)",
                        float(met.iqm(v)),
                        float(trim_mean(v, 0.25)),
                        tol,
                    ),
                ),
                {"n": n},
            )

    return held_or_failed(
        cases(),
        detail="IQM(0..9) = 4.5 exactly; IQM = mean(sorted[k:n-k]), k = floor(n/4) ([2:8] for "
        "10 seeds), and = scipy.stats.trim_mean(x, 0.25), within 2 n eps max|x|",
    )


@EVIDENCE.claim("S001-P22")
def nea_scale_invariance(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(200):
            c = int(rng.integers(2, 5))
            d = int(rng.integers(2, 9))
            m = int(rng.integers(c, 30))
            labels = np.concatenate([np.arange(c), rng.integers(0, c, m - c)])
            train = rng.normal(0, 1, (m, d)) + rng.normal(0, 2, (c, d))[labels]
            test = rng.normal(0, 2, (int(rng.integers(1, 20)), d))
            means = met.class_means(train, labels, num_classes=c)
            cos = np.sort(met.cosine_similarity(test, means), axis=1)
            margins = cos[:, -1] - cos[:, -2]
            row = int(rng.integers(0, test.shape[0]))
            c_row, c_all = 10.0 ** rng.uniform(-6, 6), 10.0 ** rng.uniform(-6, 6)

            def pred(a: np.ndarray, b: np.ndarray, t: np.ndarray, c: int = c) -> np.ndarray:
                return met.nea_predict(a, b, t, num_classes=c)

            s = laws.law_nea_scale_invariance(pred, train, labels, test, row, c_row, c_all, margins)
            yield s, {"classes": c, "d": d, "c_row": c_row, "c_all": c_all}

    return held_or_failed(
        cases(),
        detail="NEA predictions unchanged when one test embedding is scaled by c in [1e-6, 1e6] "
        "and when all embeddings are scaled together (flips allowed only in cosine ties within "
        "8 d eps; two boolean checks per case)",
    )


@EVIDENCE.claim("S001-P23")
def depolarizing(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        k = nz.IBM_KYIV_2024_11_19
        for p in [0.0, 1 / 3, k.p1, k.p2, *rng.uniform(0, 1 / 3, 100).tolist()]:
            yield (
                combine(
                    laws.law_depolarizing(sim.depolarizing, float(p)),
                    close(
                        "noise.total_error = 3p",
                        nz.total_error(sim.depolarizing(p)),
                        3 * p,
                        16 * EPS,
                    ),
                ),
                {"p": float(p)},
            )
        for p in [k.p2, *rng.uniform(0, 1 / 15, 20).tolist()]:
            ch = nz.general_depolarizing_2q(p)
            # 16 Kraus operators of 4x4: each K^dag K entry a 4-term sum, 16 of them summed
            # (4 times the 2x2 channel's 16 eps)
            yield (
                combine(
                    close(
                        "2q: sum K^dag K = I",
                        sum(q.conj().T @ q for q in ch.kraus),
                        np.eye(4),
                        64 * EPS,
                    ),
                    close("2q: total error = 15p", nz.total_error(ch), 15 * p, 64 * EPS),
                ),
                {"p": float(p), "channel": "general 2q"},
            )

    return held_or_failed(
        cases(),
        detail="depolarizing(p) (px = py = pz = p): sum K^dag K = I and total error 3p for "
        "p in [0, 1/3] incl. Kyiv p1, p2; the 15-Pauli 2-qubit option: total error 15p",
    )


@EVIDENCE.claim("S001-P24")
def thermal_physical(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        k = nz.IBM_KYIV_2024_11_19
        for t in (0.0, 50e-9, 660e-9, 1e-6, 1e-4):
            yield (
                laws.law_thermal_physical(sim.thermal_relaxation, k.t1, k.t2, t),
                {"kyiv": True, "time": t},
            )
        yield (
            at_most("Kyiv calibration: T2 <= 2 T1", k.t2, 2 * k.t1),
            {"T2_us": k.t2 * 1e6, "2T1_us": 2 * k.t1 * 1e6},
        )
        yield (
            laws.law_thermal_physical(sim.thermal_relaxation, k.t1, 2 * k.t1 * 1.001, 1e-7),
            {"unphysical": True},
        )
        try:
            nz.Calibration(t1=k.t1, t2=3 * k.t1, p1=k.p1, p2=k.p2)
            rejected = False
        except ValueError:
            rejected = True
        yield (
            true("Calibration with T2 = 3 T1 rejected", rejected),
            {"calibration": "t2 = 3 t1"},
        )
        for _ in range(100):
            t1 = 10.0 ** rng.uniform(-6, -3)
            t2 = t1 * rng.uniform(0.01, 4.0)
            yield (
                laws.law_thermal_physical(
                    sim.thermal_relaxation, t1, t2, float(rng.uniform(0, 3 * t1))
                ),
                {"t1": t1, "t2": t2},
            )

    return held_or_failed(
        cases(),
        detail="Kyiv T2 = 117.71 us <= 2 T1 = 554.08 us; the thermal channel relaxes populations "
        "as exp(-t/T1) (within 64 eps) and coherences as exp(-t/T2) (within sqrt(eps/2), the "
        "reference's lam = 1 - r cancellation); T2 > 2 T1 is rejected",
    )
