"""Benchmark: one ``loss_and_grad`` of every reproduction model (issue 15) on an MC-sized batch.

Workload: a batch of 32 samples of 4 tokens of dimension 12 (MC/RP shaping, spec §8), binary
labels; every model of :data:`reference.pipeline.models.MODEL_NAMES` with its defaults (dense
encoding, 2 attention layers, 4 re-uploading layers). Throughput in samples/s of
``loss_and_grad`` (forward + exact gradient) and of ``predict``. For the entropy score the
analytic adjoint is also timed against the parameter-shift gradient (same result, checked equal
to ``1e-10`` before timing), as ``ours`` vs peer ``shift``.

Output: a table on stdout and ``build/bench/s001_models.json`` (``qah-bench/1``, ``harness.py``).
Run: ``python tests/benchmarks/bench_models.py [--batch 32] [--tokens 4]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from harness import Bench, arguments, check_equal  # noqa: E402

from reference.pipeline.grad.encoder import entanglement_config  # noqa: E402
from reference.pipeline.grad.entanglement import EntanglementScoreGrad  # noqa: E402
from reference.pipeline.models import MODEL_NAMES, EncoderModel, make_model  # noqa: E402


def main() -> None:
    ap = arguments(__doc__)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--tokens", type=int, default=4)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    b, t = args.batch, args.tokens
    x = rng.normal(size=(b, t, 12))
    y = rng.integers(0, 2, b)
    bench = Bench("s001_models")
    size = {"batch": b, "tokens": t, "embed_dim": 12}
    for name in MODEL_NAMES:
        model = make_model(name)
        params = model.init_params(np.random.default_rng(1))
        bench.measure(
            lambda m=model, p=params: m.loss_and_grad(p, x, y),
            workload=f"loss_and_grad {name}",
            size=size,
            method="reference",
            items=b,
            unit="samples/s",
            checked_equal=False,
            note="exact gradient; proven equal to finite differences in tests/test_gradients.py",
            counts={"parameters": getattr(model, "parameter_count", 0)},
        )
        bench.measure(
            lambda m=model, p=params: m.predict(p, x),
            workload=f"predict {name}",
            size=size,
            method="reference",
            items=b,
            unit="samples/s",
            checked_equal=False,
        )
    model = make_model("entropy")
    assert isinstance(model, EncoderModel)
    cfg = entanglement_config(model.config)
    q = rng.normal(size=(b, t + 1, 12))
    k = rng.normal(size=(b, t + 1, 12))
    th = rng.uniform(-np.pi, np.pi, model.config.theta_shape)
    g = rng.normal(size=(b, t + 1, t + 1))
    adj = EntanglementScoreGrad(config=cfg, method="adjoint")
    shf = EntanglementScoreGrad(config=cfg, method="shift")
    ours, theirs = adj.vjp(q, k, th, g), shf.vjp(q, k, th, g)
    ok = all(
        check_equal(a, s, atol=1e-10, what="entropy vjp") for a, s in zip(ours, theirs, strict=True)
    )
    for method, fn, peer in (
        ("shift", lambda: shf.vjp(q, k, th, g), None),
        ("adjoint", lambda: adj.vjp(q, k, th, g), "shift"),
    ):
        bench.measure(
            fn,
            workload="entropy score vjp (one attention layer)",
            size=size,
            method=method,
            peer=peer,
            items=b,
            unit="samples/s",
            checked_equal=ok,
        )
    bench.write(args.out_dir)


if __name__ == "__main__":
    main()
