"""The claims ledger: every claim id of the specification with its evidence and verdict.

* :class:`Claim` — one registered claim (id, seed file, section, statement, kind), loaded from
  ``proofs/data/claims.json`` (written from the team's ``claims/`` specification by
  :mod:`proofs.claims_extract`; nothing reads the specification folder at run time).
* Evidence — one of :class:`Proved` (SymPy), :class:`Held` (a property held on ``cases`` generated
  cases, with the worst slack), :class:`Counted` (measured counts match the stated complexity),
  :class:`Refuted` (a stored minimal counterexample, re-checked from its stored inputs),
  :class:`Open` (not encoded yet) or :class:`Failed` (the evidence itself broke: a property that
  should hold found a violation, or the check raised).
* Evidence providers live in the modules of :mod:`proofs.evidence` (discovered automatically): each
  exposes ``EVIDENCE = EvidenceRegistry()`` and decorates ``fn(rng) -> Evidence`` with
  ``@EVIDENCE.claim("S002-C16")``.
* Expected verdicts live in ``proofs/expected/*.toml`` (``"S002-C16" = "held"``; ``open`` and
  ``uncheckable`` with their reason); every claim id must be listed, or the ledger refuses to
  run. :func:`run_ledger` compares, and ``python -m proofs`` fails on any difference, so a
  regression in either direction is caught.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import pkgutil
import tomllib
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

import numpy as np

from proofs import margins
from proofs.margins import Strength, SubLaw
from properties.outcome import Outcome

HERE = Path(__file__).parent
DATA = HERE / "data"
EXPECTED_DIR = HERE / "expected"
COUNTEREXAMPLES = HERE / "counterexamples"

Verdict: TypeAlias = Literal[
    "proved", "held", "counted", "refuted", "uncheckable", "open", "failed"
]
VERDICTS: tuple[Verdict, ...] = (
    "proved",
    "held",
    "counted",
    "refuted",
    "uncheckable",
    "open",
    "failed",
)
COVERAGE: tuple[Verdict, ...] = ("proved", "held", "counted", "refuted")
"""The verdicts that count as coverage (``uncheckable`` and ``open`` never do)."""
JSON: TypeAlias = Any


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One checkable claim of the specification.

    Attributes:
        id: stable id (``S001-P14``, ``S002-C16``, ``SUR-QAMA-03``, ``H-CORE-01``).
        seed: the seed document (or ``harness`` for the foundational ``H-CORE`` claims).
        spec: specification file the id comes from.
        section: section of the specification.
        statement: the claim as stated there (Markdown/LaTeX).
        kind: suggested evidence kind (``proof``, ``property``, ``count``, ``refutation``, ...).
    """

    id: str
    seed: str
    spec: str
    section: str
    statement: str
    kind: str

    @property
    def family(self) -> str:
        """Group for summaries: ``H-CORE``, ``S001``, ``S002``, or ``SUR-<MECH>``."""
        parts = self.id.split("-")
        if parts[0] in ("SUR", "H"):
            return "-".join(parts[:2])
        return parts[0]


@dataclass(frozen=True, kw_only=True)
class Proved:
    """A symbolic proof (SymPy) or an exhaustive check of every case."""

    method: str
    detail: str = ""
    verdict: Verdict = field(default="proved", init=False)


@dataclass(frozen=True, kw_only=True)
class Held:
    """A property held on ``cases`` generated cases.

    ``sublaws``: one :class:`proofs.margins.SubLaw` per named check of the law (numeric ones with
    their worst deviation, tolerance and utilisation; booleans as "k of k true"; a legacy float
    slack as an unstructured ``margin``). Build it with :func:`held_or_failed`.
    """

    cases: int
    sublaws: tuple[SubLaw, ...]
    detail: str = ""
    verdict: Verdict = field(default="held", init=False)

    @property
    def utilisation(self) -> float | None:
        """Largest utilisation of a numeric sub-law (0 exact, 1 at the bound), or ``None``."""
        return margins.utilisation(self.sublaws)

    @property
    def margin(self) -> str:
        """A short text of the margin: the utilisation, or the unstructured worst slack."""
        u = self.utilisation
        if u is not None:
            return f"utilisation {u:.3g}"
        legacy = [s for s in self.sublaws if s.kind == "margin"]
        if legacy:
            return f"worst slack {-max(s.worst_deviation for s in legacy):.3g}"
        return "; ".join(s.text() for s in self.sublaws)


