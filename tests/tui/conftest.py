"""Builds the app with fake services; every test gets its own data and config folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.tui.data import bank
from tests.tui.fakes import (
    FakeHistory,
    FakePlayer,
    FakeScorer,
    FakeSpeaker,
    RecorderFactory,
)
from voice_interview.errors import ModelError
from voice_interview.settings import ModelSettings, Settings
from voice_interview.speech.model_choices import ModelChoice
from voice_interview.tui.app import VoiceInterviewApp, make_app

ScreenT = TypeVar("ScreenT", bound=Screen[Any])


@dataclass
class Kit:
    """The fakes behind one app, for tests to configure before building and inspect after."""

    tmp: Path
    recorders: RecorderFactory = field(default_factory=RecorderFactory)
    speaker: FakeSpeaker = field(default_factory=FakeSpeaker)
    scorer: FakeScorer = field(default_factory=FakeScorer)
    history: FakeHistory = field(init=False)
    player: FakePlayer = field(default_factory=FakePlayer)
    settings: Settings = field(default_factory=Settings)
    devices: list[str] = field(default_factory=lambda: ["ALSA: pulse", "ALSA: default"])
    outputs: list[str] = field(default_factory=lambda: ["ALSA: pulse", "ALSA: default", "ALSA: hw"])
    recovered: list[Path] = field(default_factory=list)
    saved: list[Settings] = field(default_factory=list)
    models: list[ModelChoice] = field(
        default_factory=lambda: [
            ModelChoice("bundled", "Bundled: Whisper tiny.en"),
            ModelChoice("small.en", "small.en (in the Hugging Face cache)"),
        ]
    )
    broken_models: dict[str, str] = field(default_factory=dict)
    """Model names the model check refuses, with the reason it gives."""
    checked: list[str] = field(default_factory=list)
    """The model names checked, in order (the check runs in a worker thread)."""

    def __post_init__(self) -> None:
        self.speaker.log = self.recorders.log
        self.history = FakeHistory(self.data_dir)

    @property
    def data_dir(self) -> Path:
        return self.tmp / "data"

    def check_model(self, model: ModelSettings) -> str:
        """Stands in for speech.model_choices.check_model: refuses the broken models."""
        self.checked.append(model.name)
        if model.name in self.broken_models:
            raise ModelError(self.broken_models[model.name])
        return model.name

    def app(self, start_question: str | None = None, **overrides: Any) -> VoiceInterviewApp:
        def save(settings: Settings) -> Path:
            self.saved.append(settings)
            return self.tmp / "config" / "settings.toml"

        parts: dict[str, Any] = dict(
            settings=self.settings,
            bank=bank(),
            recorder_factory=self.recorders,
            speaker=self.speaker,
            scorer=self.scorer,
            history=self.history,
            start_question=start_question,
            player=self.player,
            data_dir=self.data_dir,
            devices=lambda: list(self.devices),
            output_devices=lambda: list(self.outputs),
            recover=lambda folder: list(self.recovered),
            save_settings=save,
            check_model=self.check_model,
            list_models=lambda: list(self.models),
        )
        parts.update(overrides)
        return make_app(**parts)


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Kit:
    # Settings read the environment and the config folder: point both somewhere empty.
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path / "home"))
    for name in list(os.environ):
        if name.startswith("VOICE_INTERVIEW_") and name != "VOICE_INTERVIEW_HOME":
            monkeypatch.delenv(name)
    return Kit(tmp=tmp_path, settings=Settings())


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], tries: int = 200) -> None:
    """Let the app run until `condition` holds (worker results arrive as messages)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


async def wait_for_screen(pilot: Pilot[Any], kind: type[ScreenT]) -> ScreenT:
    """Wait until the top screen is a `kind` and has mounted its widgets; return it."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, kind))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen
