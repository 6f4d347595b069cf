"""``python -m qasm``: list the registered circuits and export them as OpenQASM 3 or QIR.

See :func:`build_parser` for the documentation printed by ``--help``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from reference.circuit import Circuit
from reference.registry import MECHANISMS, circuits

FORMATS = ("qasm3", "qasm3-braket", "qasm3-braket-qpu", "qasm3-ibm", "qir-ll", "qir-bc")
QASM_FLAVORS = {
    "qasm3": "standard",
    "qasm3-braket": "braket",
    "qasm3-braket-qpu": "braket-qpu",
    "qasm3-ibm": "ibm",
}
"""OpenQASM 3 format -> :mod:`qasm.openqasm` flavour."""

_DESCRIPTION = """\
Export the circuits of the mechanism registry (reference.registry) as OpenQASM 3 or QIR.

Every exported program is the circuit the reference simulator runs: the interop suite
(tests/interop) checks that Qiskit, Qiskit Aer, the Amazon Braket local simulator, qdk and
qirrunner reproduce the reference statevector (to 1e-10) or its probabilities.

commands:
  list      the registered circuits: name, qubits, free parameters, mechanism, description
  export    one circuit in one format (see 'python -m qasm export --help')
  plan      the programs and shots that estimate a score on a provider ('plan --help')
  estimate  the score and its confidence interval from the provider's counts ('estimate --help')
"""

_EXPORT_DESCRIPTION = """\
Export one registered circuit.

