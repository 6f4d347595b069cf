"""Bad-input tables of the tests: one row per bad call, ``(id, call, match)``; a table of
``ValueError`` rows and one of ``TypeError`` rows (complex arrays where the maths is real, bools
as counts, non-generators) become one parametrisation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

Row = tuple[str, Callable[[], object], str]


def cases(value_errors: Sequence[Row], type_errors: Sequence[Row] = ()) -> list[Any]:
    """``pytest.param(call, error, match, id=...)`` for ``("call", "error", "match")``."""
    return [
        pytest.param(call, error, match, id=name)
        for rows, error in ((value_errors, ValueError), (type_errors, TypeError))
        for name, call, match in rows
    ]


def check(call: Callable[[], object], error: type[Exception], match: str) -> None:
    """``call()`` raises ``error`` with a message matching ``match`` (the argument's name)."""
    with pytest.raises(error, match=match):
        call()
