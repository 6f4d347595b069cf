"""Write ``proofs/data/claims.json`` from the team's ``claims/`` specification folder.

Run once when the specification changes::

    python -m proofs.claims_extract ../shared/claims

Nothing reads the specification at run time (a user's clone has no such folder); a test, skipped
when the folder is absent, asserts that the committed registry equals a fresh extraction.

Recognised forms: bullets whose bold head is a claim id (``* **S001-P14** ...``,
``- **SUR-QAMA-03** ...``, ``* **S002-F01 (REFUTED ...).** ...``), inline bold ids in prose
(``**SUR-QCSAM-C01** ...``) and table rows whose first cell is an id (defaults ``S001-A01``,
corrections ``SUR-CORR-01``).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SPEC_FILES = {
    "seed001-entanglement-attention.md": "001_1071ac36f6170fd2.txt",
    "seed002-grover-sparse-attention.md": "002_5e183a29182452ba.txt",
    "survey-mechanisms-and-qama.md": "000_be8114193ff30883.txt + 003_d000d8abc594d0bb.txt",
}

ID_RE = r"(?:S00[12]-[PCFAE]\d{2}|SUR-[A-Z]+-(?:C|D)?\d{2})"
_BULLET = re.compile(r"^\s*[*-]\s+\*\*(" + ID_RE + r")\b(.*?)\*\*(.*)$")
_INLINE = re.compile(r"\*\*(" + ID_RE + r")\*\*(.*)$")
_TABLE = re.compile(r"^\|\s*`?(" + ID_RE + r")`?\s*\|(.*)$")
_HEAD = re.compile(r"^(#{2,4})\s+(.*)$")
_KIND = re.compile(r"^\s*\[(SP|HY|CX|SP/HY)\]")

CORE_CLAIMS: list[dict[str, str]] = [
    {
        "id": "H-CORE-01",
        "statement": "Every gate of the gate table is unitary: U^dagger U = I "
        "(for random parameters; variadic gates for 2..5 qubits).",
    },
    {
        "id": "H-CORE-02",
        "statement": "The batched simulator equals the dense product of "
        "Kronecker-expanded gate matrices on random circuits of up to 6 qubits.",
    },
    {"id": "H-CORE-03", "statement": "Simulation preserves the norm of the state."},
    {
        "id": "H-CORE-04",
        "statement": "0 <= S_A <= min(n_A, n_B) ln 2 for every pure state and bipartition.",
    },
    {"id": "H-CORE-05", "statement": "S_A = S_B for pure states (Schmidt symmetry)."},
    {"id": "H-CORE-06", "statement": "Bell pair has S = ln 2; product states have S = 0 exactly."},
    {
        "id": "H-CORE-07",
        "statement": "Batched simulation over parameter sets equals one simulation "
        "per parameter set (the vectorised path is the general path).",
    },
    {
        "id": "H-CORE-08",
        "statement": "Density-matrix simulation of a unitary circuit equals "
        "|psi><psi| of the statevector; Kraus channels preserve trace and positivity.",
    },
    {
        "id": "H-CORE-09",
        "statement": "Conventions: qubit 0 is the most significant bit, "
        "R_P(t) = exp(-i t P/2), CRX(t) = |0><0| (x) I + |1><1| (x) RX(t).",
    },
    {
        "id": "H-CORE-10",
        "statement": "Wootters concurrence equals 2|ad - bc| on pure 2-qubit states "
        "and the n-qubit pure concurrence reduces to it for n = 2.",
    },
]


EST_CLAIMS: list[dict[str, str]] = [
    {
        "id": "H-EST-01",
        "statement": "Two-copy test with an ancilla (controlled-SWAP on the qubits of A): "
        "P(ancilla = 0) = (1 + Tr rho_A^2) / 2.",
    },
    {
        "id": "H-EST-02",
        "statement": "The ancilla-free destructive form (Bell-basis measurement of each copy "
        "pair of A) is equivalent: P(sum_a b1_a b2_a even) = (1 + Tr rho_A^2) / 2.",
    },
    {
        "id": "H-EST-03",
        "statement": "Each linear estimator (SWAP-test P(1), fidelity 1 - 2 P(1), purity "
        "2 P - 1 in both two-copy forms, <Z_j> = 1 - 2 P(1), Grover success) is unbiased: its "
        "expectation over the outcome distribution equals the score.",
    },
    {
        "id": "H-EST-04",
        "statement": "Shot budgets: n >= ln(2/delta) / (2 eps_p^2) gives |k/n - p| <= eps_p with "
        "probability >= 1 - delta (Hoeffding), m intervals at delta/m hold together (union "
        "bound), and eps_p = eps/2 (fidelity, purity, <Z>), eps 2^-(k+1) (Renyi-2 on k qubits), "
        "eps^2/4 (concurrence) guarantees eps on the score.",
    },
    {
        "id": "H-EST-05",
        "statement": "The Clopper-Pearson interval lies inside k/n +- sqrt(ln(2/delta)/(2n)), so "
        "at the budget the reported interval has half-width <= epsilon on the score.",
    },
    {
        "id": "H-EST-06",
        "statement": "Interval coverage: for every quantity the reported interval at level "
        "1 - delta contains the exact score with probability >= 1 - delta (>= 1,000 simulated "
        "repetitions per quantity).",
    },
    {
        "id": "H-EST-07",
        "statement": "S_vN(rho_A) >= S_2(rho_A) = -ln Tr rho_A^2 on the entanglement pair "
        "states: Renyi-2 is a measurable lower bound of the von Neumann entropy score.",
    },
    {
        "id": "H-EST-08",
        "statement": "Random-Pauli classical shadows with the locality-free budget of 34/eps^2 "
        "snapshots per median-of-means group and 2 ln(2/delta) groups estimate every k-local "
        "Pauli expectation within eps with probability >= 1 - delta.",
    },
    {
        "id": "H-EST-09",
        "statement": "With the 3^k locality factor (34 * 3^k / eps^2 snapshots per group, "
        "2 ln(2/delta) groups) random-Pauli shadows estimate a k-local Pauli expectation within "
        "eps with probability >= 1 - delta.",
    },
    {
        "id": "H-EST-10",
        "statement": "The random-Pauli shadow purity U-statistic is unbiased (the average "
        "snapshot is rho_A) and its Hoeffding U-statistic interval (kernel range 9 5^(k-1)) "
        "covers Tr rho_A^2 with probability >= 1 - delta.",
    },
    {
        "id": "H-EST-11",
        "statement": "The ancilla-free destructive SWAP test (each swapped pair measured in the "
        "Bell basis) of two independently prepared states gives P(sum_pairs b_a b_b even) = "
        "(1 + Tr(rho_A sigma_A)) / 2, the SWAP test's P(ancilla = 0): QMSAN's score Tr(rho sigma) "
        "is measurable without the ancilla and its controlled-SWAPs.",
    },
    {
        "id": "H-EST-12",
        "statement": "Post-selected <Z_l> (QCSAM's CLCU readout): the Clopper-Pearson intervals "
        "at delta/m of 1 - 2 k_l / n_sel, conditional on the kept shots n_sel, cover the "
        "post-selected <Z_l> simultaneously with probability >= 1 - delta, and the total budget "
        "n (the smallest with n p - sqrt(n ln(1/delta)/2) >= m0, p the selection probability) "
        "keeps >= m0 shots with probability >= 1 - delta.",
    },
]


def _kind(cid: str, text: str) -> str:
    m = _KIND.match(text)
    if m:
        return {"SP": "proof", "HY": "property", "CX": "count", "SP/HY": "proof"}[m.group(1)]
    if "-F" in cid or "-D" in cid or "CORR" in cid:
        return "refutation"
    if re.match(r"S00[12]-A", cid):
        return "default"
    if "REFUTED" in text:
        return "refutation"
    return "property"


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def extract(folder: Path) -> list[dict[str, str]]:
    """Claims of every specification file in ``folder``, in file order."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for spec, seed in SPEC_FILES.items():
        lines = (folder / spec).read_text(encoding="utf-8").splitlines()
        section = ""
        i = 0
        while i < len(lines):
            line = lines[i]
            h = _HEAD.match(line)
            if h:
                section = _clean(h.group(2))
                i += 1
                continue
            m = _BULLET.match(line)
            cid = None
            text = ""
            if m:
                cid = m.group(1)
                text = _clean((m.group(2).strip(" .") + " " + m.group(3)).strip())
                indent = len(line) - len(line.lstrip())
                j = i + 1
                while (
                    j < len(lines)
                    and lines[j].strip()
                    and (len(lines[j]) - len(lines[j].lstrip()) > indent)
                ):
                    text += " " + _clean(lines[j].lstrip(" *-"))
                    j += 1
                i = j
            else:
                t = _TABLE.match(line)
                if t:
                    cid = t.group(1)
                    text = _clean(" | ".join(c.strip() for c in t.group(2).split("|") if c.strip()))
                else:
                    mi = _INLINE.search(line)
                    if mi:
                        cid = mi.group(1)
                        text = _clean(mi.group(2))
                i += 1
            if cid is None or cid in seen:
                continue
            seen.add(cid)
            out.append(
                {
                    "id": cid,
                    "seed": seed,
                    "spec": spec,
                    "section": section,
                    "statement": text,
                    "kind": _kind(cid, text),
                }
            )
    core = [
        dict(c, seed="harness", spec="DESIGN.md", section="Foundation", kind="property")
        for c in CORE_CLAIMS
    ]
    est = [
        dict(
            c,
            seed="harness",
            spec="DESIGN.md",
            section="From counts back to scores",
            kind="property",
        )
        for c in EST_CLAIMS
    ]
    return core + est + out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m proofs.claims_extract CLAIMS_FOLDER", file=sys.stderr)
        return 2
    claims = extract(Path(argv[0]))
    dest = Path(__file__).parent / "data" / "claims.json"
    dest.write_text(json.dumps(claims, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(claims)} claims to {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
