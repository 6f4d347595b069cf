"""Root pytest configuration: Hypothesis settings profiles chosen by ``HYPOTHESIS_PROFILE``.

* ``dev`` (default): 50 examples, quick feedback.
* ``ci``: derandomized (a fixed seed per test, so CI is reproducible), 100 examples, no deadline.
* ``thorough``: 1,000 examples, for a release or after touching the simulator.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=50, **_COMMON)  # type: ignore[arg-type]
settings.register_profile(
    "ci", max_examples=100, derandomize=True, print_blob=True, **_COMMON  # type: ignore[arg-type]
)
settings.register_profile("thorough", max_examples=1000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