@dataclass(frozen=True, kw_only=True)
class Counted:
    """Measured operation / query / gate counts match the stated complexity.

    ``rows``: ``(label, measured, formula_value)`` triples shown in the report.
    """

    detail: str
    rows: tuple[tuple[str, float, float], ...] = ()
    verdict: Verdict = field(default="counted", init=False)


@dataclass(frozen=True, kw_only=True)
class Refuted:
    """The claim (as stated) is false: ``counterexample`` are the stored inputs, ``observed`` what
    the check computed on them, re-computed at every run."""

    counterexample: Mapping[str, JSON]
    observed: str
    detail: str = ""
    verdict: Verdict = field(default="refuted", init=False)


@dataclass(frozen=True, kw_only=True)
class Uncheckable:
    """No computation can decide the claim (a citation, an attribution, what a paper contains).

    Shown apart in the report and never counted as coverage; ``reason`` says why.
    """

    reason: str
    verdict: Verdict = field(default="uncheckable", init=False)

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("Uncheckable needs a reason")


@dataclass(frozen=True, kw_only=True)
class Open:
    """No evidence encoded yet."""

    reason: str = "not encoded yet"
    verdict: Verdict = field(default="open", init=False)


@dataclass(frozen=True, kw_only=True)
class Failed:
    """The evidence broke: an exception, or a violation of a property expected to hold."""

    error: str
    counterexample: Mapping[str, JSON] | None = None
    verdict: Verdict = field(default="failed", init=False)


Evidence: TypeAlias = Proved | Held | Counted | Refuted | Uncheckable | Open | Failed
Case: TypeAlias = tuple[Outcome | float, Mapping[str, JSON]]
"""One generated case of a property: ``(slack, inputs)``, as consumed by :func:`held_or_failed`."""
Provider: TypeAlias = Callable[[np.random.Generator], Evidence]


class EvidenceRegistry:
    """Per-module collection of evidence providers (and report plots)."""

    def __init__(self) -> None:
        self.providers: dict[str, Provider] = {}
        self.plots: list[Callable[[Path], Sequence[Path]]] = []

    def claim(self, *ids: str) -> Callable[[Provider], Provider]:
        """Decorator: register ``fn(rng) -> Evidence`` for one or more claim ids."""

        def deco(fn: Provider) -> Provider:
            for cid in ids:
                if cid in self.providers:
                    raise ValueError(f"claim id {cid!r} registered twice")
                self.providers[cid] = fn
            return fn

        return deco

    def plot(self, fn: Callable[[Path], Sequence[Path]]) -> Callable[[Path], Sequence[Path]]:
        """Decorator: register ``fn(out_dir) -> [png paths]`` drawn into the report."""
        self.plots.append(fn)
        return fn


# ---------------------------------------------------------------------------------------------
# loading


def load_claims() -> dict[str, Claim]:
    """All registered claims, keyed by id, in specification order."""
    raw = json.loads((DATA / "claims.json").read_text(encoding="utf-8"))
    out: dict[str, Claim] = {}
    for rec in raw:
        c = Claim(**rec)
        if c.id in out:
            raise ValueError(f"duplicate claim id {c.id} in claims.json")
        out[c.id] = c
    return out


