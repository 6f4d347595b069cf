"""Evidence for the seed-001 encoder defaults ``S001-A06..A09, A12, A16, A19..A22``.

A default's evidence checks that the option exists with the stated default (the default
configuration behaves as the formula says) and that the alternative changes the behaviour where it
should.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from proofs.evidence.encoder.claims import allocated_sizes
from proofs.ledger import (
    Case,
    Evidence,
    EvidenceRegistry,
    held_or_failed,
)
from properties.encoder import laws
from properties.outcome import at_least, at_most, close, combine, true, within
from properties.tolerances import STAT_Z, density_matrix_tolerance, mix_tolerance
from reference import noise as nz
from reference import simulate as sim
from reference.algorithms import attention as att
from reference.circuit import Circuit
from reference.mechanisms.entanglement.config import Encoding, EntanglementConfig
from reference.pipeline import datasets as ds
from reference.pipeline import encoder as enc

EVIDENCE = EvidenceRegistry()

EPS = laws.EPS
TINY = float(np.finfo(np.float64).tiny)
"""The smallest normal float64."""


# ---------------------------------------------------------------------------------------------
# defaults


def _default(name: str, fn: Callable[..., object]) -> object:
    """Default value of keyword ``name`` in ``fn``'s signature."""
    return inspect.signature(fn).parameters[name].default


