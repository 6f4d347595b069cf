"""Example-based tests of :mod:`reference.mechanisms.entanglement`: bad-input table, circuit
structure,
registered circuits, and hand-checkable oracles (seed 001)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reference import quantum_info as qi
from reference import simulate as sim
from reference.estimators import swap_test as st
from reference.mechanisms import entanglement as ent
from reference.registry import MECHANISMS, circuits

Q4 = np.array([[0.1, 0.2, 0.3, 0.4], [0.5, -0.6, 0.7, 0.8], [1.0, 1.1, -1.2, 0.3]])
K4 = np.array([[0.9, -0.1, 0.2, 0.4], [0.3, 0.3, 0.3, 0.3]])
TH2 = np.array([0.7, -1.2])
SUPER_DENSE = ent.EntanglementConfig(encoding="super_dense")
IQP = ent.EntanglementConfig(encoding="iqp")

BAD_INPUTS: list[tuple[str, Callable[[], Any], type[Exception], str]] = [
    (
        "scores(super_dense, d=6)",
        lambda: ent.scores(np.zeros((2, 6)), np.zeros((2, 6)), [0.1], config=SUPER_DENSE),
        ValueError,
        "d=6",
    ),
    (
        "scores(dense, d=3)",
        lambda: ent.scores(np.zeros((2, 3)), np.zeros((2, 3)), [0.1]),
        ValueError,
        "d=3",
    ),
    (
        "pair_circuit(dense, d=5)",
        lambda: ent.pair_circuit(np.zeros(5), np.zeros(5), [0.1, 0.2]),
        ValueError,
        "d=5",
    ),
    ("scores(Q has NaN)", lambda: ent.scores(Q4 * np.nan, K4, TH2), ValueError, "Q contains NaN"),
    (
        "scores(K has inf)",
        lambda: ent.scores(Q4, K4 + np.inf, TH2, path="general"),
        ValueError,
        "K contains NaN or inf",
    ),
    ("scores(theta has NaN)", lambda: ent.scores(Q4, K4, [0.1, np.nan]), ValueError, "theta"),
    ("scores(theta shape (3,))", lambda: ent.scores(Q4, K4, [0.1, 0.2, 0.3]), ValueError, "theta"),
    (
        "scores(theta shape (n_r,) unshared)",
        lambda: ent.scores(
            Q4, K4, TH2, config=ent.EntanglementConfig(share_theta_across_layers=False)
        ),
        ValueError,
        "theta",
    ),
    ("scores(theta=None, entropy)", lambda: ent.scores(Q4, K4, None), ValueError, "theta"),
    ("scores(layers=0)", lambda: ent.EntanglementConfig(layers=0), ValueError, "layers=0"),
    ("scores(layers=-2)", lambda: ent.EntanglementConfig(layers=-2), ValueError, "layers=-2"),
    ("scores(layers=2.5)", lambda: ent.EntanglementConfig(layers=2.5), TypeError, "layers"),
    (
        "scores(encoding='amplitude')",
        lambda: ent.EntanglementConfig(encoding="amplitude"),
        ValueError,
        "encoding",
    ),
    (
        "scores(measure='negativity')",
        lambda: ent.EntanglementConfig(measure="negativity"),
        ValueError,
        "measure",
    ),
    ("scores(path='quick')", lambda: ent.scores(Q4, K4, TH2, path="quick"), ValueError, "path"),
    (
        "scores(path='fast', iqp)",
        lambda: ent.scores(np.zeros((1, 3)), np.zeros((1, 3)), [0, 0, 0], config=IQP, path="fast"),
        ValueError,
        "path",
    ),
    (
        "scores(Q d=4, K d=6)",
        lambda: ent.scores(Q4, np.zeros((2, 6)), TH2),
        ValueError,
        "Q has d=4 features but K has d=6",
    ),
    (
        "scores(Q d=4, K d=6, general)",
        lambda: ent.scores(Q4, np.zeros((2, 6)), TH2, path="general"),
        ValueError,
        "Q has d=4",
    ),
    ("scores(Q 1-D)", lambda: ent.scores(Q4[0], K4, TH2), ValueError, "Q has shape"),
    ("scores(Q strings)", lambda: ent.scores([["a", "b"]], K4, TH2), TypeError, "Q must be"),
    (
        "pair_circuit(q, k shapes differ)",
        lambda: ent.pair_circuit(np.zeros(4), np.zeros(2), TH2),
        ValueError,
        "q has shape",
    ),
    (
        "config(crx_direction='up')",
        lambda: ent.EntanglementConfig(crx_direction="up"),
        ValueError,
        "crx_direction",
    ),  # type: ignore[arg-type]
    (
        "config(feature_layout='random')",
        lambda: ent.EntanglementConfig(feature_layout="random"),
        ValueError,
        "feature_layout",
    ),  # type: ignore[arg-type]
    ("config(phi2='qiskit')", lambda: ent.EntanglementConfig(phi2="qiskit"), ValueError, "phi2"),  # type: ignore[arg-type]
    (
        "config(swap_output='p0')",
        lambda: ent.EntanglementConfig(swap_output="p0"),
        ValueError,
        "swap_output",
    ),  # type: ignore[arg-type]
    (
        "config(feature_scale=nan)",
        lambda: ent.EntanglementConfig(feature_scale=math.nan),
        ValueError,
        "feature_scale",
    ),
    (
        "config(share_theta=1)",
        lambda: ent.EntanglementConfig(share_theta_across_layers=1),
        TypeError,
        "share_theta",
    ),  # type: ignore[arg-type]
    (
        "scores(encoding= keyword)",
        lambda: ent.scores(Q4, K4, TH2, encoding="super_dense"),
        TypeError,
        "encoding",
    ),
    (
        "scores(config not a config)",
        lambda: ent.scores(Q4, K4, TH2, config={"encoding": "dense"}),
        TypeError,
        "config",
    ),
    ("scores(Q complex)", lambda: ent.scores(Q4 * 1j, K4, TH2), TypeError, "Q is complex"),
    (
        "scores(K complex, general)",
        lambda: ent.scores(Q4, K4 + 0j, TH2, path="general"),
        TypeError,
        "K is complex",
    ),
    ("scores(theta complex)", lambda: ent.scores(Q4, K4, TH2 * 1j), TypeError, "theta is complex"),
    (
        "pair_circuit(q complex)",
        lambda: ent.pair_circuit(Q4[0] * 1j, K4[0], TH2),
        TypeError,
        "q is complex",
    ),
    ("scores(d=0)", lambda: ent.scores(np.zeros((2, 0)), np.zeros((2, 0)), TH2), ValueError, "d=0"),
    (
        "scores(iqp d=30, general)",
        lambda: ent.scores(np.zeros((1, 30)), np.zeros((1, 30)), np.zeros(30), config=IQP),
        ValueError,
        "60-qubit pair state",
    ),
    (
        "cswap_probabilities(n=8)",
        lambda: st.cswap_probabilities(np.ones(256) / 16),
        ValueError,
        "n <= 7",
    ),
    (
        "cswap_probabilities(len 3)",
        lambda: st.cswap_probabilities(np.ones(3)),
        ValueError,
        "power of two",
    ),
    (
        "cswap_concurrence_circuit(0)",
        lambda: st.cswap_concurrence_circuit(0),
        ValueError,
        "num_qubits",
    ),
    ("logits(d=0)", lambda: ent.logits(np.zeros((2, 2)), d=0), ValueError, "d=0"),
    (
        "logits(A has NaN)",
        lambda: ent.logits(np.full((2, 2), np.nan), d=4),
        ValueError,
        "A contains",
    ),
    (
        "scores_general(method='svd')",
        lambda: ent.scores_general(Q4, K4, TH2, method="svd"),  # type: ignore[arg-type]
        ValueError,
        "method",
    ),
]


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [pytest.param(c, e, m, id=i) for i, c, e, m in BAD_INPUTS],
)
def test_bad_input_is_rejected(call: Callable[[], Any], exc: type[Exception], match: str) -> None:
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize(
    ("encoding", "d", "counts"),
    [
        ("super_dense", 8, {"rx": 32, "ry": 32, "crx": 8}),
        ("dense", 6, {"rx": 24, "ry": 24, "crx": 12}),
        ("iqp", 3, {"h": 24, "rz": 24, "rzz": 24, "crx": 12}),
    ],
)
def test_pair_circuit_gate_counts(encoding: str, d: int, counts: dict[str, int]) -> None:
    """4 re-uploading layers; n_r CRX per layer (half the qubit count, spec §3)."""
    c = ent.pair_circuit(
        np.full(d, 0.1), np.full(d, 0.2), None, config=ent.EntanglementConfig(encoding=encoding)
    )
    assert c.count_ops() == counts
    assert set(c.parameters) == {f"theta_{m}" for m in range(counts["crx"] // 4)}


def test_super_dense_gate_order_is_rx_ry_rx_ry_per_qubit() -> None:
    """Spec §2.1: qubit m gets RX(x[4m]) RY(x[4m+1]) RX(x[4m+2]) RY(x[4m+3]) in time order."""
    q = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    c = ent.pair_circuit(
        q, np.zeros(8), [0.0, 0.0], config=ent.EntanglementConfig(encoding="super_dense", layers=1)
    )
    on_q1 = [(op.gate, float(op.params[0])) for op in c.bind().ops if op.qubits == (1,)]  # type: ignore[arg-type]
    assert on_q1 == [("rx", 5.0), ("ry", 6.0), ("rx", 7.0), ("ry", 8.0)]


def test_registered_mechanism_and_circuits() -> None:
    assert "entanglement" in MECHANISMS
    names = set(circuits())
    for name in (
        "entanglement-pair-super-dense",
        "entanglement-pair-dense",
        "entanglement-pair-iqp",
        "entanglement-swap-test",
        "entanglement-cswap-concurrence",
    ):
        assert name in names
        circuits()[name].build()


def test_registered_cswap_circuit_reads_concurrence_of_its_prep_state() -> None:
    """The exported c-SWAP circuit with its symbolic CRX angle bound gives C = 2 sqrt(1-P(00))."""
    c = circuits()["entanglement-cswap-concurrence"].build().bind(theta_0=1.3)
    p = sim.marginal(sim.probabilities(sim.statevector(c)), [0, 1])
    prep = ent.pair_circuit(
        [0.3, -0.7, 1.1, 0.2],
        [0.8, 0.1, -0.6, 1.3],
        [1.3],
        config=ent.EntanglementConfig(encoding="super_dense", layers=1),
    )
    want = float(qi.concurrence_pure(sim.statevector(prep)))
    assert float(st.concurrence_from_p0(p[0])) == pytest.approx(want, abs=1e-7)


def test_swap_test_circuit_matches_scores() -> None:
    """The single SWAP-test circuit's ancilla P(1) equals the (fast) swap score."""
    c = ent.pair_swap_test_circuit(Q4[1], K4[0], config=ent.EntanglementConfig(layers=3))
    psi = sim.statevector(c)
    p1 = float(sim.marginal(sim.probabilities(psi), [0])[1])
    s = ent.scores(Q4[1:2], K4[0:1], None, config=ent.EntanglementConfig(measure="swap", layers=3))
    assert p1 == pytest.approx(float(s[0, 0]), abs=1e-12)


