"""Settings: input and output devices (saved by stable names), voice and rate, transcription model.

Devices, voices and models are listed in thread workers, since asking PortAudio, the TTS engine or
the model cache can take a moment or fail; a failure is shown beside the field and the rest of the
form still works. The model offered are those on this machine (the bundled one, those in the local
Hugging Face cache, or a folder typed in), and a model is checked (found and loaded) before the
settings are saved, so that a model that cannot work is never saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from voice_interview.errors import VoiceInterviewError
from voice_interview.settings import (
    AudioSettings,
    ModelSettings,
    Settings,
    TTSSettings,
    setting_problem,
)
from voice_interview.speech.model_choices import ModelChoice
from voice_interview.tui.screens.base import AppScreen, title_bar


def voice_choices(voices: Sequence[Any]) -> list[tuple[str, str]]:
    """(label, value) for each voice the engine offers: objects with id/name, or plain strings."""
    choices: list[tuple[str, str]] = []
    for voice in voices:
        if isinstance(voice, str):
            choices.append((voice, voice))
            continue
        value = str(getattr(voice, "id", None) or getattr(voice, "name", voice))
        label = str(getattr(voice, "name", None) or value)
        choices.append((label, value))
    return choices


def with_saved(choices: list[tuple[str, str]], saved: str | None) -> list[tuple[str, str]]:
    """The choices, plus the saved one marked as missing when it is not offered today."""
    if saved and saved not in [value for _, value in choices]:
        return [*choices, (f"{saved} (not available now)", saved)]
    return choices


FOLDER = "\x00folder"
"""The model choice that reveals the folder field."""


def model_choices(found: Sequence[ModelChoice], saved: str) -> list[tuple[str, str]]:
    """(label, value) for the model list: the models found, the saved one if it is not among
    them (marked), and a last entry to give a folder."""
    choices = [(c.label, c.value) for c in found]
    if saved and saved not in [c.value for c in found]:
        choices.append((f"{saved} (saved, but not found on this machine)", saved))
    choices.append(("A model folder on this machine…", FOLDER))
    return choices


def device_listing(kind: str, lister: Callable[[], Sequence[str]] | None) -> tuple[list[str], str]:
    """The device names of `kind` ("input" or "output") and a note to show beside the field."""
    if lister is None:
        return [], "Device listing is not available."
    try:
        names = list(lister())
    except (VoiceInterviewError, OSError) as exc:
        return [], str(exc)
    return names, "" if names else f"No {kind} devices found; the system default will be tried."


class SettingsScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._device = Select[str]([], prompt="System default", id="device", allow_blank=True)
        self._device_note = Static("Listing input devices…", id="device-note", classes="note")
        self._output = Select[str]([], prompt="System default", id="output", allow_blank=True)
        self._output_note = Static("Listing output devices…", id="output-note", classes="note")
        self._tts_on = Switch(id="tts-enabled")
        self._voice = Select[str]([], prompt="Engine default", id="voice", allow_blank=True)
        self._voice_note = Static("", id="voice-note", classes="note")
        self._rate = Input(id="rate", type="integer")
        # Filled on mount; a Select that cannot be blank needs one option from the start.
        self._model = Select[str](model_choices([], ""), id="model", allow_blank=False)
        self._folder = Input(id="model-folder", placeholder="/path/to/a/CTranslate2/whisper/model")
        self._model_note = Static("Listing the models on this machine…", id="model-note")
        self._error = Static("", id="settings-error")
        self.checking = False
        """True while a model is being checked before saving."""
        self._models_shown = False

    def compose(self) -> ComposeResult:
        yield title_bar("Settings")
        with VerticalScroll(id="settings-form"):
            yield Label("Input device (saved by name, so it survives a replug)")
            yield self._device
            yield self._device_note
            yield Label("Output device (the question read aloud, playback of your answer)")
            yield self._output
            yield self._output_note
            with Horizontal(classes="row"):
                yield Label("Speak the question aloud ")
                yield self._tts_on
            yield Label("Voice")
            yield self._voice
            yield self._voice_note
            yield Label("Speaking rate (words per minute, 60-400)")
            yield self._rate
            yield Label("Transcription model (only models on this machine: nothing is downloaded)")
            yield self._model
            yield self._folder
            yield self._model_note
            yield self._error
            with Horizontal(classes="row"):
                yield Button("Save (Ctrl+S)", id="save", variant="primary")
                yield Button("Back (Esc)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        s = self.vi_app.settings
        self._tts_on.value = s.tts.enabled
        self._rate.value = str(s.tts.rate)
        self._show_models([], "")
        self._folder.display = False
        for select, saved in (
            (self._device, s.audio.input_device),
            (self._output, s.audio.output_device),
        ):
            select.set_options(with_saved([], saved))
            if saved:
                select.value = saved
        self._voice.set_options(with_saved([], s.tts.voice))
        if s.tts.voice:
            self._voice.value = s.tts.voice
        self._device.focus()
        self._list_devices()
        self._list_voices()
        self._list_models()

    @work(thread=True, exit_on_error=False, group="models")
    def _list_models(self) -> None:
        lister = self.vi_app.services.list_models
        try:
            found = list(lister()) if lister is not None else []
            note = "" if lister is not None else "Model listing is not available."
        except Exception as exc:  # noqa: BLE001 - a broken cache must not break the form
            found, note = [], f"Could not list the models: {exc}"
        if lister is not None and not note:
            count = f"{len(found)} model{'s' if len(found) != 1 else ''} found"
            note = (
                f"{count} (the bundled one and the local Hugging Face cache). To add one, "
                "download it into that cache yourself, or choose its folder."
            )
        self.app.call_from_thread(self._show_models, found, note)

    def _show_models(self, found: Sequence[ModelChoice], note: str) -> None:
        saved = self.vi_app.settings.model.name
        choices = model_choices(found, saved)
        values = [value for _, value in choices]
        # Keep what the person chose while the list was loading; the first fill shows the saved.
        current = self._model.value if self._models_shown else None
        chosen = current if isinstance(current, str) and current in values else saved
        self._model.set_options(choices)
        self._model.value = chosen
        self._models_shown = True
        self._folder.display = chosen == FOLDER
        if note:
            self._model_note.update(note)

    @on(Select.Changed, "#model")
    def _model_changed(self) -> None:
        # Read the value now: a Changed from filling the list can arrive after a later fill.
        folder = self._model.value == FOLDER
        self._folder.display = folder
        if folder and self._model.has_focus:
            self._folder.focus()

    @work(thread=True, exit_on_error=False, group="devices")
    def _list_devices(self) -> None:
        services = self.vi_app.services
        for kind, lister in (("input", services.devices), ("output", services.output_devices)):
            names, note = device_listing(kind, lister)
            self.app.call_from_thread(self._show_devices, kind, names, note)

    def _show_devices(self, kind: str, names: list[str], note: str) -> None:
        audio = self.vi_app.settings.audio
        if kind == "input":
            select, shown, saved = self._device, self._device_note, audio.input_device
        else:
            select, shown, saved = self._output, self._output_note, audio.output_device
        current = select.value
        select.set_options(with_saved([(n, n) for n in names], saved))
        if isinstance(current, str):
            select.value = current
        shown.update(note)

    @work(thread=True, exit_on_error=False, group="voices")
    def _list_voices(self) -> None:
        speaker = self.vi_app.services.speaker
        try:
            choices = voice_choices(speaker.voices()) if speaker.available else []
            note = "" if choices else "Text-to-speech is not available (install espeak-ng)."
        except Exception as exc:  # noqa: BLE001 - a broken TTS engine must not break the form
            choices, note = [], f"Could not list voices: {exc}"
        self.app.call_from_thread(self._show_voices, choices, note)

    def _show_voices(self, choices: list[tuple[str, str]], note: str) -> None:
        current = self._voice.value
        self._voice.set_options(with_saved(choices, self.vi_app.settings.tts.voice))
        if isinstance(current, str):
            self._voice.value = current
        self._voice_note.update(note)

    def _chosen(self, select: Select[str]) -> str | None:
        # The blank choice (Select.NULL) means "use the system's or the engine's default".
        value = select.value
        return value if isinstance(value, str) else None

    def build(self) -> Settings:
        """The settings from the form; raises ValueError with a readable message when invalid."""
        s = self.vi_app.settings
        try:
            rate = int(self._rate.value)
        except ValueError:
            raise ValueError("Speaking rate must be a whole number of words per minute") from None
        try:
            tts = TTSSettings.model_validate(
                {
                    **s.tts.model_dump(),
                    "enabled": self._tts_on.value,
                    "voice": self._chosen(self._voice),
                    "rate": rate,
                }
            )
            audio = AudioSettings.model_validate(
                {
                    **s.audio.model_dump(),
                    "input_device": self._chosen(self._device),
                    "output_device": self._chosen(self._output),
                }
            )
            model = ModelSettings.model_validate(
                {**s.model.model_dump(), "name": self._model_name()}
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            # The field's place in its section: these models are sections of the settings.
            section = {"TTSSettings": "tts", "AudioSettings": "audio", "ModelSettings": "model"}
            where = (section.get(exc.title, ""), *first["loc"])
            raise ValueError(setting_problem({**first, "loc": where}) + ".") from None
        return s.model_copy(update={"tts": tts, "audio": audio, "model": model})

    def _model_name(self) -> str:
        value = self._model.value
        if value == FOLDER:
            folder = self._folder.value.strip()
            if not folder:
                raise ValueError("Type the folder of the model to use, or choose a model above.")
            return folder
        return value if isinstance(value, str) else "bundled"

    def action_save(self) -> None:
        if self.checking:
            return
        try:
            new = self.build()
        except ValueError as exc:
            self._error.update(str(exc))
            return
        # The model is checked before anything is saved: a model that cannot work is refused
        # here, in the form, not found out after an answer.
        self.checking = True
        self._error.update("Checking the transcription model…")

        def ready() -> None:
            self.checking = False
            self._save(new)

        def failed(problem: str) -> None:
            self.checking = False
            self._error.update(
                f"Not saved: this transcription model cannot be used: {problem}. Choose "
                "another model."
            )

        self.vi_app.ensure_model(new.model, ready, failed)

    def _save(self, new: Settings) -> None:
        if not self.is_attached:
            return
        from voice_interview.settings import save_settings

        save = self.vi_app.services.save_settings or save_settings
        try:
            path = save(new)
        except (OSError, VoiceInterviewError) as exc:
            self._error.update(f"Could not save the settings: {exc}")
            return
        self._error.update("")
        self.vi_app.apply_settings(new)
        self.notify(f"Settings saved to {path}", timeout=6)
        self.dismiss()

    def action_cancel(self) -> None:
        self.dismiss()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