@EVIDENCE.claim("S001-A06")
def default_no_residual(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        cfg = enc.EncoderConfig()
        yield true("EncoderConfig().residual is False", cfg.residual is False), {"default": True}
        res = enc.EncoderConfig(residual=True)
        for _ in range(10):
            p = enc.init_params(rng, cfg)
            x = rng.normal(0, 1, (4, 12))
            o = enc.forward(p, x, cfg)
            z0, z1 = o.hidden[0], o.hidden[1]
            v = z0 @ p.w_v[0].T
            m = int(o.weights.shape[-1])
            tol = mix_tolerance(m, 1.0 + float(np.max(np.abs(v))))
            r = enc.forward(p, x, res)
            # the residual adds Z0 once more: one more rounding of |Z0| + |W V|
            tol_r = tol + 2 * EPS * (
                float(np.max(np.abs(r.hidden[0]))) + 1.0 + float(np.max(np.abs(v)))
            )
            yield (
                combine(
                    close("default: Z1 = W V", z1, o.weights[0] @ v, tol),
                    close(
                        "residual=True: Z1 = Z0 + W V",
                        r.hidden[1],
                        r.hidden[0] + r.weights[0] @ v,
                        tol_r,
                    ),
                ),
                {"tokens": 4, "d": 12},
            )

    return held_or_failed(
        cases(),
        detail="default residual=False: Z1 = softmax(.) V; residual=True adds Z0 (within the "
        "mixing rounding 4 (M + 1) eps (1 + max|V|), mix_tolerance)",
    )


@EVIDENCE.claim("S001-A07")
def default_learned_cls(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        cfg = enc.EncoderConfig()
        yield true("EncoderConfig().learn_cls is True", cfg.learn_cls is True), {"default": True}
        cls = np.stack([enc.init_params(rng, cfg).cls for _ in range(200)])
        std = float(cls.std())
        # a sample standard deviation of N normal draws has standard error sigma / sqrt(2 (N-1))
        window = STAT_Z * 0.02 / math.sqrt(2 * (cls.size - 1))
        yield (
            within("sample std of the CLS init - 0.02", abs(std - 0.02), window),
            {"init_std": std, "expected": 0.02, "draws": int(cls.size)},
        )
        fixed = enc.EncoderConfig(learn_cls=False)
        p0 = enc.init_params(rng, fixed)
        yield true("learn_cls=False: CLS vector is zeros", np.all(p0.cls == 0)), {"fixed": True}
        p = enc.init_params(rng, cfg)
        try:
            p.check(fixed)
            rejected = False
        except ValueError:
            rejected = True
        yield true("non-zero CLS rejected with learn_cls=False", rejected), {"check": True}
        x = rng.normal(0, 1, (4, 12))
        p_zero = replace(p, cls=np.zeros(12))
        diff = float(
            np.max(np.abs(enc.forward(p, x, cfg).y_cls - enc.forward(p_zero, x, fixed).y_cls))
        )
        # the two passes run the same arithmetic on the same inputs except the CLS vector, so an
        # unused CLS vector would give bit-identical outputs
        yield true("the CLS vector changes y_CLS", diff > 0.0), {"diff": diff}

    return held_or_failed(
        cases(),
        detail="default learn_cls=True with N(0, 0.02) init (sample std of 2400 draws within "
        f"{STAT_Z:g} standard errors, 0.02 / sqrt(2 (N - 1)) each); learn_cls=False fixes zeros "
        "and rejects a non-zero vector; the CLS vector changes y_CLS",
    )


@EVIDENCE.claim("S001-A08")
def default_no_positional(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        cfg = enc.EncoderConfig()
        yield (
            true("EncoderConfig().positional_encoding is None", cfg.positional_encoding is None),
            {"default": True},
        )
        for pe in ("sinusoidal", "learned"):
            alt = enc.EncoderConfig(positional_encoding=pe)
            for _ in range(5):
                p = enc.init_params(rng, alt)
                x = rng.normal(0, 1, (4, 12))
                perm = np.array([1, 0, 3, 2])
                o = enc.forward(p, x, alt)
                a = o.y_cls
                b = enc.forward(p, x[perm], alt).y_cls
                diff = float(np.max(np.abs(a - b)))
                # an order-free encoder moves y_CLS by at most the sum-reordering bound
                mag = float(np.max(np.abs(o.hidden)))
                tol = laws.permutation_tolerance(5, 12, alt.num_layers, mag)
                base = enc.forward(enc.init_params(rng, cfg), x, cfg)
                yield (
                    combine(
                        at_least(
                            f"{pe}: y_CLS moves under a permutation beyond the reordering bound",
                            diff,
                            tol,
                        ),
                        true("default: 4 tokens + CLS", base.hidden.shape[1] == 5),
                    ),
                    {"positional": pe, "diff_under_permutation": diff},
                )

    return held_or_failed(
        cases(),
        detail="default positional_encoding=None (order-free, S001-P18); 'sinusoidal' and "
        "'learned' make y_CLS depend on token order (beyond the permutation_tolerance an "
        "order-free encoder stays within)",
    )


@EVIDENCE.claim("S001-A09")
def default_no_plus_one(rng: np.random.Generator) -> Evidence:
    cfg = enc.EncoderConfig(score="entropy")
    default = _default("plus_one", enc.parameter_count)
    sizes, _, unused = allocated_sizes(rng, cfg)
    allocated = sum(sizes.values())
    checks = combine(
        true("plus_one defaults to False", default is False),
        true(
            "parameter_count(default) = sizes of the allocated arrays",
            enc.parameter_count(cfg) == allocated,
        ),
        true("allocated arrays sum to 894", allocated == 894),
        true(
            "plus_one=True adds 3 L = 6 (900)",
            enc.parameter_count(cfg, plus_one=True) == allocated + 3 * cfg.num_layers,
        ),
        true("every allocated array is used by the forward pass", not unused),
    )
    return held_or_failed(
        [(checks, {"config": "EncoderConfig(score='entropy')", "allocated": sizes})],
        detail="on the default entropy encoder: the '+1' of 3*(d*d+1) is ignored by default: "
        "the encoder allocates no bias, and the default count equals the measured sizes of the "
        "allocated arrays (w_q, w_k, w_v, w_out, theta per layer); plus_one=True adds 3 per layer",
    )


@EVIDENCE.claim("S001-A12")
def default_unknowns(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        sig = inspect.signature(nz.kyiv_noise_model)
        for name in ("gate_time_1q", "gate_time_2q"):
            req = sig.parameters[name].default is inspect.Parameter.empty
            yield true("kyiv_noise_model gate time is a required argument", req), {"arg": name}
        try:
            nz.noise_model(p1=1e-3, p2=1e-2, t1=1e-4, t2=1e-4)
            named = False
        except ValueError as e:
            named = "gate_time" in str(e)
        yield true("thermal relaxation without gate times rejected", named), {"gate_times": None}
        # the initialisation actually used is the documented one (recorded, S001-A12)
        cfg = enc.EncoderConfig(score="entropy")
        p = enc.init_params(rng, cfg)
        yield (
            combine(
                at_most("init |w_q| <= 1/sqrt(d)", np.abs(p.w_q), 1 / math.sqrt(12)),
                at_most("init |theta| <= pi", np.abs(p.theta[0]), math.pi),
            ),
            {"init": "U(-1/sqrt d, 1/sqrt d), theta U(-pi, pi)"},
        )
        m1 = nz.kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=660e-9)
        m2 = nz.kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=2e-6)
        c = Circuit.build(2).h(0).crx(0, 1, 1.1).done()
        diff = float(
            np.max(np.abs(sim.density_matrix(c, noise=m1) - sim.density_matrix(c, noise=m2)))
        )
        tol = density_matrix_tolerance(c, channels_per_gate=4, kraus=16)
        yield (
            at_least("the 2q gate time changes the noisy state beyond round-off", diff, tol),
            {"gate_time_2q": [660e-9, 2e-6], "diff": diff},
        )

    return held_or_failed(
        cases(),
        detail="unknown gate times are required arguments (no silent default) and "
        "matter (beyond the density-matrix round-off); the initialisation in use is the "
        "documented, recorded one",
    )


# n_r of the entanglement PQC at d = 12 (spec §3): 4 features per qubit (super-dense), 2 (dense)
N_R_CLAIMED: dict[Encoding, int] = {"super_dense": 3, "dense": 6}


@EVIDENCE.claim("S001-A16")
def default_theta_per_layer(rng: np.random.Generator) -> Evidence:
    """Each of the 2 attention layers has its own entanglement-PQC theta in R^{n_r}."""

    def cases() -> Iterator[Case]:
        for score in ("entropy", "swap", "concurrence"):
            for encoding, n_r in N_R_CLAIMED.items():
                cfg = enc.EncoderConfig(score=score, encoding=encoding)
                mech_n_r = EntanglementConfig(encoding=encoding).register_qubits(cfg.embed_dim)
                p = enc.init_params(rng, cfg)
                shapes = [t.shape for t in p.theta]
                ok = cfg.num_theta == 2 and shapes == [(n_r,), (n_r,)] and mech_n_r == n_r
                tag = f"{score}/{encoding}"
                yield (
                    true("2 theta arrays of shape (n_r,), n_r = register_qubits(12)", ok),
                    {tag: f"thetas {shapes}, n_r {mech_n_r} vs {n_r}"},
                )
                x = rng.uniform(-1, 1, (3, 12))
                o = enc.forward(p, x, cfg)
                for layer in (0, 1):
                    th = list(p.theta)
                    th[layer] = th[layer] + rng.uniform(0.5, 1.0, (n_r,))
                    o2 = enc.forward(replace(p, theta=tuple(th)), x, cfg)
                    w1 = float(np.max(np.abs(o.weights[0] - o2.weights[0])))
                    w2 = float(np.max(np.abs(o.weights[1] - o2.weights[1])))
                    # theta[0] moves layer 1 (and so layer 2); theta[1] leaves layer 1 exactly.
                    # The SWAP test compares U(q)|0>, U(k)|0> without the CRX gates by default
                    # (S001-A18 "encoding_only"): its theta is allocated but enters no score.
                    if score == "swap":
                        name = "SWAP (encoding_only): theta changes no weight"
                        ok = w1 == 0.0 and w2 == 0.0
                    elif layer == 0:
                        name = "theta[0] changes the weights of layers 1 and 2"
                        ok = w1 > 0 and w2 > 0
                    else:
                        name = "theta[1] leaves layer 1 bit-identical and changes layer 2"
                        ok = w1 == 0.0 and w2 > 0
                    yield (
                        true(name, ok),
                        {tag: f"theta[{layer}] moved: {w1:.3g}, {w2:.3g}"},
                    )

    return held_or_failed(
        cases(),
        detail="measured on the entanglement scores (entropy, SWAP test, concurrence) with "
        "super-dense and dense encodings, against the claimed own theta in R^{n_r} per attention "
        "layer: init_params allocates 2 theta arrays of shape (n_r,), n_r = 3 / 6 (= the "
        "entanglement mechanism's register_qubits(12)); bumping theta[0] changes layer-1 "
        "weights, bumping theta[1] leaves layer 1 bit-identical and changes layer 2 for the "
        "entropy and concurrence scores; for the SWAP test (default swap_states='encoding_only', "
        "S001-A18: no CRX gates) the per-layer theta is allocated but changes no weight, "
        "checked as such (k of k boolean checks)",
    )


@EVIDENCE.claim("S001-A19")
def default_softmax_axis(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        cfg = enc.EncoderConfig()
        for _ in range(20):
            p = enc.init_params(rng, cfg)
            t = 5
            o = enc.forward(p, rng.normal(0, 2, (t, 12)), cfg)
            w = o.weights
            tol = laws.softmax_tolerance(w.shape[-1])
            shape_ok = w.shape == (cfg.num_layers, t + 1, t + 1)
            col = float(np.max(np.abs(w.sum(-2) - 1)))
            # the CLS key takes part in the normalisation: the non-CLS keys alone sum to < 1
            rest = float(np.max(w[..., 1:].sum(-1)))
            yield (
                combine(
                    true("weights (L, T + 1, T + 1) over T + 1 keys (CLS first)", shape_ok),
                    within("rows (over keys) sum to 1", float(np.max(np.abs(w.sum(-1) - 1))), tol),
                    at_least("columns do not sum to 1 (beyond rounding)", col, tol),
                    at_most("non-CLS keys sum < 1 (beyond rounding)", rest, 1.0 - tol),
                ),
                {"tokens": t, "col_dev": col, "non_cls_sum": rest},
            )

    return held_or_failed(
        cases(),
        detail="measured on the default encoder's attention weights (20 random inputs of 5 "
        "tokens): (T+1) x (T+1) per layer, rows (over keys j) sum to 1 within the softmax "
        "rounding bound, columns do not, and the non-CLS keys of every row sum to less than 1 "
        "(the CLS key is in the normalisation), against the claimed row-wise softmax over keys "
        "including CLS",
    )


@EVIDENCE.claim("S001-A20")
def default_loss(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        for _ in range(100):
            c = int(rng.integers(2, 6))
            z = rng.normal(0, 10.0 ** rng.uniform(-1, 3), (4, c))
            y = rng.integers(0, c, 4)
            ce = enc.cross_entropy(z, y)
            parts = [at_least("loss >= 0", ce, 0.0)]
            # -log of a softmax weight below the smallest normal float loses its relative
            # precision (subnormal), so the oracle is compared only above it
            if np.all(att.softmax(z)[np.arange(4), y] > TINY):
                ref = float(np.mean([-math.log(att.softmax(z[i])[y[i]]) for i in range(4)]))
                # the shift z - max rounds with eps |z|, the c exps and their sum with (c + 2)
                # eps, log and the subtraction once: (c + 4) eps (1 + max|z|), doubled for two
                # computations and 2 to spare
                tol = 4 * (c + 4) * EPS * (1 + float(np.max(np.abs(z))))
                parts.append(close("loss = mean -log softmax(z)[y]", ce, ref, tol))
            yield combine(*parts), {"classes": c}

    return held_or_failed(
        cases(),
        detail="loss = mean softmax cross-entropy -log softmax(W_out y_CLS)[y], stable "
        "for large logits",
    )


@EVIDENCE.claim("S001-A21")
def default_noise_mapping(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        k = nz.IBM_KYIV_2024_11_19
        model = nz.noise_model(p1=k.p1, p2=k.p2)
        c = Circuit.build(2).h(0).crx(0, 1, 0.7).done()
        one = model(c.ops[0])
        two = model(c.ops[1])
        ref1 = sim.depolarizing(k.p1)
        ok1 = len(one) == 1 and one[0][1] == (0,) and len(one[0][0].kraus) == len(ref1.kraus)
        parts = [true("1q gate: one channel on its qubit", ok1)]
        if ok1:
            parts.append(
                close(
                    "1q gate: the channel is depolarizing(p1)",
                    np.stack(one[0][0].kraus),
                    np.stack(ref1.kraus),
                    4 * EPS,
                )
            )
        yield combine(*parts), {"1q gate": "depolarizing(p1) on its qubit"}
        yield (
            combine(
                true(
                    "CRX: one channel on each of its qubits",
                    sorted(q for _, q in two) == [(0,), (1,)],
                ),
                *(
                    close(
                        "CRX: each channel's total error = 3 p2",
                        nz.total_error(ch),
                        3 * k.p2,
                        16 * EPS,
                    )
                    for ch, _ in two
                ),
            ),
            {"CRX": "depolarizing(p2) on both qubits"},
        )
        default = _default("two_qubit", nz.noise_model)
        yield (
            true("noise_model two_qubit defaults to 'local'", default == "local"),
            {"default": str(default)},
        )
        gen = nz.noise_model(p1=k.p1, p2=k.p2, two_qubit="general")
        g = gen(c.ops[1])
        yield (
            true("two_qubit='general': one 2q channel", len(g) == 1 and g[0][1] == (0, 1)),
            {"general": "one 2q channel"},
        )
        r_local = sim.density_matrix(c, noise=model)
        r_gen = sim.density_matrix(c, noise=gen)
        diff = float(np.max(np.abs(r_local - r_gen)))
        tol = density_matrix_tolerance(c, channels_per_gate=2, kraus=16)
        yield (
            at_least(
                "local and general 2q noise give different states beyond round-off", diff, tol
            ),
            {"diff": diff},
        )
        th = nz.kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=660e-9)
        yield (
            true(
                "thermal: two channels per gate qubit",
                len(th(c.ops[0])) == 2 and len(th(c.ops[1])) == 4,
            ),
            {"thermal": "depolarizing and relaxation per gate qubit"},
        )
        for _ in range(10):
            theta = float(rng.uniform(-np.pi, np.pi))
            cc = Circuit.build(2).ry(0, theta).crx(0, 1, theta).done()
            rho = sim.density_matrix(cc, noise=th)
            tol = density_matrix_tolerance(cc, channels_per_gate=4, kraus=16)
            # eigvalsh is backward stable: eigenvalues within 4 dim eps ||rho|| (||rho|| <= 1)
            eig_tol = tol + 4 * rho.shape[0] * EPS
            yield (
                combine(
                    within(
                        "noisy state: |trace - 1|",
                        abs(float(np.trace(rho).real) - 1),
                        rho.shape[0] * tol,
                    ),
                    at_least(
                        "noisy state: min eigenvalue >= 0",
                        float(np.min(np.linalg.eigvalsh(rho))),
                        0.0,
                        eig_tol,
                    ),
                ),
                {"theta": theta},
            )

    return held_or_failed(
        cases(),
        detail="depolarizing(p1) after each 1-qubit gate, depolarizing(p2) on both "
        "qubits after CRX (default 'local'), 15-Pauli option differs; thermal relaxation per "
        "gate qubit; noisy states stay PSD with unit trace",
    )


@EVIDENCE.claim("S001-A22")
def default_dataset_shaping(rng: np.random.Generator) -> Evidence:
    def cases() -> Iterator[Case]:
        default = _default("final_seq_length", ds.mnist1d_tokens)
        x = rng.normal(0, 1, (7, 48))
        t = ds.tokens_from_sequences(x)
        alt = ds.tokens_from_sequences(rng.normal(0, 1, (7, 40)))
        cfg = enc.EncoderConfig()
        out = enc.forward(enc.init_params(rng, cfg), t, cfg)
        yield (
            combine(
                true("mnist1d_tokens final_seq_length defaults to 48", default == 48),
                true(
                    "48 samples -> 4 contiguous tokens of 12",
                    t.shape == (7, 4, 12) and np.array_equal(t[:, 1], x[:, 12:24]),
                ),
                true("40 samples -> 4 tokens of 10", alt.shape == (7, 4, 10)),
                true("the tokens feed the d = 12 encoder", out.logits.shape == (7, 2)),
            ),
            {"batch": 7},
        )

    return held_or_failed(
        cases(),
        detail="MNIST-1D default final_seq_length=48 shaped to 4 tokens of 12 (fits "
        "embed_dim 12); the 40-sample alternative gives 4 x 10 (needs a projection)",
    )