def test_scores_shape_and_distinct_sizes() -> None:
    rng = np.random.default_rng(5)
    for enc, d in (("super_dense", 8), ("dense", 6), ("iqp", 3)):
        n_r = d // ent.FEATURES_PER_QUBIT[enc]
        a = ent.scores(
            rng.normal(size=(3, d)),
            rng.normal(size=(5, d)),
            rng.normal(size=n_r),
            config=ent.EntanglementConfig(encoding=enc),
        )
        assert a.shape == (3, 5)
        assert np.all(np.isfinite(a))


def test_logits_scale_default_is_inv_sqrt_d() -> None:
    """S001-A05: literal Eq. 3 scaling A / sqrt(d)."""
    a = np.array([[1.0, 2.0]])
    np.testing.assert_allclose(ent.logits(a, d=4), a / 2)


def test_fast_path_takes_d52_blocks_of_two_qubits() -> None:
    """Regression (issue 9): path='fast' with d=52 (26 dense pairs, a 52-qubit pair state) used to
    raise the general path's size limit. The fast path needs only 2-qubit blocks: the score is the
    sum of the 26 one-pair scores (S001-P08, contiguous layout)."""
    rng = np.random.default_rng(52)
    q, k, th = rng.normal(size=(2, 52)), rng.normal(size=(3, 52)), rng.normal(size=26)
    a = ent.scores(q, k, th, path="fast")
    parts = sum(
        ent.scores(q[:, 2 * r : 2 * r + 2], k[:, 2 * r : 2 * r + 2], th[r : r + 1])
        for r in range(26)
    )
    np.testing.assert_allclose(a, parts, atol=1e-11)
    assert np.array_equal(ent.scores(q, k, th), a)  # auto takes the fast path too
    with pytest.raises(ValueError, match="52-qubit pair state"):
        ent.scores(q, k, th, path="general")


