"""The seed-001 reproduction runner, its smoke run, the stored results and their ledger verdicts."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from proofs import reproduce as cli
from proofs.evidence.encoder import empirical as emp
from proofs.ledger import load_expected_reasons
from reference.pipeline import reproduce as rp
from reference.pipeline.mlp import MLPModel
from reference.pipeline.tasks import lambeq_task
from reference.pipeline.training import TrainConfig


def test_smoke_run_writes_report_plots_and_raw_json(tmp_path: Path) -> None:
    """CI's smoke reproduction: 2 seeds x 2 epochs on MC, RP and a small MNIST-1D."""
    assert cli.main(["--smoke", "--out", str(tmp_path), "--quiet"]) == 0
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| mlp | trained |" in text
    for name in rp.ENCODER_MODELS:  # each model is either trained or said not to be
        assert f"| {name} | trained |" in text or f"| {name} | not available" in text
    raw = json.loads((tmp_path / "raw" / "mlp.json").read_text(encoding="utf-8"))
    assert raw["config"]["seeds"] == [0, 1] and raw["config"]["train"]["epochs"] == 2
    assert np.asarray(raw["tasks"]["mnist1d-50"]["test_acc"]).shape == (2, 2)
    for png in ("learning_curves_mc.png", "accuracy_vs_size.png", "gaps.png"):
        assert (tmp_path / png).stat().st_size > 0
    for cid in ("S001-E01", "S001-E04", "S001-E05"):
        assert f"| {cid} |" in text


