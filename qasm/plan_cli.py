"""Argument parsing of ``python -m qasm plan`` and ``python -m qasm estimate`` (see
:mod:`qasm.plan` for what they do)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, TextIO

from qasm.plan import (
    DEFAULT_DELTA,
    DEVICE_FILES,
    PlanError,
    estimate,
    parse_marked,
    parse_subsystem,
    plan,
)
from reference.estimators.counts import COUNTS_FORMATS
from reference.estimators.quantities import METHODS, QUANTITIES

_PLAN_DESCRIPTION = """\
Plan the measurement of one score of a registered circuit on a provider.

Writes DIR/manifest.json and every program to run, each in three formats: <id>.qasm (OpenQASM 3,
stdgates), <id>.braket.qasm (Braket native gates) and <id>.ll (QIR base profile); with --device
also device programs (only device gates, no gate definition or modifier, exact up to a global
phase): <id>.braket-qpu.qasm (Braket QPUs) and/or <id>.ibm.qasm (IBM basis rz, sx, x, cx). Run
each program with the manifest's "shots" (or more), then give the counts to
'python -m qasm estimate'.

quantities:
  swap         P(1) of the circuit's own SWAP test (its one measured ancilla)
  fidelity     |<a|b>|^2 = 1 - 2 P(1) of the circuit's own SWAP test
  concurrence  C_n = 2 sqrt(1 - P(0^n)) of a controlled-SWAP test (of the circuit's state, or the
               registered c-SWAP test itself)
  purity       Tr rho_A^2 of the subsystem A (--subsystem), two copies of the circuit
  renyi2       S_2 = -ln Tr rho_A^2 (nats). The von Neumann entropy of seed 001 is NOT estimable
               from counts; S_2 <= S_vN is the measurable lower bound offered instead
  expval       <Z_j> for every j in --subsystem (default: the circuit's measured qubits), with
               simultaneous intervals
  success      Grover success probability P(outcome in marked) (--param marked=5 or marked=101b;
               default for the QCSAM CLCU circuits: the post-selected branch)
  overlap      QCSAM's complex overlap <k_j|q_i> = (Re, Im) from a Hadamard test (either
               qcsam-hadamard circuit): two programs, the real and the S-dagger test
  trace-overlap
               QMSAN's score Tr(rho sigma) from its SWAP test (method swap-test) or ancilla-free
               (method bell: Bell-basis measurement of the kept pairs)
  postselected-expval
               <Z_j> of the post-selected output for j in --subsystem (default for the QCSAM CLCU
               circuits: the work register), keeping the shots where every other qubit reads 0

methods (purity, renyi2): two-copy (default; ancilla + controlled-SWAP), bell (ancilla-free
Bell-basis measurement of copy pairs), shadows (one copy: random-Pauli classical shadows; one
program per basis setting, 3^k of them, with shots drawn once from a seeded multinomial; the
counts must hold exactly those shots). trace-overlap: swap-test (default), bell.
QASA's 8 readouts: --quantity expval on qasa-pqc (simultaneous intervals).

