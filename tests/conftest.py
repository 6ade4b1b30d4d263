"""Shared pytest configuration."""

import os

from hypothesis import settings

# Property tests: modest example counts, no per-example deadline (CI machines vary).
settings.register_profile("book", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "book"))