def test_missing_model_is_reported_not_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A model the models module does not name gives a reason; one it names is trained."""
    fake = types.ModuleType("reference.pipeline.models")
    fake.MODEL_NAMES = ("classical",)  # type: ignore[attr-defined]
    fake.make_model = lambda name, *, num_classes, embed_dim: MLPModel(  # type: ignore[attr-defined]
        input_dim=4 * embed_dim, num_classes=num_classes, hidden=(4,)
    )
    monkeypatch.setitem(sys.modules, "reference.pipeline.models", fake)
    reason = rp.resolve("entropy")
    assert isinstance(reason, str) and reason.startswith("not available") and "entropy" in reason
    cfg = rp.ReproConfig(
        seeds=(0,), models=("entropy", "classical"), tasks=("mc",), train=TrainConfig(epochs=1)
    )
    out = rp.run(cfg, tasks={"mc": lambeq_task("mc")})
    assert out["entropy"]["available"] is False and "not available" in out["entropy"]["reason"]
    assert out["classical"]["available"] is True
    assert np.asarray(out["classical"]["tasks"]["mc"]["test_acc"]).shape == (1, 1)


def test_fresh_run_reproduces_the_stored_mlp_numbers_bit_for_bit() -> None:
    """Seed 0 of the stored MLP results on MC, re-trained with the stored options, is identical."""
    stored = emp.load_results()
    if "mlp" not in stored:
        pytest.skip("no stored MLP results in proofs/data/reproduction")
    rec = stored["mlp"]
    cfg = rec["config"]
    train = TrainConfig(**cfg["train"])
    task = lambeq_task("mc", embedding=cfg["embedding"], dev_fraction=cfg["dev_fraction"])
    k = rec["tasks"]["mc"]["seeds"].index(0)
    fresh = rp.run_seed(MLPModel(input_dim=48, num_classes=2), task, 0, train)
    for key in ("train_acc", "train_loss", "test_acc", "test_loss", "dev_acc", "dev_loss"):
        assert cli._clean(fresh[key]) == rec["tasks"]["mc"][key][k], key  # NaN stored as null


def test_ledger_verdicts_of_the_empirical_claims_match_expected() -> None:
    """S001-E01..E06 decided from the stored results agree with proofs/expected/encoder.toml."""
    expected = load_expected_reasons()
    rng = np.random.default_rng(0)
    for cid, fn in emp.EVIDENCE.providers.items():
        ev = fn(rng)
        assert ev.verdict == expected[cid][0], (cid, ev)
        if ev.verdict == "refuted":
            assert emp.NOT_REPRODUCED in ev.observed  # type: ignore[union-attr]


def test_stored_results_carry_their_protocol() -> None:
    for rec in emp.load_results().values():
        assert rec["schema"] == rp.SCHEMA
        assert set(rec["config"]["train"]) >= {"epochs", "batch_size", "lr", "beta1", "lr_floor"}
        for entry in rec["tasks"].values():
            assert len(entry["seeds"]) == len(entry["test_acc"])


BAD = [
    ("seeds-empty", lambda: rp.ReproConfig(seeds=()), "seeds"),
    ("seeds-negative", lambda: rp.ReproConfig(seeds=(-1,)), "seeds"),
    ("models-unknown", lambda: rp.ReproConfig(models=("gpt",)), "models"),
    ("tasks-unknown", lambda: rp.ReproConfig(tasks=("imagenet",)), "tasks"),
    ("resolve-unknown", lambda: rp.resolve("gpt"), "name"),
]


@pytest.mark.parametrize(("call", "match"), [pytest.param(c, m, id=i) for i, c, m in BAD])
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        call()  # type: ignore[operator]


def test_executor_gives_the_same_results_as_the_serial_run() -> None:
    """Each (model, task, seed) unit is pure: a pool changes nothing but the wall time."""
    from concurrent.futures import ThreadPoolExecutor

    cfg = rp.ReproConfig(seeds=(0, 1), models=("mlp",), tasks=("rp",), train=TrainConfig(epochs=2))
    tasks = {"rp": lambeq_task("rp")}
    serial = rp.run(cfg, tasks=tasks)["mlp"]["tasks"]["rp"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = rp.run(cfg, tasks=tasks, executor=pool)["mlp"]["tasks"]["rp"]
    for key in ("train_acc", "train_loss", "test_acc", "dev_acc", "dev_loss"):
        assert pooled[key] == serial[key], key


def _rec(model: str, tasks: dict[str, float], noise: int = 0) -> dict[str, object]:
    """A results record whose test/dev/train accuracy is ``level`` +- seed noise on each task."""
    rng = np.random.default_rng(noise)
    out: dict[str, object] = {}
    for task, level in tasks.items():
        c = (level + 0.01 * rng.standard_normal((10, 3))).tolist()
        out[task] = {"test_acc": c, "dev_acc": c, "train_acc": c, "seeds": list(range(10))}
    return {"model": model, "available": True, "tasks": out}


def test_a_failing_comparison_refutes_without_waiting_for_other_tasks() -> None:
    """S001-E06 rule: refuted as soon as one available comparison fails; held needs them all."""
    worse = {
        "entropy": _rec("entropy", {"mc": 0.5}),
        "no_entanglement": _rec("no_entanglement", {"mc": 0.9}),
    }
    assert emp.decide_from("S001-E06", worse)[0] == "refuted"
    better = {
        "entropy": _rec("entropy", {"mc": 0.9}),
        "no_entanglement": _rec("no_entanglement", {"mc": 0.5}),
    }
    word = emp.decide_from("S001-E06", better)[0]
    assert word.startswith(emp.NOT_STORED) and "rp" in word
    both = {
        "entropy": _rec("entropy", {"mc": 0.9, "rp": 0.8}),
        "no_entanglement": _rec("no_entanglement", {"mc": 0.5, "rp": 0.5}),
    }
    assert emp.decide_from("S001-E06", both)[0] == "held"


def test_refuted_claim_stores_and_rechecks_its_counterexample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A claim the stored results contradict is refuted with "not reproduced under this
    protocol"; its counterexample file is re-derived from the stored results at every run."""
    import proofs.ledger as ledger

    store, cx = tmp_path / "store", tmp_path / "cx"
    cfg = {"seeds": list(range(10)), "train": {"epochs": 3}, "embedding": "ppmi-svd"}
    recs = {
        "entropy": _rec("entropy", {"mc": 0.5, "rp": 0.5}),
        "no_entanglement": _rec("no_entanglement", {"mc": 0.9, "rp": 0.9}, 1),
    }
    for r in recs.values():
        r.update(schema=rp.SCHEMA, config=cfg)
    monkeypatch.setattr(emp, "STORE", store)
    monkeypatch.setattr(ledger, "COUNTEREXAMPLES", cx)
    written = cli.store(recs, store, cx)
    assert cx / "S001-E06.json" in written
    ev = emp.EVIDENCE.providers["S001-E06"](np.random.default_rng(0))
    assert ev.verdict == "refuted" and emp.NOT_REPRODUCED in ev.observed  # type: ignore[union-attr]
    data = json.loads((cx / "S001-E06.json").read_text(encoding="utf-8"))
    data["comparisons"][0]["a_value"] += 0.1  # a tampered counterexample is caught
    (cx / "S001-E06.json").write_text(json.dumps(data), encoding="utf-8")
    assert emp.EVIDENCE.providers["S001-E06"](np.random.default_rng(0)).verdict == "failed"


def test_store_raw_files_of_earlier_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--store-raw stores raw results of separate runs (heavy models run one by one)."""
    import proofs.ledger as ledger

    raw = tmp_path / "mlp.json"
    cfg = {"seeds": list(range(10)), "train": {"epochs": 3}, "embedding": "ppmi-svd"}
    rec = dict(_rec("mlp", {"mc": 1.0, "rp": 0.7}), schema=rp.SCHEMA, config=cfg)
    raw.write_text(json.dumps(rec), encoding="utf-8")
    monkeypatch.setattr(ledger, "COUNTEREXAMPLES", tmp_path / "cx")
    store = tmp_path / "store"
    assert cli.main(["--store-raw", str(raw), "--store-dir", str(store)]) == 0
    assert json.loads((store / "mlp.json").read_text(encoding="utf-8"))["model"] == "mlp"
    # train = test accuracy: no overfitting on RP, so S001-E04 is refuted and its numbers stored
    assert (tmp_path / "cx" / "S001-E04.json").is_file()
