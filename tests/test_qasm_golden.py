"""Golden files of the canonical exports (``tests/golden``): any difference fails.

Regenerate with ``python tests/golden/regen.py`` (``nox -s regen-golden``) and review the diff.
"""

from __future__ import annotations

import difflib

import pytest

from tests.golden.regen import GOLDEN, GOLDEN_DIR
from tests.toolchain_gate import need


def test_golden_list_is_registered() -> None:
    from reference.registry import circuits

    missing = sorted(set(GOLDEN) - set(circuits()))
    assert not missing, f"GOLDEN names {missing} are not registered circuits"


@pytest.mark.parametrize("suffix", [".qasm", ".braket.qasm", ".ll"])
@pytest.mark.parametrize("name", GOLDEN)
def test_export_matches_golden_file(name: str, suffix: str) -> None:
    need("openqasm3", "pyqir")
    from tests.golden.regen import renderers

    path = GOLDEN_DIR / f"{name}{suffix}"
    assert path.exists(), f"{path.name} missing: run python tests/golden/regen.py"
    want = path.read_text()
    got = renderers()[suffix](name)
    if got != want:
        diff = "".join(
            difflib.unified_diff(
                want.splitlines(keepends=True), got.splitlines(keepends=True), path.name, "emitted"
            )
        )
        pytest.fail(
            f"{path.name} differs from the emitter's output "
            f"(regenerate with python tests/golden/regen.py if intended):\n{diff}"
        )