budget:
  shots = ceil(ln(2/delta') / (2 eps_p^2)) (Hoeffding), eps_p the probability half-width that
  guarantees --epsilon on the score (eps/2 for fidelity, purity, <Z>, overlap and
  trace-overlap; eps 2^-(k+1) for renyi2 on k qubits; eps^2/4 for concurrence),
  delta' = delta / (number of simultaneous intervals).
  shadows: N = 2 ceil(ln(2/delta) (9 5^(k-1))^2 / (2 eps_pi^2)) snapshots in all (Hoeffding for
  U-statistics), eps_pi = eps (purity) or eps 2^-k (renyi2): far more than two copies need.
  postselected-expval: the total n with n p - sqrt(n ln(1/delta)/2) >= the kept-shot budget,
  p the planned circuit's selection probability.
  With --shots and no --epsilon, epsilon is the one those shots guarantee.

example:
  python -m qasm plan entanglement-pair-dense --quantity renyi2 \\
      --param theta_0=0.4 --param theta_1=-1.1 --epsilon 0.1 -o plan/
"""

_ESTIMATE_DESCRIPTION = """\
Turn the provider's counts into the score and its confidence interval.

COUNTS.json maps each program id of the manifest to {bitstring: count}. Bit order: canonical
(c[0] leftmost, default), qiskit (rightmost is c[0], as Qiskit/Aer get_counts()), braket (leftmost
is the first measured qubit, as Braket measurement_counts). Every program must be present with
at least its planned shots (shadows: exactly) and keys of its num_clbits bits; otherwise nothing
is estimated.

--json prints {"quantity", "estimate", "ci_low", "ci_high", "confidence", "shots"} (lists, with
"labels", for expval).
"""


def add_plan_parsers(sub: Any) -> None:
    """Add ``plan`` and ``estimate`` to the subparsers of :func:`qasm.cli.build_parser`."""
    p = sub.add_parser(
        "plan",
        help="write the programs and shots that estimate a score, and a manifest",
        description=_PLAN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", help="registered circuit name (see 'python -m qasm list')")
    p.add_argument("--quantity", "-q", required=True, choices=QUANTITIES)
    methods = sorted({m for ms in METHODS.values() for m in ms})
    p.add_argument("--method", "-m", choices=methods, help="measurement method (see above)")
    p.add_argument("--subsystem", metavar="QUBITS", help="qubits of the circuit, e.g. 0,1")
    p.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a circuit parameter (repeatable); marked=I,J for success",
    )
    p.add_argument("--params", type=Path, metavar="FILE.json", help="JSON object of parameters")
    p.add_argument("--epsilon", type=float, help="half-width on the score (default 0.05)")
    p.add_argument(
        "--delta",
        type=float,
        default=DEFAULT_DELTA,
        help=f"failure probability (default {DEFAULT_DELTA})",
    )
    p.add_argument("--shots", type=int, help="shots per program (default: the budget)")
    p.add_argument(
        "--no-expected",
        action="store_true",
        help="skip the reference values (exact, and noisy under the Kyiv App. F model)",
    )
    p.add_argument(
        "--device",
        action="append",
        default=[],
        choices=tuple(DEVICE_FILES),
        help="also write device programs for this target (repeatable)",
    )
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    e = sub.add_parser(
        "estimate",
        help="the score and its interval from a plan's manifest and the counts",
        description=_ESTIMATE_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("manifest", type=Path, help="DIR/manifest.json written by plan")
    e.add_argument("counts", type=Path, help="COUNTS.json: {program id: {bitstring: count}}")
    e.add_argument("--json", action="store_true", help="print one JSON object")
    e.add_argument("--counts-format", choices=COUNTS_FORMATS, default="canonical")


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def run_plan_command(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``plan`` or ``estimate``; raise :class:`PlanError`/``ValueError`` on a user error."""
    from qasm.cli import parse_bindings

    if args.command == "plan":
        marked = None
        pairs = []
        for pair in args.param:
            key, sep, text = pair.partition("=")
            if sep and key.strip() == "marked":
                marked = parse_marked(text)
            else:
                pairs.append(pair)
        values = parse_bindings(pairs, args.params)
        m = plan(
            args.name,
            args.quantity,
            args.output,
            method=args.method,
            subsystem=parse_subsystem(args.subsystem),
            values=values,
            marked=marked,
            epsilon=args.epsilon,
            delta=args.delta,
            shots=args.shots,
            expected=not args.no_expected,
            devices=tuple(dict.fromkeys(args.device)),
        )
        for prog in m["programs"]:
            extra = "".join(f", {prog[key]}" for key, _ in DEVICE_FILES.values() if key in prog)
            out.write(
                f"{prog['id']}: {prog['shots']} shots, {prog['num_clbits']} bits -> "
                f"{prog['qasm3']}, {prog['qasm3_braket']}, {prog['qir']}{extra}\n"
            )
        if "expected" in m:
            exp = m["expected"]
            noisy = exp["noisy_kyiv"]
            out.write(
                f"reference value {', '.join(_fmt(x) for x in exp['exact'])}; under the Kyiv "
                "App. F noise model "
                + (
                    ", ".join(_fmt(x) for x in noisy)
                    if noisy
                    else f"n/a ({exp['noisy_kyiv_reason']})"
                )
                + "\n"
            )
        out.write(
            f"wrote {args.output / 'manifest.json'} ({m['quantity']} by {m['method']}, "
            f"epsilon {_fmt(m['epsilon'])}, delta {_fmt(m['delta'])})\n"
        )
        return 0
    est = estimate(args.manifest, args.counts, counts_format=args.counts_format)
    if args.json:
        out.write(json.dumps(est.to_json()) + "\n")
        return 0
    if isinstance(est.estimate, tuple):
        assert isinstance(est.ci_low, tuple) and isinstance(est.ci_high, tuple)
        for lab, v, lo, hi in zip(est.labels, est.estimate, est.ci_low, est.ci_high, strict=True):
            out.write(f"{lab} = {_fmt(v)}  [{_fmt(lo)}, {_fmt(hi)}]\n")
    else:
        assert isinstance(est.ci_low, float) and isinstance(est.ci_high, float)
        out.write(
            f"{est.quantity} = {_fmt(est.estimate)}  [{_fmt(est.ci_low)}, {_fmt(est.ci_high)}]\n"
        )
    simul = " (simultaneous)" if isinstance(est.estimate, tuple) else ""
    out.write(f"confidence {_fmt(est.confidence)}{simul}, {est.shots} shots\n")
    return 0


__all__ = ["PlanError", "add_plan_parsers", "run_plan_command"]
