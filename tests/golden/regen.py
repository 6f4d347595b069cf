"""Golden files of canonical exported circuits; ``python tests/golden/regen.py`` rewrites them.

Only this script (``nox -s regen-golden``) writes the files; ``tests/test_qasm_golden.py`` parses
them and the emitter's output and fails on any difference of meaning (gate, qubits, parameter
values to a derived tolerance, measurements), so a change of meaning is always a reviewed diff
while a reprinting of the same numbers is not a failure. For each circuit in
:data:`GOLDEN` three files are written:

* ``<name>.qasm``: standard-flavour OpenQASM 3 (symbolic parameters stay ``input float[64]``);
* ``<name>.braket.qasm``: Braket-flavour OpenQASM 3;
* ``<name>.ll``: QIR base profile (LLVM text); symbolic parameters are bound to
  :func:`golden_bindings` first, since QIR has no symbolic parameters.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from reference.circuit import Circuit

GOLDEN: tuple[str, ...] = (
    "bell",
    "entanglement-pair-dense",
    "ghz3",
    "grover-iteration",
    "qaoa-layer",
    "swap-test",
)
"""Registered circuit names pinned by golden files (add e.g. ``"grover-iteration"`` here)."""

GOLDEN_DIR = Path(__file__).resolve().parent


def golden_bindings(parameters: tuple[str, ...]) -> dict[str, float]:
    """Values for QIR goldens: parameter ``i`` (in order of appearance) gets ``0.5 + 0.25 i``."""
    return {p: 0.5 + 0.25 * i for i, p in enumerate(parameters)}


def renderers() -> dict[str, Callable[[str], str]]:
    """File suffix -> function of a registered circuit name returning the file's text."""
    from qasm.openqasm import to_openqasm
    from qasm.qir import to_qir
    from reference.registry import circuits

    table = circuits()

    def build(name: str) -> Circuit:
        if name not in table:
            raise KeyError(f"golden circuit {name!r} is not registered; known: {sorted(table)}")
        return table[name].build()

    def qir(name: str) -> str:
        c = build(name)
        return to_qir(c.bind(golden_bindings(c.parameters)) if c.parameters else c).ll

    return {
        ".qasm": lambda name: to_openqasm(build(name)),
        ".braket.qasm": lambda name: to_openqasm(build(name), flavor="braket"),
        ".ll": qir,
    }


def expected_files() -> dict[Path, str]:
    """Every golden path and the text it must hold."""
    out: dict[Path, str] = {}
    for suffix, render in renderers().items():
        for name in GOLDEN:
            out[GOLDEN_DIR / f"{name}{suffix}"] = render(name)
    return out


def main() -> int:
    files = expected_files()
    for path, text in files.items():
        old = path.read_text() if path.exists() else None
        if old != text:
            path.write_text(text)
            print(f"{'updated' if old is not None else 'created'} {path.name}")
    stale = sorted(
        p.name for p in GOLDEN_DIR.iterdir() if p.suffix in (".qasm", ".ll") and p not in files
    )
    for name in stale:
        (GOLDEN_DIR / name).unlink()
        print(f"removed {name}")
    print(f"{len(files)} golden files in {GOLDEN_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
