"""A round on recorded answers: each answer, in order, answers the turn the interviewer asks.

Recordings are transcribed and scored by the pipeline, typed answers (`.txt`) scored as text;
the round's clock moves by the interviewer's turn, read at the round's interviewer_wpm, and by
the answer's own length (a typed answer's words at typed_wpm). One model load serves the round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voice_interview.core.rounds import evidence
from voice_interview.core.rounds.engine import RoundEngine
from voice_interview.errors import InputError, ModelError, VoiceInterviewError
from voice_interview.models.question import Question
from voice_interview.models.report import Report
from voice_interview.models.round import Round
from voice_interview.models.round_state import RoundState, Turn
from voice_interview.settings import Settings

TEXT_SUFFIXES = (".txt", ".md")
"""Answers with these suffixes are typed transcripts; anything else is a recording."""

TurnFn = Callable[[Turn, RoundState], None]
AnswerFn = Callable[[Turn, Path, Report | None, str | None], None]


@dataclass
class RecordedRound:
    state: RoundState
    unused: list[Path] = field(default_factory=list)
    """Answers left over when the round had finished."""
    failures: list[tuple[Path, str]] = field(default_factory=list)
    """Answers that could not be scored; their turns count as skipped."""


def check_answers(files: Sequence[Path]) -> None:
    """Every answer exists and is a file, before anything slow starts."""
    if not files:
        raise InputError("give the recorded answers in order: --answers FILE [FILE ...]")
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such answer file (check the path)")


def turn_seconds(turn: Turn, round_: Round) -> float:
    """How long the interviewer takes to say the turn."""
    return len(turn.spoken.split()) / round_.interviewer_wpm * 60


def answer_seconds(report: Report, round_: Round) -> float:
    """The answer's length: the recording's, or a typed answer's words at typed_wpm."""
    spoken = evidence.duration_s(report)
    if spoken is not None:
        return spoken
    return len(evidence.words(report)) / round_.typed_wpm * 60


def run_recorded(
    engine: RoundEngine,
    files: Sequence[Path],
    settings: Settings,
    *,
    seed: int | None = None,
    on_turn: TurnFn | None = None,
    on_answer: AnswerFn | None = None,
) -> RecordedRound:
    """Play the round with `files` as the answers; the round ends early if they run out."""
    check_answers(files)
    state = engine.begin(seed)
    scorer = _Scorer(settings)
    result = RecordedRound(state)
    queue = list(files)
    while state.pending is not None and queue:
        turn = state.pending
        if on_turn is not None:
            on_turn(turn, state)
        path = queue.pop(0)
        asked_until = turn.asked_s + turn_seconds(turn, engine.round)
        try:
            report = scorer(path, engine.questions[turn.question_id])
        except ModelError:
            raise  # every answer would fail the same way
        except VoiceInterviewError as exc:
            result.failures.append((path, str(exc)))
            if on_answer is not None:
                on_answer(turn, path, None, str(exc))
            state = engine.skip(state, asked_until)
            continue
        if on_answer is not None:
            on_answer(turn, path, report, None)
        ended = asked_until + answer_seconds(report, engine.round)
        state = engine.answer(state, report, ended)
        state = _name_audio(state, path)
    if state.pending is not None:
        if on_turn is not None:
            on_turn(state.pending, state)
        state = engine.end(state)
    result.state = state
    result.unused = queue
    return result


def _name_audio(state: RoundState, path: Path) -> RoundState:
    """Record which file answered the last turn."""
    last = state.answers[-1].model_copy(update={"audio": str(path)})
    return state.model_copy(update={"answers": [*state.answers[:-1], last]})


class _Scorer:
    """Scores answers with one transcriber, made when the first recording needs it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._transcriber: Any = None

    def __call__(self, path: Path, question: Question) -> Report:
        from voice_interview.pipeline import score_audio, score_text

        if path.suffix.lower() in TEXT_SUFFIXES:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise InputError(f"{path}: not UTF-8 text; save the answer as plain text") from None
            if not text.strip():
                raise InputError(f"{path}: the typed answer is empty")
            return score_text(text, question, settings=self.settings, source=str(path))
        if self._transcriber is None:
            from voice_interview.speech.transcriber import WhisperTranscriber, parallel_workers

            model = self.settings.model
            self._transcriber = WhisperTranscriber(model, workers=parallel_workers(model))
        report = score_audio(path, question, settings=self.settings, transcriber=self._transcriber)
        if report.transcript.no_speech:
            raise InputError(f"{path}: no speech detected (check the recording's volume)")
        return report
