"""QSANN: Gaussian projected quantum self-attention (baseline of seed 001, spec §6.1).

The model (circuits, parameters, forward pass; formula, notation map and examples) is
:mod:`reference.mechanisms.qsann.model`; its Gaussian score offered to the Figure-1 encoder is
:mod:`reference.mechanisms.qsann.scorer`. Claim ``S001-P17`` (evidence
:mod:`proofs.evidence.qsann`, laws :mod:`properties.qsann.laws`).
"""

from __future__ import annotations

from reference._mechanism import CircuitExample, Mechanism
from reference.mechanisms.qsann.model import (
    QSANNConfig,
    QSANNParams,
    ansatz_circuit,
    ansatz_param_count,
    embedding_circuit,
    embedding_states,
    encode,
    forward,
    gaussian_logits,
    gaussian_weights,
    init_params,
    layer_forward,
    num_features,
    readout_circuit,
    readouts,
    value_observables,
    z0,
)
from reference.mechanisms.qsann.scorer import QSANNScoreFactory, QSANNScorer

_DEFAULT = QSANNConfig()

MECHANISM = Mechanism(
    name="qsann",
    module=__name__,
    summary="QSANN Gaussian projected quantum self-attention (Paddle Quantum reference), "
    "mean-token and CLS-token heads.",
    scorers=(("qsann", QSANNScoreFactory()),),
    circuits=(
        CircuitExample(
            name="qsann-query",
            build=lambda: readout_circuit(_DEFAULT, role="query"),
            description="QSANN embedding (symbolic x_*) + query ansatz (symbolic query_*), "
            "2 qubits, <Z_0> readout",
        ),
        CircuitExample(
            name="qsann-key",
            build=lambda: readout_circuit(_DEFAULT, role="key"),
            description="QSANN embedding (symbolic x_*) + key ansatz (symbolic key_*), "
            "2 qubits, <Z_0> readout",
        ),
    ),
)

__all__ = [
    "MECHANISM",
    "QSANNConfig",
    "QSANNParams",
    "QSANNScoreFactory",
    "QSANNScorer",
    "ansatz_circuit",
    "ansatz_param_count",
    "embedding_circuit",
    "embedding_states",
    "encode",
    "forward",
    "gaussian_logits",
    "gaussian_weights",
    "init_params",
    "layer_forward",
    "num_features",
    "readout_circuit",
    "readouts",
    "value_observables",
    "z0",
]
