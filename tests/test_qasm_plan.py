"""``python -m qasm plan`` / ``estimate`` end to end, with the reference sampler as the provider.

The provider runs each planned program (rebuilt from the manifest, the circuit whose OpenQASM 3 the
manifest's SHA-256 pins) with :func:`reference.simulate.sample` and an explicit generator; the
estimate's interval must contain the exact value. The plans use ``delta = 1e-6``, so a fixed seed
that missed would be a one-in-a-million event, not flakiness.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from qasm.cli import main
from qasm.plan import estimator_from_manifest, load_manifest
from reference import simulate as sim
from tests.toolchain_gate import need

need("openqasm3", "pyqir", "pyqasm")

CASES = [
    ("swap-test", "swap", None, ["theta_a=0.3", "theta_b=1.4"], "0.05"),
    ("swap-test", "fidelity", None, ["theta_a=0.3", "theta_b=1.4"], "0.1"),
    ("entanglement-cswap-concurrence", "concurrence", None, ["theta_0=0.8"], "0.3"),
    ("entanglement-pair-dense", "purity", None, ["theta_0=0.4", "theta_1=-1.1"], "0.05"),
    ("entanglement-pair-dense", "renyi2", "bell", ["theta_0=0.4", "theta_1=-1.1"], "0.2"),
    ("qsann-query", "expval", None, None, "0.1"),
    ("entanglement-pair-dense", "purity", "shadows", ["theta_0=0.4", "theta_1=-1.1"], "0.3"),
    ("grover-search-3q", "success", None, [], "0.05"),
]


def _qsann_params() -> list[str]:
    from reference.registry import circuits

    c = circuits()["qsann-query"].build()
    return [f"{p}={0.1 * (i + 1):.2f}" for i, p in enumerate(c.parameters)]


def _run(argv: list[str]) -> tuple[int, str]:
    import contextlib

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(argv)
    return code, buf.getvalue()


def _plan(
    tmp: Path,
    name: str,
    quantity: str,
    method: str | None,
    params: list[str],
    eps: str,
    *extra: str,
) -> Path:
    argv = [
        "plan",
        name,
        "--quantity",
        quantity,
        "--epsilon",
        eps,
        "--delta",
        "1e-6",
        "-o",
        str(tmp),
        "--no-expected",
        *extra,
    ]
    if method:
        argv += ["--method", method]
    for p in params:
        argv += ["--param", p]
    code, _ = _run(argv)
    assert code == 0
    return tmp / "manifest.json"


def _provider(manifest: Path, seed: int, fmt: str = "canonical") -> Path:
    est = estimator_from_manifest(load_manifest(manifest))
    rng = np.random.default_rng(seed)
    counts = {}
    for p in est.programs():
        c = sim.sample(p.circuit, p.shots, rng)
        counts[p.id] = {k[::-1]: v for k, v in c.items()} if fmt == "qiskit" else c
    path = manifest.parent / "counts.json"
    path.write_text(json.dumps(counts))
    return path


@pytest.mark.parametrize(("name", "quantity", "method", "params", "eps"), CASES)
def test_plan_run_estimate_covers_the_exact_value(
    tmp_path: Path,
    name: str,
    quantity: str,
    method: str | None,
    params: list[str] | None,
    eps: str,
) -> None:
    params = _qsann_params() if params is None else params
    manifest = _plan(tmp_path, name, quantity, method, params, eps)
    m = json.loads(manifest.read_text())
    assert m["circuit"] == name and m["quantity"] == quantity and m["version"] == 1
    for prog in m["programs"]:
        for key in ("qasm3", "qasm3_braket", "qir"):
            assert (tmp_path / prog[key]).is_file()
        assert prog["shots"] >= 1 and prog["num_clbits"] >= 1
    if quantity in ("purity", "renyi2"):
        assert m["subsystem"] == [0, 1]  # register A of the pair circuit
    fmt = "qiskit" if quantity in ("expval", "renyi2") else "canonical"
    counts = _provider(manifest, 5, fmt)
    code, out = _run(["estimate", str(manifest), str(counts), "--json", "--counts-format", fmt])
    assert code == 0
    res = json.loads(out)
    assert set(res) >= {"quantity", "estimate", "ci_low", "ci_high", "confidence", "shots"}
    exact = estimator_from_manifest(m).exact()
    lo, hi = np.atleast_1d(res["ci_low"]), np.atleast_1d(res["ci_high"])
    assert np.all(lo <= exact) and np.all(exact <= hi)
    assert np.all(hi - lo <= 2 * float(eps) + 1e-12)
    code, text = _run(["estimate", str(manifest), str(counts), "--counts-format", fmt])
    assert code == 0 and "confidence" in text


def test_plan_reports_the_exact_and_the_noisy_value(tmp_path: Path) -> None:
    code, out = _run(
        ["plan", "bell", "--quantity", "purity", "--method", "bell", "-o", str(tmp_path)]
    )
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert code == 0 and "noise model" in out
    assert m["expected"]["exact"] == [pytest.approx(0.5, abs=1e-12)]
    assert 0.5 <= m["expected"]["noisy_kyiv"][0] < 1.0
    code, _ = _run(["plan", "bell", "--quantity", "purity", "-o", str(tmp_path)])
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert 0.5 <= m["expected"]["noisy_kyiv"][0] < 1.0  # controlled-SWAP rewritten, then noisy


def test_shots_without_epsilon_plan_the_epsilon_they_guarantee(tmp_path: Path) -> None:
    code, _ = _run(["plan", "bell", "--quantity", "purity", "--shots", "1000", "-o", str(tmp_path)])
    m = json.loads((tmp_path / "manifest.json").read_text())
    assert code == 0 and m["programs"][0]["shots"] == 1000
    assert 0.05 < m["epsilon"] < 0.2


def _errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    manifest = _plan(tmp_path, "bell", "purity", None, [], "0.2")
    counts = _provider(manifest, 1)
    good = json.loads(counts.read_text())
    pid = next(iter(good))
    msgs = []

    def run_estimate(counts_obj: object, man: Path = manifest) -> None:
        counts.write_text(json.dumps(counts_obj))
        code, _ = _run(["estimate", str(man), str(counts)])
        assert code == 2
        msgs.append(capsys.readouterr().err)

    run_estimate({pid: {"0": 3, "1": 2}})  # too few shots
    run_estimate({})  # missing program
    run_estimate({pid: {"00": sum(good[pid].values())}})  # wrong number of bits
    old = json.loads(manifest.read_text())
    old["version"] = 0
    stale = tmp_path / "old.json"
    stale.write_text(json.dumps(old))
    run_estimate(good, stale)  # manifest from another version
    old["version"] = 1
    old["programs"][0]["sha256"] = "0" * 64
    stale.write_text(json.dumps(old))
    run_estimate(good, stale)  # programs this code does not emit
    return msgs


def test_estimate_errors_are_clear(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgs = _errors(tmp_path, capsys)
    for msg, word in zip(
        msgs,
        ["too few shots", "missing program", "num_clbits=1", "another version", "re-run plan"],
        strict=True,
    ):
        assert msg.startswith("error: ") and word in msg, msg


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["ghz3", "--quantity", "purity"], "--subsystem"),
        (["bell", "--quantity", "renyi2", "--shots", "3"], "too few shots"),
        (["swap-test", "--quantity", "swap"], "unbound parameters"),
        (["bell", "--quantity", "purity", "--epsilon", "0.01", "--shots", "10"], "too few"),
        (["bell", "--quantity", "purity", "--subsystem", "0,x"], "--subsystem"),
        (["bell", "--quantity", "purity", "--subsystem", "5"], "subsystem"),
        (["bell", "--quantity", "success"], "marked"),
        (["bell", "--quantity", "purity", "--param", "phi=1"], "no parameter"),
        (["nope", "--quantity", "purity"], "not a registered circuit"),
        (["bell", "--quantity", "swap"], "SWAP test"),
        (["bell", "--quantity", "expval", "--method", "bell"], "--method"),
    ],
)
def test_plan_errors_are_clear(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], word: str
) -> None:
    code, _ = _run(["plan", *argv, "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and word in err, err
