"""``python -m qasm``: see :mod:`qasm.cli`."""

from __future__ import annotations

import sys

from qasm.cli import main

if __name__ == "__main__":
    sys.exit(main())
