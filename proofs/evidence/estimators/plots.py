"""Report plot of issue 14: a seed-001 score estimated from counts, against the shots, with its
interval band, noiseless and under the App. F Kyiv noise model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from proofs.ledger import EvidenceRegistry
from reference import quantum_info as qi
from reference import simulate as sim
from reference.estimators.base import all_outcomes
from reference.estimators.two_copy import renyi2_estimator
from reference.mechanisms import entanglement as ent
from reference.noise import kyiv_noise_model

EVIDENCE = EvidenceRegistry()

SHOTS = (100, 300, 1000, 3000, 10_000, 30_000, 100_000)


@EVIDENCE.plot
def plot_renyi2_vs_shots(out_dir: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    q, k = [0.3, -0.7, 1.1, 0.2], [0.8, 0.1, -0.6, 1.3]
    pair = ent.pair_circuit(
        q, k, [0.4, -1.1], config=ent.EntanglementConfig(encoding="dense", layers=2)
    )
    est = renyi2_estimator(pair, [0, 1], method="bell")
    psi = sim.statevector(pair)
    svn = float(qi.entanglement_entropy(psi, [0, 1]))
    model = kyiv_noise_model(gate_time_1q=35e-9, gate_time_2q=660e-9)
    rho = sim.density_matrix(est.circuit, noise=model)
    mq = est.circuit.measured_qubits
    dists = {
        "noiseless": sim.marginal(sim.probabilities(sim.statevector(est.circuit)), mq),
        "Kyiv App. F noise": sim.marginal(sim.probabilities_dm(rho), mq),
    }
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    rng = np.random.default_rng(14)
    for (label, probs), color in zip(dists.items(), ("C0", "C3"), strict=True):
        probs = probs / probs.sum()
        p = float(probs[est.events[0](all_outcomes(len(mq)))].sum())
        ks = np.array([rng.binomial(n, p) for n in SHOTS])
        e, lo, hi = est.interval(ks, np.array(SHOTS))
        ax.plot(SHOTS, e, "o-", color=color, ms=4, label=f"estimate, {label}")
        ax.fill_between(SHOTS, lo, hi, color=color, alpha=0.2)
        ax.axhline(float(est.score.clipped(np.array([p]))[0]), color=color, ls=":", lw=1)
    ax.axhline(svn, color="k", ls="--", lw=1, label="S_vN (the paper's score, not estimable)")
    ax.set_xscale("log")
    ax.set_xlabel("shots (Bell-basis two-copy test)")
    ax.set_ylabel("Renyi-2 entropy S_2 of register A (nats)")
    ax.set_title("Seed-001 dense pair: S_2 from counts, 95% interval (dotted: limits)")
    ax.legend(fontsize=7)
    path = out_dir / "h_est_renyi2_vs_shots.png"
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return [path]