def test_one_way_to_configure_no_silent_conflict() -> None:
    """Regression (issue 9): config=EntanglementConfig(encoding='iqp') plus encoding='dense' used
    to run IQP silently. Every hyper-parameter is now a config field only; a knob passed as a
    keyword is an error, and the config decides."""
    cfg = ent.EntanglementConfig(encoding="iqp")
    with pytest.raises(TypeError, match="encoding"):
        ent.scores(np.zeros((1, 2)), np.zeros((1, 2)), [0.1, 0.2], config=cfg, encoding="dense")  # type: ignore[call-arg]
    x = np.array([[0.3, -0.7]])
    iqp = ent.scores(x, x, [0.4, 1.2], config=cfg)
    dense = ent.scores(x, x, [0.4], config=ent.EntanglementConfig(encoding="dense"))
    assert iqp.shape == dense.shape == (1, 1)


@pytest.mark.parametrize("path", ["auto", "general", "fast"])
@pytest.mark.parametrize("measure", ["entropy", "swap", "concurrence"])
@pytest.mark.parametrize(("n", "m"), [(0, 3), (3, 0), (0, 0)])
def test_empty_queries_or_keys_give_empty_scores(path: str, measure: str, n: int, m: int) -> None:
    """Empty inputs: an empty (n, m) result on every path and measure, after every other check."""
    cfg = ent.EntanglementConfig(measure=measure)  # type: ignore[arg-type]
    a = ent.scores(np.zeros((n, 4)), np.zeros((m, 4)), TH2, config=cfg, path=path)  # type: ignore[arg-type]
    assert a.shape == (n, m)
    assert a.dtype == np.float64
    with pytest.raises(ValueError, match="theta"):
        ent.scores(np.zeros((n, 4)), np.zeros((m, 4)), [0.1], config=cfg, path=path)  # type: ignore[arg-type]


