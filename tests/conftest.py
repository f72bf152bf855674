"""Hypothesis profiles: deterministic everywhere, so a red CI run reproduces on any machine.

HYPOTHESIS_PROFILE=explore runs many more, randomised examples when hunting for bugs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=150,
    derandomize=True,  # same examples every run: tests are deterministic
    deadline=None,  # machines are shared and noisy; speed is measured in benchmarks/
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("explore", max_examples=3000, derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
