"""The attention-layer variant family: faithful reference layers pass every applicable law;
broken layers are refuted on the law they break, with a reproducible counterexample."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from proofs.__main__ import check_variant
from proofs.variants import families
from proofs.variants.attention_layer import (
    FAMILY,
    MTSAForwardLayer,
    TSALayer,
    mtsa_forward_layer,
    tsa_layer,
)
from reference.mechanisms import tsa


def _failing(obj: object) -> list[str]:
    return [r.claim_id for r in FAMILY.run(obj) if not r.holds]


def test_faithful_layers_pass() -> None:
    for layer, laws in ((tsa_layer, "SUR-TSA-05"), (mtsa_forward_layer, "SUR-MTSA-03")):
        assert FAMILY.matches(layer)
        results = FAMILY.run(layer)
        assert {r.claim_id for r in results} == {"SUR-TSA-04", "SUR-MTSA-02", laws}
        assert all(r.holds and r.cases > 0 for r in results)


def test_family_discovered_and_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert "attention-layer" in {f.name for f in families()}
    assert check_variant("proofs.variants.attention_layer:tsa_layer") == 0
    assert "every applicable law holds" in capsys.readouterr().out


@dataclasses.dataclass(frozen=True)
class Unnormalised(TSALayer):
    """Weights scaled by 1.1 and used as such: rows sum to 1.1."""

    def weights(self, x: np.ndarray) -> np.ndarray:
        return 1.1 * super().weights(x)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.weights(x) @ self.values(x)


@dataclasses.dataclass(frozen=True)
class PositionalBias(TSALayer):
    """Adds a position-dependent logit bias: row-stochastic and convex, not equivariant."""

    def weights(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        a = tsa.attention_weights(x, self.params, config=self.config)
        b = a * np.exp(-np.abs(np.subtract.outer(np.arange(n), np.arange(n))))
        return b / b.sum(axis=1, keepdims=True)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.weights(x) @ self.values(x)


@dataclasses.dataclass(frozen=True)
class Peeking(MTSAForwardLayer):
    """Declared causal, but each row also sees the next token (mask shifted by one)."""

    def weights(self, x: np.ndarray) -> np.ndarray:
        p = self.params
        q, k = x @ p.w_q[0], x @ p.w_k[0]
        f = x @ p.w_2[0] + p.b_2[0]
        n = x.shape[0]
        s = q @ k.T / math.sqrt(q.shape[1]) + np.where(np.tri(n, k=1, dtype=bool), 0.0, -np.inf)
        t = s[:, :, None] + f[None]
        e = np.exp(t - t.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.einsum("ijc,jc->ic", self.weights(x), self.values(x))


def test_unnormalised_weights_are_refuted() -> None:
    bad = Unnormalised(tsa_layer.config, tsa_layer.params)
    assert "SUR-TSA-04" in _failing(bad)
    res = next(r for r in FAMILY.run(bad) if r.claim_id == "SUR-TSA-04")
    assert res.counterexample is not None and "X" in res.counterexample


def test_positional_bias_breaks_only_equivariance() -> None:
    assert _failing(PositionalBias(tsa_layer.config, tsa_layer.params)) == ["SUR-TSA-05"]


def test_peeking_layer_breaks_only_causality() -> None:
    bad = Peeking(mtsa_forward_layer.params, mtsa_forward_layer.model_dim)
    assert _failing(bad) == ["SUR-MTSA-03"]


def test_output_not_from_reported_weights_is_refuted() -> None:
    @dataclasses.dataclass(frozen=True)
    class Shifted(TSALayer):
        def __call__(self, x: np.ndarray) -> np.ndarray:
            return super().__call__(x) + 0.5

    assert "SUR-MTSA-02" in _failing(Shifted(tsa_layer.config, tsa_layer.params))


def test_protocol_is_matched_by_attributes_not_by_running() -> None:
    class NoCausal:
        model_dim = 4

        def __call__(self, x: np.ndarray) -> np.ndarray:
            raise RuntimeError("never called by matches")

        def weights(self, x: np.ndarray) -> np.ndarray:
            raise RuntimeError

        def values(self, x: np.ndarray) -> np.ndarray:
            raise RuntimeError

    assert not FAMILY.matches(NoCausal())
    ok = NoCausal()
    ok.causal = False  # type: ignore[attr-defined]
    assert FAMILY.matches(ok)


def test_cli_refutes_a_variant_in_a_file(tmp_path: Path) -> None:
    src = tmp_path / "my_layer.py"
    src.write_text(
        "import numpy as np\n"
        "class Layer:\n"
        "    model_dim = 2\n"
        "    causal = False\n"
        "    def weights(self, x):\n"
        "        n = x.shape[0]\n"
        "        return np.full((n, n), 2.0 / n)\n"
        "    def values(self, x):\n"
        "        return x\n"
        "    def __call__(self, x):\n"
        "        return self.weights(x) @ x\n"
        "layer = Layer()\n",
        encoding="utf-8",
    )
    assert check_variant(f"{src}:layer") == 1