def test_complex_features_are_rejected_not_cast() -> None:
    """Regression (issue 9): complex Q/K were silently cast to real; now every entry point
    says so."""
    for call in (
        lambda: ent.scores(Q4 + 0j, K4, TH2),
        lambda: ent.scores_fast(Q4 + 0j, K4, TH2),
        lambda: ent.scores_general(Q4 + 0j, K4, TH2),
        lambda: ent.pair_states_fast(Q4 + 0j, K4, TH2),
        lambda: ent.pair_states_general(Q4 + 0j, K4, TH2),
    ):
        with pytest.raises(TypeError, match="Q is complex"):
            call()


def test_registered_scorers_build_encoder_score_functions() -> None:
    """Mechanism.scorers: entropy, swap, concurrence and the hardware score renyi2; the factory
    reads the encoder config."""
    from types import SimpleNamespace

    names = dict(MECHANISMS["entanglement"].scorers)
    assert set(names) == {"entropy", "swap", "concurrence", "renyi2"}
    config = SimpleNamespace(encoding="dense", reupload_layers=2, share_theta_across_reuploads=True)
    params = SimpleNamespace(theta=(TH2,))
    fn = names["concurrence"](config, params)
    want = ent.scores(Q4, K4, TH2, config=ent.EntanglementConfig(measure="concurrence", layers=2))
    np.testing.assert_array_equal(fn(Q4, K4, 0), want)


