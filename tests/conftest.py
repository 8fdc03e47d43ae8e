"""Every test runs hermetically: away from the user's real settings, history and model cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Tests never reach a model hub: the bundled model is loaded from disk.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Variables that steer the test run itself rather than the product.
_TEST_SWITCHES = {"VOICE_INTERVIEW_REQUIRE_AUDIO", "VOICE_INTERVIEW_PULSE_STATE"}


@pytest.fixture(autouse=True)
def private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A fresh, empty home for the product's config and data in every test.

    Without it a test would read the person's own settings.toml (a model they chose, a device
    they saved) and write attempts into their history; with it every test starts from the
    defaults. The product's own VOICE_INTERVIEW_* overrides in the environment are dropped too.
    """
    for name in list(os.environ):
        if name.startswith("VOICE_INTERVIEW_") and name not in _TEST_SWITCHES:
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("vi-home")
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(home))
    yield home
