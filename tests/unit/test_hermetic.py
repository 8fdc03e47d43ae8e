"""The test suite never touches the user's own settings or history."""

from __future__ import annotations

from pathlib import Path

from voice_interview.settings import config_dir, data_dir, load_settings


def test_config_and_data_live_in_the_test_home(private_home: Path) -> None:
    assert config_dir() == private_home / "config"
    assert data_dir() == private_home / "data"
    assert not config_dir().exists()  # nothing saved by an earlier test leaks in


def test_settings_are_the_defaults() -> None:
    settings = load_settings()
    assert settings.model.name == "bundled"
    assert settings.audio.input_device is None