@pytest.mark.parametrize("encoding", ["super_dense", "dense"])
@pytest.mark.parametrize("measure", ["entropy", "concurrence", "swap"])
@pytest.mark.parametrize("direction", ["query_to_key", "key_to_query"])
def test_fast_scores_leading_batch_axes_equal_per_sample(
    encoding: str, measure: str, direction: str
) -> None:
    """``fast_scores`` on ``(B, n, d)`` / ``(B, m, d)`` (the batched encoder's call) equals the
    per-sample calls, and the path sum equals the layer-by-layer iteration with batch axes:
    the same products in another layout, round-off of O(1) amplitudes (``1e-12``)."""
    from reference.mechanisms.entanglement import fast
    from reference.mechanisms.entanglement.config import validate_inputs

    rng = np.random.default_rng(5)
    for shared in (True, False):
        cfg = ent.EntanglementConfig(
            encoding=encoding,  # type: ignore[arg-type]
            measure=measure,  # type: ignore[arg-type]
            crx_direction=direction,  # type: ignore[arg-type]
            share_theta_across_layers=shared,
            layers=3,
        )
        q, k = rng.normal(size=(3, 5, 8)), rng.normal(size=(3, 4, 8))
        th = rng.normal(size=cfg.theta_shape(cfg.register_qubits(8)))
        th = validate_inputs(q[0], k[0], th, cfg)[2]
        loop = np.stack([fast.fast_scores(q[b], k[b], th, cfg) for b in range(3)])
        np.testing.assert_allclose(fast.fast_scores(q, k, th, cfg), loop, rtol=0, atol=1e-12)
        ps = fast._pair_states(q, k, th, cfg, method="path_sum")
        it = fast._pair_states(q, k, th, cfg, method="iterative")
        assert ps.shape == (3, 5, 4, cfg.register_qubits(8), 2, 2)
        np.testing.assert_allclose(ps, it, rtol=0, atol=1e-12)


def test_register_unitaries_are_unitary_and_build_the_pair_state() -> None:
    """One layer of the register circuit, once per token: unitary, and U_A (x) U_B applied to
    |0, 0> is the encoding-only pair state of one layer (layout query_first)."""
    from reference.mechanisms.entanglement import matrix_form as mf

    cfg = ent.EntanglementConfig(encoding="iqp", layers=1, measure="swap")
    X = np.array([[0.3, -0.7, 1.1], [0.8, 0.1, -0.6]])
    U = mf.register_unitaries(X, cfg)
    assert U.shape == (2, 8, 8)
    eye = np.eye(8)
    assert np.allclose(U @ np.conj(np.swapaxes(U, 1, 2)), eye, atol=1e-12)
    tmpl = ent.pair_template(cfg, 3, pqc=False)
    vals = {k: float(v[0]) for k, v in ent.pair_bindings(X[:1], X[1:], None, cfg).items()}
    psi = sim.statevector(tmpl.bind(vals))
    assert np.allclose(np.kron(U[0][:, 0], U[1][:, 0]), psi, atol=1e-12)


def test_crx_phase_in_hadamard_frame_is_the_crx_wall() -> None:
    """(I (x) H) diag(vec Phi) (I (x) H) equals the CRX wall of one layer (query_to_key)."""
    from reference.mechanisms.entanglement import matrix_form as mf

    cfg = ent.EntanglementConfig(encoding="dense", layers=1)
    th = np.array([0.7, -1.9])
    c = ent.pair_circuit([0.0] * 4, [0.0] * 4, th, config=cfg)
    assert [op.gate for op in c.ops[-2:]] == ["crx", "crx"]
    circ = sim.unitary(dataclasses.replace(c, ops=c.ops[-2:]))
    phi = mf.crx_phases(th, cfg, 2)[0]
    h = np.kron(np.eye(4), mf.hadamard(2))
    assert np.allclose(h @ np.diag(phi.reshape(-1)) @ h, circ, atol=1e-12)


@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("chunk_bytes", [1, 1 << 20])
def test_matrix_form_chunks_and_threads_do_not_change_scores(
    workers: int, chunk_bytes: int
) -> None:
    from reference.mechanisms.entanglement import matrix_form as mf

    cfg = ent.EntanglementConfig(encoding="dense", layers=3)
    want = ent.scores_general(Q4, K4, TH2, config=cfg, method="gates")
    got = mf.matrix_scores(Q4, K4, TH2, cfg, workers=workers, chunk_bytes=chunk_bytes)
    assert np.allclose(got, want, atol=1e-12)


def test_general_path_uses_the_matrix_form_for_every_config() -> None:
    from reference.mechanisms.entanglement import matrix_form as mf

    for enc in ("super_dense", "dense", "iqp"):
        for iqp_ent in ("within_register", "none"):
            cfg = ent.EntanglementConfig(encoding=enc, iqp_entanglers=iqp_ent)  # type: ignore[arg-type]
            assert mf.matrix_form_applies(cfg)
