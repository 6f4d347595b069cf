"""``python -m qasm plan`` / ``estimate``: from a registered circuit to programs, and from the
provider's counts back to the score with its interval (issue 14, item 2).

``plan`` builds the estimator of :mod:`reference.estimators.quantities` for a registered circuit,
writes every program in each format (``<id>.qasm``, ``<id>.braket.qasm``, ``<id>.ll``, and with
``devices=`` / ``--device`` the device programs ``<id>.braket-qpu.qasm`` / ``<id>.ibm.qasm`` of
:mod:`qasm.device`, listed as ``qasm3_braket_qpu`` / ``qasm3_ibm``) and ``manifest.json``::

    {"kind": "quantum-attention-harness/plan", "version": 1, "circuit": NAME,
     "quantity": ..., "method": ..., "parameters": {name: value}, "epsilon": ..., "delta": ...,
     "subsystem": [qubits of NAME's circuit] or null, "marked": [...] (success only),
     "programs": [{"id", "qasm3", "qasm3_braket", "qir", "shots", "num_clbits", "sha256"}],
     "expected": {"exact": [...], "noisy_kyiv": [...] or null, "noisy_kyiv_reason": ...}}

``expected`` is informational (the reference simulation's exact value and its noisy limit under
the App. F Kyiv model, :func:`expected_values`): the bias between them is what more shots will
not remove.

``estimate`` rebuilds the same estimator from the manifest (checking every program's SHA-256 of its
OpenQASM 3 text: a manifest from another version of the code is refused), validates the counts
(every program present, keys of ``num_clbits`` bits, at least the planned shots) and returns the
:class:`~reference.estimators.base.Estimate`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reference.circuit import Circuit
from reference.estimators.base import Estimate, Estimator, EventEstimator, Program
from reference.estimators.quantities import METHODS, QUANTITIES, make_estimator
from reference.estimators.shadows import ShadowEstimator
from reference.estimators.survey import CompositeEstimator
from reference.registry import circuits

MANIFEST_KIND = "quantum-attention-harness/plan"
MANIFEST_VERSION = 1
DEFAULT_EPSILON = 0.05
DEFAULT_DELTA = 0.05


NEEDS_SUBSYSTEM = ("purity", "renyi2", "postselected-expval")
"""Quantities whose ``--subsystem`` defaults to :func:`natural_subsystem` (else required)."""


class PlanError(ValueError):
    """A user error of ``plan`` / ``estimate`` (printed as ``error: ...``, exit status 2)."""


def natural_subsystem(name: str, circuit: Circuit) -> tuple[int, ...] | None:
    """The subsystem a circuit's score refers to, or ``None`` where it has none.

    Entanglement pair circuits: register A, the query (``S001-A13``, qubits ``0..n_r-1`` in the
    default ``query_first`` layout); the Bell pair: qubit 0; the QCSAM CLCU circuits: the work
    register (``n = 2`` qubits after the head and index bits), read out after post-selection.
    """
    if name.startswith("entanglement-pair-"):
        from reference.mechanisms.entanglement import EntanglementConfig

        return EntanglementConfig().registers(circuit.num_qubits // 2)[0]
    if name == "bell":
        return (0,)
    if name.startswith("qcsam-clcu"):
        # the work register: the last qubits after the head and index bits (qcsam.clcu_circuit)
        work = 2
        return tuple(range(circuit.num_qubits - work, circuit.num_qubits))
    return None


def default_marked(name: str) -> tuple[int, ...] | None:
    """The marked items of the registered Grover circuits, and the post-selected branch (head
    and index bits 0) of the QCSAM CLCU circuits."""
    if name == "grover-search-3q":
        return (5,)
    if name == "groq-grover-retrieval":
        import numpy as np

        from reference.mechanisms import groq_rag

        return tuple(int(i) for i in np.flatnonzero(groq_rag._example_scores() >= 0.9))
    if name.startswith("qcsam-clcu"):
        # post-selection success: head and index bits 0, i.e. the first 2**work indices
        return tuple(range(4))
    return None


def _circuit(name: str, values: Mapping[str, float]) -> Circuit:
    table = circuits()
    if name not in table:
        raise PlanError(f"name={name!r} is not a registered circuit; known: {', '.join(table)}")
    c = table[name].build()
    unknown = sorted(set(values) - set(c.parameters))
    if unknown:
        raise PlanError(
            f"--param {unknown[0]}: circuit {name!r} has no parameter {unknown[0]!r} "
            f"(its parameters: {', '.join(c.parameters) or 'none'})"
        )
    c = c.bind(dict(values)) if values else c
    if not c.is_bound:
        raise PlanError(
            f"circuit {name!r} has unbound parameters {list(c.parameters)}: a plan needs numbers "
            "(the estimate's exact value and the QIR programs depend on them); give --param "
            "NAME=VALUE for each"
        )
    return c


def build_estimator(
    name: str,
    quantity: str,
    *,
    method: str | None = None,
    subsystem: Sequence[int] | None = None,
    values: Mapping[str, float] | None = None,
    marked: Sequence[int] | None = None,
    epsilon: float | None = None,
    delta: float = DEFAULT_DELTA,
    shots: int | None = None,
    seed: int = 0,
) -> Estimator:
    """The estimator ``plan`` writes (``epsilon=None``: the default, or the one ``shots`` give)."""
    if quantity not in QUANTITIES:
        raise PlanError(f"--quantity {quantity}: must be one of {', '.join(QUANTITIES)}")
    if method is not None and method not in METHODS[quantity]:
        raise PlanError(
            f"--method {method}: quantity {quantity!r} takes {', '.join(METHODS[quantity])}"
        )
    c = _circuit(name, values or {})
    if subsystem is None and quantity in NEEDS_SUBSYSTEM:
        subsystem = natural_subsystem(name, c)
        if subsystem is None:
            raise PlanError(
                f"--subsystem: circuit {name!r} has no natural subsystem; give the measured "
                f"qubits (e.g. --subsystem 0,1; it has {c.num_qubits} qubits)"
            )
    if quantity == "success" and marked is None:
        marked = default_marked(name)
        if marked is None:
            raise PlanError(
                f"--param marked=I[,J...]: circuit {name!r} has no known marked items; give them"
            )
    eps = DEFAULT_EPSILON if epsilon is None else epsilon
    est = make_estimator(
        c,
        quantity,
        method=method,
        subsystem=subsystem,
        marked=marked,
        epsilon=eps,
        delta=delta,
        shots=shots,
        seed=seed,
    )
    if shots is not None:
        if epsilon is not None and shots < est.budget:
            raise PlanError(
                f"--shots {shots} is too few for --epsilon {epsilon} and --delta {delta}: the "
                f"budget is {est.budget} shots (omit --epsilon to plan for {shots} shots)"
            )
        if epsilon is None:
            achieved = est.achieved_epsilon(shots)
            if not math.isfinite(achieved) or achieved > 1.0:
                raise PlanError(
                    f"--shots {shots} guarantees only epsilon = {achieved:.3g} > 1 at --delta "
                    f"{delta}: too few shots; give more (the budget for epsilon "
                    f"{DEFAULT_EPSILON} is {est.budget})"
                )
            return make_estimator(
                c,
                quantity,
                method=method,
                subsystem=subsystem,
                marked=marked,
                epsilon=achieved,
                delta=delta,
                shots=shots,
                seed=seed,
            )
    return est


DEVICE_FILES: Mapping[str, tuple[str, str]] = {
    "braket-qpu": ("qasm3_braket_qpu", "braket-qpu.qasm"),
    "ibm": ("qasm3_ibm", "ibm.qasm"),
}
"""Device target -> (manifest key, file suffix) of its programs."""


def program_texts(program: Program, devices: Sequence[str] = ()) -> dict[str, str]:
    """The validated OpenQASM 3 (both flavours, and each device target) and QIR of one program."""
    import openqasm3

    from qasm.openqasm import to_program
    from qasm.qir import to_qir
    from qasm.validate import validate_program

    out: dict[str, str] = {}
    for flavor, key in (("standard", "qasm3"), ("braket", "qasm3_braket")):
        prog = to_program(program.circuit, flavor=flavor, measure="keep")  # type: ignore[arg-type]
        validate_program(prog, flavor=flavor)
        out[key] = openqasm3.dumps(prog)
    for target in devices:
        if target not in DEVICE_FILES:
            raise PlanError(f"--device {target}: must be one of {', '.join(DEVICE_FILES)}")
        prog = to_program(program.circuit, flavor=target, measure="keep")  # type: ignore[arg-type]
        validate_program(prog, flavor="braket" if target == "braket-qpu" else "standard")
        out[DEVICE_FILES[target][0]] = openqasm3.dumps(prog)
    out["qir"] = to_qir(program.circuit, measure="keep").ll
    return out


NOISE_GATE_TIMES = (35e-9, 660e-9)
"""One- and two-qubit gate times (s) for the Kyiv App. F model in the manifest's ``expected``
values (``S001-A12``: the paper gives none; the values the encoder's noise evidence uses)."""
MAX_NOISY_QUBITS = 10


def expected_values(est: Estimator) -> dict[str, Any]:
    """The reference simulation's values of the score: exact, and the noisy limit under the Kyiv
    App. F model (``null`` with the reason where that model or the simulator cannot run it).
    Shadows: the noise acts on the preparation (the basis changes are one-qubit gates, left
    noiseless here)."""
    from reference import simulate as sim
    from reference.estimators.noisy import noisy_value
    from reference.noise import kyiv_noise_model

    out: dict[str, Any] = {"exact": [float(x) for x in est.exact()]}
    if isinstance(est, ShadowEstimator):
        width = est.prep.num_qubits
    else:
        width = max(p.circuit.num_qubits for p in est.programs())
    if width > MAX_NOISY_QUBITS:
        out["noisy_kyiv"] = None
        out["noisy_kyiv_reason"] = (
            f"{width} qubits: the density matrix is simulated up to {MAX_NOISY_QUBITS} here"
        )
        return out
    model = kyiv_noise_model(gate_time_1q=NOISE_GATE_TIMES[0], gate_time_2q=NOISE_GATE_TIMES[1])
    try:
        if isinstance(est, ShadowEstimator):
            rho = sim.density_matrix(est.prep, noise=model)
            out["noisy_kyiv"] = [float(x) for x in est.exact(rho)]
        elif isinstance(est, EventEstimator):
            out["noisy_kyiv"] = [float(x) for x in noisy_value(est, model)]
        elif isinstance(est, CompositeEstimator):
            out["noisy_kyiv"] = [float(x) for x in est.noisy(model)]
    except ValueError as exc:
        out["noisy_kyiv"] = None
        out["noisy_kyiv_reason"] = str(exc)
    return out


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def write_plan(
    est: Estimator,
    name: str,
    values: Mapping[str, float],
    out: Path,
    *,
    subsystem: Sequence[int] | None,
    marked: Sequence[int] | None,
    expected: bool = True,
    devices: Sequence[str] = (),
) -> dict[str, Any]:
    """Write every program and ``manifest.json`` into ``out``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    progs = []
    for p in est.programs():
        texts = program_texts(p, devices)
        files = {
            "qasm3": f"{p.id}.qasm",
            "qasm3_braket": f"{p.id}.braket.qasm",
            "qir": f"{p.id}.ll",
        }
        for target in devices:
            key, suffix = DEVICE_FILES[target]
            files[key] = f"{p.id}.{suffix}"
        for key, fname in files.items():
            (out / fname).write_text(texts[key])
        progs.append(
            {
                **files,
                "id": p.id,
                "shots": p.shots,
                "num_clbits": p.num_clbits,
                "sha256": _sha(texts["qasm3"]),
            }
        )
    manifest: dict[str, Any] = {
        "kind": MANIFEST_KIND,
        "version": MANIFEST_VERSION,
        "circuit": name,
        "quantity": est.quantity,
        "method": est.method,
        "parameters": dict(values),
        "epsilon": est.epsilon,
        "delta": est.delta,
        "subsystem": None if subsystem is None else [int(q) for q in subsystem],
        "programs": progs,
    }
    if marked is not None:
        manifest["marked"] = [int(m) for m in marked]
    if isinstance(est, ShadowEstimator):
        manifest["snapshots"] = est.snapshots
        manifest["seed"] = est.seed
    if expected:
        manifest["expected"] = expected_values(est)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def plan(
    name: str,
    quantity: str,
    out: Path,
    *,
    method: str | None = None,
    subsystem: Sequence[int] | None = None,
    values: Mapping[str, float] | None = None,
    marked: Sequence[int] | None = None,
    epsilon: float | None = None,
    delta: float = DEFAULT_DELTA,
    shots: int | None = None,
    expected: bool = True,
    seed: int = 0,
    devices: Sequence[str] = (),
) -> dict[str, Any]:
    """Build the estimator and write the plan (see the module docstring); ``expected=False``
    skips the reference values (the noisy one is a density-matrix simulation); ``devices``:
    targets of :mod:`qasm.device` to write as well (``braket-qpu``, ``ibm``)."""
    bad = [d for d in devices if d not in DEVICE_FILES]
    if bad:
        raise PlanError(f"--device {bad[0]}: must be one of {', '.join(DEVICE_FILES)}")
    vals = dict(values or {})
    est = build_estimator(
        name,
        quantity,
        method=method,
        subsystem=subsystem,
        values=vals,
        marked=marked,
        epsilon=epsilon,
        delta=delta,
        shots=shots,
        seed=seed,
    )
    sub = subsystem
    if sub is None and quantity in NEEDS_SUBSYSTEM:
        sub = natural_subsystem(name, _circuit(name, vals))
    if sub is None and quantity == "expval" and isinstance(est, EventEstimator):
        sub = est.circuit.measured_qubits
    mk = None
    if quantity == "success" and isinstance(est, EventEstimator):
        mk = est.details.get("marked")
    return write_plan(
        est, name, vals, out, subsystem=sub, marked=mk, expected=expected, devices=devices
    )


def load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise PlanError(f"manifest {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("kind") != MANIFEST_KIND:
        raise PlanError(f"manifest {path}: not a plan manifest (kind != {MANIFEST_KIND!r})")
    if data.get("version") != MANIFEST_VERSION:
        raise PlanError(
            f"manifest {path}: version {data.get('version')!r} was written by another version of "
            f"this tool (this one reads version {MANIFEST_VERSION}); re-run plan"
        )
    for key in ("circuit", "quantity", "method", "parameters", "epsilon", "delta", "programs"):
        if key not in data:
            raise PlanError(f"manifest {path}: missing key {key!r}")
    return data


def estimator_from_manifest(data: Mapping[str, Any]) -> Estimator:
    """Rebuild the planned estimator; refuse a manifest whose programs this code does not emit."""
    progs = data["programs"]
    if not isinstance(progs, list) or not progs:
        raise PlanError("manifest: 'programs' must be a non-empty list")
    shadows = data["method"] == "shadows"
    try:
        shots = int(data["snapshots"]) if shadows else int(progs[0]["shots"])
        seed = int(data.get("seed", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanError(f"manifest: shots / snapshots / seed: {exc}") from None
    try:
        est = make_estimator(
            _circuit(str(data["circuit"]), dict(data["parameters"])),
            str(data["quantity"]),
            method=str(data["method"]),
            subsystem=data.get("subsystem"),
            marked=data.get("marked"),
            epsilon=float(data["epsilon"]),
            delta=float(data["delta"]),
            shots=shots,
            seed=seed,
        )
    except (TypeError, ValueError) as exc:
        raise PlanError(f"manifest: {exc}") from None
    planned = est.programs()
    if len(planned) != len(progs):
        raise PlanError(
            f"manifest lists {len(progs)} programs; this version plans {len(planned)}; re-run plan"
        )
    for rec, p in zip(progs, planned, strict=True):
        if rec.get("id") != p.id or int(rec.get("num_clbits", -1)) != p.num_clbits:
            raise PlanError(
                f"manifest: program {rec.get('id')!r} does not match what this version plans "
                f"({p.id!r}, {p.num_clbits} bits); re-run plan"
            )
        if rec.get("sha256") != _sha(program_texts(p)["qasm3"]):
            raise PlanError(
                f"manifest: program {p.id!r} differs from what this version of the code emits "
                "(another version wrote it); re-run plan"
            )
    return est


def estimate(
    manifest_path: Path, counts_path: Path, *, counts_format: str = "canonical"
) -> Estimate:
    """The estimate and interval from a manifest and ``COUNTS.json`` (id -> {bitstring: count})."""
    data = load_manifest(manifest_path)
    est = estimator_from_manifest(data)
    try:
        counts = json.loads(Path(counts_path).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise PlanError(f"counts {counts_path}: {exc}") from None
    try:
        return est.estimate(counts, counts_format=counts_format)
    except (TypeError, ValueError) as exc:
        raise PlanError(str(exc)) from None


def parse_subsystem(text: str | None) -> tuple[int, ...] | None:
    """``"0,1"`` (or ``"0 1"``) -> ``(0, 1)``."""
    if text is None:
        return None
    parts = [t for t in text.replace(",", " ").split() if t]
    try:
        return tuple(int(t) for t in parts)
    except ValueError:
        raise PlanError(f"--subsystem {text!r}: expected qubit indices such as 0,1") from None


def parse_marked(text: str) -> tuple[int, ...]:
    """``marked=5,3`` or bitstrings ``marked=101`` given with a ``b`` suffix (``101b``)."""
    out = []
    for t in text.replace(",", " ").split():
        try:
            out.append(int(t[:-1], 2) if t.endswith("b") else int(t))
        except ValueError:
            raise PlanError(f"--param marked={text!r}: expected indices like 5,3 or 101b") from None
    if not out:
        raise PlanError("--param marked=: give at least one index")
    return tuple(out)


__all__ = [
    "DEVICE_FILES",
    "MANIFEST_KIND",
    "MANIFEST_VERSION",
    "PlanError",
    "build_estimator",
    "default_marked",
    "estimate",
    "estimator_from_manifest",
    "load_manifest",
    "natural_subsystem",
    "parse_marked",
    "parse_subsystem",
    "plan",
    "program_texts",
]
