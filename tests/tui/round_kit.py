"""What the round screens' tests add to the app's fakes: the real rounds and store, a scorer
that scores typed answers with the real rubric, and a clock the test moves."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from tests.tui.conftest import Kit
from tests.tui.fakes import FakeRecorder
from voice_interview.core.questions import load_bank
from voice_interview.core.rounds.loader import load_rounds
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.transcript import Word
from voice_interview.pipeline import score_text
from voice_interview.round_history import RoundStore
from voice_interview.settings import Settings
from voice_interview.tui.ports import ProgressFn
from voice_interview.tui.round_services import RoundServices


@dataclass
class TypedScorer:
    """Scores each recorded answer as the next of `texts`, typed, with the real rubric."""

    texts: list[str] = field(default_factory=list)
    calls: list[tuple[Path, str]] = field(default_factory=list)

    def __call__(
        self,
        path: Path,
        question: Question,
        *,
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> Report:
        self.calls.append((path, question.id))
        text = self.texts.pop(0) if self.texts else "I am not sure."
        return score_text(text, question, settings=Settings(), source=str(path))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class LiveRecorder(FakeRecorder):
    """A fake recorder whose live transcript the test sets."""

    live_words: list[Word] = []


def round_services(kit: Kit) -> RoundServices:
    book = load_rounds(load_bank(None))
    return RoundServices(book, RoundStore(kit.data_dir))


def quiet(kit: Kit) -> Kit:
    """No question read aloud: the screen is ready at once."""
    kit.settings = kit.settings.model_copy(
        update={"tts": kit.settings.tts.model_copy(update={"enabled": False})}
    )
    return kit