def _expected_entry(path: Path, cid: str, value: object) -> tuple[Verdict, str, Strength | None]:
    reason = ""
    strength: Strength | None = None
    if isinstance(value, dict):
        extra = set(value) - {"verdict", "reason", "min_cases", "max_utilisation"}
        if extra:
            raise ValueError(f"{path.name}: {cid} has unknown keys {sorted(extra)}")
        reason = str(value.get("reason", "")).strip()
        strength = margins.parse_strength(f"{path.name}: {cid}", value)
        value = value.get("verdict")
    if value not in VERDICTS or value == "failed":
        raise ValueError(f"{path.name}: {cid} = {value!r} is not a valid verdict")
    verdict: Verdict = value
    if verdict in ("open", "uncheckable") and not reason:
        raise ValueError(
            f"{path.name}: {cid} is expected {verdict}; give its reason: "
            f'"{cid}" = {{ verdict = "{verdict}", reason = "..." }}'
        )
    if strength is not None and verdict != "held":
        raise ValueError(f"{path.name}: {cid}: min_cases / max_utilisation apply to held only")
    return verdict, reason, strength


def _load_expected_full() -> dict[str, tuple[Verdict, str, Strength | None]]:
    out: dict[str, tuple[Verdict, str, Strength | None]] = {}
    for path in sorted(EXPECTED_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for cid, value in data.get("verdicts", {}).items():
            if cid in out:
                raise ValueError(f"{path.name}: {cid} listed in two expected files")
            out[cid] = _expected_entry(path, cid, value)
    return out


def load_expected_reasons() -> dict[str, tuple[Verdict, str]]:
    """``claim id -> (expected verdict, reason)`` from ``proofs/expected/*.toml``.

    An entry is ``"ID" = "held"``, ``"ID" = { verdict = "open", reason = "..." }`` or, for a held
    claim with its recorded strength, ``"ID" = { verdict = "held", min_cases = 200,
    max_utilisation = 0.05 }``; ``open`` and ``uncheckable`` must carry their reason. An id
    listed in two files is an error.
    """
    return {cid: (v, r) for cid, (v, r, _) in _load_expected_full().items()}


def load_expected() -> dict[str, Verdict]:
    """Expected verdicts from ``proofs/expected/*.toml`` (see :func:`load_expected_reasons`)."""
    return {cid: v for cid, (v, _, _) in _load_expected_full().items()}


def load_expected_strength() -> dict[str, Strength]:
    """``claim id -> recorded strength`` for the held entries that record one."""
    return {cid: st for cid, (_, _, st) in _load_expected_full().items() if st is not None}


def unlisted_claims() -> list[str]:
    """Claim ids with no expected verdict: an error for the ledger (a provider deleted together
    with its expected line would otherwise drop the claim unseen)."""
    expected = load_expected_reasons()
    return [cid for cid in load_claims() if cid not in expected]


def discover_registries() -> list[tuple[str, EvidenceRegistry]]:
    """Import every module of :mod:`proofs.evidence` (subpackages included: a mechanism's evidence
    may be a package split along its seams) and collect each ``EVIDENCE`` registry."""
    from proofs import evidence as pkg

    regs: list[tuple[str, EvidenceRegistry]] = []
    infos = pkgutil.walk_packages(pkg.__path__, prefix=f"{pkg.__name__}.")
    for info in sorted(infos, key=lambda m: m.name):
        mod = importlib.import_module(info.name)
        reg = getattr(mod, "EVIDENCE", None)
        if isinstance(reg, EvidenceRegistry):
            regs.append((mod.__name__, reg))
    return regs


def providers() -> dict[str, tuple[str, Provider]]:
    """claim id -> (module, provider); rejects ids registered twice or not in claims.json."""
    claims = load_claims()
    out: dict[str, tuple[str, Provider]] = {}
    for modname, reg in discover_registries():
        for cid, fn in reg.providers.items():
            if cid in out:
                raise ValueError(f"claim {cid} has providers in {out[cid][0]} and {modname}")
            if cid not in claims:
                raise ValueError(f"{modname} registers {cid}, which is not in claims.json")
            out[cid] = (modname, fn)
    return out


def load_counterexample(claim_id: str) -> dict[str, JSON]:
    """The stored minimal counterexample ``proofs/counterexamples/<claim_id>.json``."""
    path = COUNTEREXAMPLES / f"{claim_id}.json"
    if not path.exists():
        raise FileNotFoundError(f"no stored counterexample for {claim_id} at {path}")
    data: dict[str, JSON] = json.loads(path.read_text(encoding="utf-8"))
    return data


def rng_for(claim_id: str, seed: int = 0) -> np.random.Generator:
    """Deterministic generator per claim (stable across runs and Python versions)."""
    h = hashlib.sha256(f"{seed}:{claim_id}".encode()).digest()
    return np.random.default_rng(int.from_bytes(h[:8], "little"))


# ---------------------------------------------------------------------------------------------
# helpers for evidence modules


def held_or_failed(
    results: Iterable[tuple[Outcome | float, Mapping[str, JSON]]],
    *,
    detail: str,
    tolerance: float = 0.0,
) -> Held | Failed:
    """Summarise ``(outcome, case)`` pairs: :class:`Held` when every case's law holds.

    An :class:`~properties.outcome.Outcome` is folded per check name (utilisation, "k of k");
    a float is a legacy slack (holds when ``>= -tolerance``), reported as an unstructured margin.
    The first failing case is kept as the counterexample.
    """
    summ = margins.summarise(results, tolerance=tolerance)
    if summ.failure is not None:
        return Failed(
            error=f"property violated on case {summ.cases}: {summ.failure} ({detail})",
            counterexample=dict(summ.failing_case or {}),
        )
    if summ.cases == 0:
        return Failed(error=f"no cases were generated ({detail})")
    return Held(cases=summ.cases, sublaws=summ.sublaws, detail=detail)


def held_margin(
    *, cases: int, worst_slack: float, detail: str = "", tolerance: float = 0.0
) -> Held:
    """A :class:`Held` from a hand-computed case count and slack (the form before issue 10 C:
    reported as an unstructured margin, with no utilisation). Prefer :func:`held_or_failed`."""
    sub = SubLaw(
        name="margin",
        kind="margin",
        cases=cases,
        worst_deviation=-worst_slack,
        tolerance=tolerance,
    )
    return Held(cases=cases, sublaws=(sub,), detail=detail)


# ---------------------------------------------------------------------------------------------
# running


@dataclass(frozen=True, kw_only=True)
class Entry:
    claim: Claim
    evidence: Evidence
    expected: Verdict
    module: str
    seconds: float
    strength: Strength | None = None

    @property
    def verdict(self) -> Verdict:
        return self.evidence.verdict

    @property
    def weaker(self) -> str | None:
        """Why held evidence is weaker than its recorded strength, or ``None``."""
        if self.strength is None or not isinstance(self.evidence, Held):
            return None
        return self.strength.problem(self.evidence.cases, self.evidence.utilisation)

    @property
    def ok(self) -> bool:
        return self.verdict == self.expected and self.weaker is None


def evaluate(claim_id: str, provider: Provider, seed: int = 0) -> Evidence:
    """Run one provider, turning an exception into :class:`Failed`."""
    try:
        ev = provider(rng_for(claim_id, seed))
    except Exception as exc:
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Failed(error=tb)
    ok: object = ev
    if not isinstance(ok, Proved | Held | Counted | Refuted | Uncheckable | Open | Failed):
        return Failed(error=f"provider returned {type(ok).__name__}, not an Evidence")
    return ev


def run_ledger(
    *,
    only: Sequence[str] = (),
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    executor: Executor | None = None,
    timeout: float | None = None,
) -> list[Entry]:
    """Evaluate every claim (or those whose id starts with one of ``only``), in specification order.

    ``jobs == 1`` (and no ``executor``) runs the providers one after the other in this process;
    ``jobs > 1`` on a pool of that many processes; ``executor`` (for instance
    ``distributed.Client(address).get_executor()``) on that executor. Each provider gets its own
    ``rng_for(claim_id, seed)``, so every way gives the same evidence. ``timeout``: seconds after
    which a provider is stopped and its claim :class:`Failed` (``None``: no limit). See
    :mod:`proofs.parallel`.
    """
    from proofs.parallel import run_tasks

    claims = load_claims()
    expected = load_expected()
    strength = load_expected_strength()
    unknown = sorted(set(expected) - set(claims))
    if unknown:
        raise ValueError(f"expected verdicts for unknown claim ids: {unknown}")
    missing = [cid for cid in claims if cid not in expected]
    if missing:
        raise ValueError(
            f"claim ids with no expected verdict in proofs/expected/*.toml: {missing} "
            "(every id is listed; open and uncheckable ones with their reason)"
        )
    provs = providers()
    chosen = [cid for cid in claims if not only or any(cid.startswith(p) for p in only)]
    tasks = [(cid, provs[cid][0], seed) for cid in chosen if cid in provs]
    done = run_tasks(tasks, jobs=jobs, executor=executor, timeout=timeout, progress=progress)
    entries: list[Entry] = []
    for cid in chosen:
        module, (ev, dt) = (provs[cid][0], done[cid]) if cid in provs else ("", (Open(), 0.0))
        entries.append(
            Entry(
                claim=claims[cid],
                evidence=ev,
                expected=expected[cid],
                module=module,
                seconds=dt,
                strength=strength.get(cid),
            )
        )
    return entries


def summary(entries: Sequence[Entry]) -> dict[str, dict[str, int]]:
    """family -> verdict -> count (plus ``total`` and ``mismatch``)."""
    out: dict[str, dict[str, int]] = {}
    for e in entries:
        row = out.setdefault(e.claim.family, {v: 0 for v in VERDICTS} | {"total": 0, "mismatch": 0})
        row[e.verdict] += 1
        row["total"] += 1
        row["mismatch"] += 0 if e.ok else 1
    return out


def evidence_text(ev: Evidence) -> str:
    """One-line description of a piece of evidence for tables."""
    if isinstance(ev, Proved):
        return f"{ev.method}. {ev.detail}".strip()
    if isinstance(ev, Held):
        u = ev.utilisation
        head = f"held on {ev.cases} cases" + (f", utilisation {u:.3g}" if u is not None else "")
        subs = "; ".join(sub.text() for sub in ev.sublaws)
        return f"{head} [{subs}]. {ev.detail}".strip()
    if isinstance(ev, Counted):
        rows = "; ".join(f"{lab}: {m:g} vs {f:g}" for lab, m, f in ev.rows[:4])
        return f"{ev.detail} {rows}".strip()
    if isinstance(ev, Refuted):
        cx = json.dumps(ev.counterexample, sort_keys=True)
        if len(cx) > 160:
            cx = cx[:157] + "..."
        return f"counterexample {cx}: {ev.observed}. {ev.detail}".strip()
    if isinstance(ev, Open | Uncheckable):
        return ev.reason
    return f"FAILED: {ev.error}"


def to_json(entries: Sequence[Entry]) -> dict[str, JSON]:
    def ev_json(ev: Evidence) -> dict[str, JSON]:
        d = asdict(ev)
        d["type"] = type(ev).__name__
        if isinstance(ev, Held):
            d["utilisation"] = ev.utilisation
        return d

    return {
        "summary": summary(entries),
        "claims": [
            {
                "id": e.claim.id,
                "family": e.claim.family,
                "seed": e.claim.seed,
                "section": e.claim.section,
                "kind": e.claim.kind,
                "statement": e.claim.statement,
                "verdict": e.verdict,
                "expected": e.expected,
                "ok": e.ok,
                "module": e.module,
                "seconds": round(e.seconds, 4),
                "evidence": ev_json(e.evidence),
                "weaker_than_recorded": e.weaker,
            }
            for e in entries
        ],
    }


__all__ = [
    "COUNTEREXAMPLES",
    "COVERAGE",
    "VERDICTS",
    "Case",
    "Claim",
    "Counted",
    "Entry",
    "Evidence",
    "EvidenceRegistry",
    "Failed",
    "Held",
    "Open",
    "Proved",
    "Provider",
    "Refuted",
    "Strength",
    "SubLaw",
    "Uncheckable",
    "Verdict",
    "evaluate",
    "evidence_text",
    "held_margin",
    "held_or_failed",
    "load_claims",
    "load_counterexample",
    "load_expected",
    "load_expected_reasons",
    "load_expected_strength",
    "providers",
    "rng_for",
    "run_ledger",
    "summary",
    "to_json",
    "unlisted_claims",
]
