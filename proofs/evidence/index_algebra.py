"""Finite sums over symbolic index ranges, compared by a normal form (SymPy).

A *multi-sum* is a summand (a polynomial in ``IndexedBase`` entries and scalar symbols) together
with its dummy indices, each ranging over ``0 .. D - 1`` for a symbolic size ``D``. Its normal form
uses only rules valid for every ``D``: the summand is expanded (a finite sum distributes), the
factors of each term are grouped into the connected components of "shares a dummy" (a sum of a
product of factors in disjoint dummies is the product of the sums, Fubini for finite sums), a dummy
that occurs in no factor contributes its range size ``D``, and each component becomes an *atom*
named by its canonical form up to renaming its dummies within one range (renaming a bound variable
changes nothing). Two multi-sums are equal for every size if their normal forms, polynomials in
the atoms, agree after expansion. The converse does not hold (the test is sufficient, not
necessary), which is the direction a proof needs: a wrong identity is never reported as proved.

Conjugates are written as separate ``IndexedBase`` objects (``abar[i]`` for the conjugate of
``a[i]``): a polynomial identity in independent ``a`` and ``abar`` implies it at
``abar = conj(a)``.

>>> import sympy as sp
>>> N = sp.Symbol("N", integer=True, positive=True)
>>> a, b = sp.IndexedBase("a"), sp.IndexedBase("b")
>>> i, j = sp.symbols("i j", integer=True)
>>> rng = {i: N, j: N}
>>> lhs = normal_form(a[i] * b[j], rng)
>>> rhs = normal_form(a[j], {j: N}) * normal_form(b[i], {i: N})
>>> sp.expand(lhs - rhs) == 0
True
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import sympy as sp

__all__ = ["equal_sums", "normal_form"]

_ATOMS: dict[str, sp.Symbol] = {}


def _atom(key: str) -> sp.Symbol:
    if key not in _ATOMS:
        _ATOMS[key] = sp.Symbol(f"SUM{len(_ATOMS)}")
    return _ATOMS[key]


def _canonical(factors: list[Any], dummies: list[Any], ranges: Mapping[Any, Any]) -> str:
    """The least ``srepr`` of the component over every range-preserving renaming of its dummies."""
    by_range: dict[str, list[Any]] = {}
    for d in dummies:
        by_range.setdefault(sp.srepr(ranges[d]), []).append(d)
    classes = sorted(by_range.items())
    canon = {
        key: [sp.Symbol(f"_k{c}_{m}", integer=True) for m in range(len(ds))]
        for c, (key, ds) in enumerate(classes)
    }
    best: str | None = None
    for perms in itertools.product(*(itertools.permutations(ds) for _, ds in classes)):
        sub: dict[Any, Any] = {}
        for (key, _), perm in zip(classes, perms, strict=True):
            sub.update(zip(perm, canon[key], strict=True))
        body = sp.Mul(*factors).xreplace(sub)
        text = sp.srepr(body) + "|" + ";".join(f"{k}:{len(v)}" for k, v in canon.items())
        if best is None or text < best:
            best = text
    assert best is not None
    return best


def normal_form(summand: Any, ranges: Mapping[Any, Any]) -> Any:
    """Normal form of ``sum_{d in ranges} summand``: a polynomial in canonical atoms.

    ``ranges`` maps each dummy index to its (symbolic) range size ``D`` (the dummy runs over
    ``0 .. D - 1``). Symbols that are not keys of ``ranges`` are free (constants of the sum).
    """
    dummies = list(ranges)
    total = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(summand)):
        coeff = sp.Integer(1)
        comps: list[tuple[list[Any], set[Any]]] = []
        for f in sp.Mul.make_args(term):
            ds = {d for d in dummies if f.has(d)}
            if not ds:
                coeff *= f
                continue
            merged: tuple[list[Any], set[Any]] = ([f], set(ds))
            rest = []
            for fs, cds in comps:
                if cds & merged[1]:
                    merged = (merged[0] + fs, merged[1] | cds)
                else:
                    rest.append((fs, cds))
            comps = [*rest, merged]
        used = set().union(*(c[1] for c in comps)) if comps else set()
        for d in dummies:
            if d not in used:
                coeff *= ranges[d]
        for fs, cds in comps:
            coeff *= _atom(_canonical(fs, sorted(cds, key=str), ranges))
        total += coeff
    return sp.expand(total)


def equal_sums(lhs: Any, rhs: Any, ranges: Mapping[Any, Any]) -> bool:
    """``sum lhs == sum rhs`` over ``ranges`` by normal forms; ``False`` means "not shown"."""
    return bool(sp.expand(normal_form(lhs, ranges) - normal_form(rhs, ranges)) == 0)