formats:
  qasm3         OpenQASM 3 with include "stdgates.inc" (Qiskit, qdk, pyqasm, ...); gates missing
                from stdgates (rzz, multi-controlled x/z) are gate definitions or ctrl(k) @ x.
  qasm3-braket  OpenQASM 3 with Amazon Braket's native gate names and no include.
  qasm3-braket-qpu
                a device program for Amazon Braket QPUs: only x y z h s si t ti rx ry rz cnot
                swap (and i on untouched qubits), no include, no gate definition, no modifier
                (Braket's advanced-feature check passes); exact up to a global phase.
  qasm3-ibm     a device program in the IBM basis rz, sx, x, cx (include "stdgates.inc"), no
                gate definition, no modifier; exact up to a global phase.
  qir-ll        QIR base profile, LLVM text (qirrunner, qdk.simulation.run_qir).
  qir-bc        QIR base profile, LLVM bitcode (binary: use -o, or redirect stdout).

parameters:
  A circuit's free parameters are listed by 'python -m qasm list'. Bind any of them with
  --param name=value (repeatable) or --params file.json ({"name": value, ...}; --param wins).
  OpenQASM 3 keeps the ones left unbound as 'input float[64] name;' declarations, for the
  provider to bind at run time. QIR needs numbers: every parameter must be bound.
  Values must be finite real numbers (radians).

measurements:
  OpenQASM 3 keeps the circuit's own measurements ('--measure keep', the default), measures
  every qubit into c[0..n-1] ('all') or none ('none'). QIR measures every qubit when the circuit
  has no measurement ('auto').

Every program is validated before it is written: OpenQASM 3 by the parse/print round trip of
the openqasm3 reference parser (and pyqasm for the standard flavour); QIR by pyqir.

example:
  python -m qasm export swap-test --format qasm3 --param theta_a=0.3 -o swap.qasm
  python -m qasm export bell --format qir-ll -o bell.ll
"""


class CliError(ValueError):
    """A user error: printed as 'error: ...' with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (its help is the CLI's documentation)."""
    parser = argparse.ArgumentParser(
        prog="python -m qasm",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="{list,export,plan,estimate}"
    )
    lst = sub.add_parser(
        "list",
        help="list the registered circuits and their parameters",
        description="List every registered circuit: name, qubits, free parameters, mechanism.",
    )
    lst.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    exp = sub.add_parser(
        "export",
        help="export one circuit as OpenQASM 3 or QIR",
        description=_EXPORT_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    exp.add_argument("name", help="registered circuit name (see 'python -m qasm list')")
    exp.add_argument(
        "--format", "-f", choices=FORMATS, default="qasm3", help="output format (default: qasm3)"
    )
    exp.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a free parameter (repeatable)",
    )
    exp.add_argument(
        "--params", type=Path, metavar="FILE.json", help="JSON object of parameter values"
    )
    exp.add_argument(
        "--measure",
        choices=("keep", "all", "none", "auto"),
        default=None,
        help="measurements: OpenQASM 3 default 'keep', QIR default 'auto' (see above)",
    )
    exp.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="write here instead of stdout"
    )
    from qasm.plan_cli import add_plan_parsers

    add_plan_parsers(sub)
    return parser


def _parse_value(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CliError(f"--param {name}={text!r}: value must be a real number") from None
    if not math.isfinite(value):
        raise CliError(f"--param {name}={text!r}: value must be finite")
    return value


def parse_bindings(pairs: Sequence[str], params_file: Path | None) -> dict[str, float]:
    """Merge ``--params`` (JSON) and ``--param name=value`` (later wins)."""
    out: dict[str, float] = {}
    if params_file is not None:
        try:
            data = json.loads(params_file.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise CliError(f"--params {params_file}: {exc}") from None
        if not isinstance(data, dict):
            raise CliError(f"--params {params_file}: expected a JSON object of name: number")
        for k, v in data.items():
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise CliError(f"--params {params_file}: {k}={v!r} is not a number")
            out[str(k)] = _parse_value(str(k), repr(float(v)))
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise CliError(f"--param {pair!r}: expected NAME=VALUE")
        out[name.strip()] = _parse_value(name.strip(), text.strip())
    return out


def load_circuit(name: str) -> Circuit:
    """The registered circuit ``name``."""
    table = circuits()
    if name not in table:
        raise CliError(f"name={name!r} is not a registered circuit; known: {', '.join(table)}")
    return table[name].build()


def bind(circuit: Circuit, values: Mapping[str, float], name: str) -> Circuit:
    unknown = sorted(set(values) - set(circuit.parameters))
    if unknown:
        have = ", ".join(circuit.parameters) or "none"
        raise CliError(
            f"--param {unknown[0]}: circuit {name!r} has no parameter {unknown[0]!r} "
            f"(its parameters: {have})"
        )
    return circuit.bind(values) if values else circuit


def export(
    name: str,
    fmt: str,
    values: Mapping[str, float],
    measure: str | None = None,
) -> str | bytes:
    """The exported, validated program (text, or bytes for ``qir-bc``)."""
    if fmt not in FORMATS:
        raise CliError(f"format={fmt!r} must be one of {FORMATS}")
    circuit = bind(load_circuit(name), values, name)
    if fmt.startswith("qasm3"):
        from qasm.openqasm import to_program
        from qasm.validate import validate_program

        flavor = QASM_FLAVORS[fmt]
        mode = measure or "keep"
        if mode not in ("keep", "all", "none"):
            raise CliError(f"--measure {mode}: OpenQASM 3 takes keep, all or none")
        program = to_program(circuit, flavor=flavor, measure=mode)  # type: ignore[arg-type]
        validate_program(program, flavor="braket" if flavor.startswith("braket") else "standard")
        import openqasm3

        text: str = openqasm3.dumps(program)
        return text
    if not circuit.is_bound:
        raise CliError(
            f"circuit {name!r} has unbound parameters {list(circuit.parameters)}: QIR needs "
            "numbers; give --param NAME=VALUE for each (or --params file.json)"
        )
    from qasm.qir import to_qir

    qmode = measure or "auto"
    if qmode not in ("auto", "keep", "all"):
        raise CliError(f"--measure {qmode}: QIR takes auto, keep or all")
    prog = to_qir(circuit, measure=qmode)  # type: ignore[arg-type]
    return prog.bitcode if fmt == "qir-bc" else prog.ll


def _list(out: TextIO, as_json: bool) -> None:
    rows = []
    for mech in MECHANISMS.values():
        for ex in mech.circuits:
            c = ex.build()
            rows.append(
                {
                    "name": ex.name,
                    "mechanism": mech.name,
                    "num_qubits": c.num_qubits,
                    "parameters": list(c.parameters),
                    "measured": bool(c.measured_qubits),
                    "description": ex.description,
                }
            )
    if as_json:
        out.write(json.dumps(rows, indent=2) + "\n")
        return
    width = max([len(str(r["name"])) for r in rows] + [4])
    out.write(f"{'name':<{width}}  qubits  parameters            mechanism / description\n")
    for r in rows:
        params = ", ".join(r["parameters"]) or "-"  # type: ignore[arg-type]
        out.write(
            f"{r['name']:<{width}}  {r['num_qubits']:>6}  {params:<20}  "
            f"{r['mechanism']}: {r['description']}\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 user error)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            _list(sys.stdout, args.json)
            return 0
        if args.command in ("plan", "estimate"):
            from qasm.plan_cli import run_plan_command

            return run_plan_command(args, sys.stdout)
        values = parse_bindings(args.param, args.params)
        result = export(args.name, args.format, values, args.measure)
    except (CliError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    if args.output is not None:
        if isinstance(result, bytes):
            args.output.write_bytes(result)
        else:
            args.output.write_text(result)
    elif isinstance(result, bytes):
        sys.stdout.buffer.write(result)
    else:
        sys.stdout.write(result)
    return 0


__all__ = [
    "FORMATS",
    "QASM_FLAVORS",
    "CliError",
    "build_parser",
    "export",
    "main",
    "parse_bindings",
]
