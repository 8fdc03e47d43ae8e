"""Test data for the app: three questions (one phased) and a complete hand-built report.

Everything is fixed (times, words, figures), so snapshots and assertions can rely on it.
"""

from __future__ import annotations

import wave
from datetime import UTC, datetime
from pathlib import Path

from voice_interview.core.questions import QuestionBank
from voice_interview.models.question import (
    CueSignal,
    GenericSignal,
    InterviewerTurn,
    Phase,
    Question,
)
from voice_interview.models.report import (
    AudioInfo,
    CountReport,
    Delivery,
    Evidence,
    FillerItem,
    FillerKind,
    FillerReport,
    PaceReport,
    PaceStretch,
    PaceWindow,
    Pause,
    PauseReport,
    Report,
    Rubric,
    RubricVerdict,
    SignalResult,
    Timing,
    TranscriptInfo,
)
from voice_interview.models.transcript import Word

FIXED_TIME = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def questions() -> list[Question]:
    story = Question(
        id="amazon-ownership-drop",
        title="Offline gain, online loss",
        prompt="Tell me about a model that looked better offline but did worse once it was live. "
        "What did you do?",
        company="Amazon",
        competency="Ownership",
        probing="Whether you chased the cause yourself and fixed the process, not just the model.",
        target_min_s=300,
        target_max_s=420,
        generic_signals=[GenericSignal(id="ownership"), GenericSignal(id="quantified_result")],
        signals=[
            CueSignal(
                id="root_cause",
                label="Names the root cause",
                any_of=["root cause", "because"],
                advice="Say what actually caused the drop, in one sentence.",
            )
        ],
    )
    fast = Question(
        id="meta-move-fast",
        title="Shipped without all the data",
        prompt="Tell me about a time you shipped before you had every answer.",
        company="Meta",
        competency="Move Fast",
        probing="How you bounded the risk of moving early.",
        target_min_s=120,
        target_max_s=180,
        generic_signals=[GenericSignal(id="specific_story")],
    )
    phased = Question(
        id="model-eval-loop",
        title="Evaluate a ranking model",
        prompt="You own evaluation for a new ranking model. Walk me through how you would decide "
        "whether it ships.",
        company="Any",
        competency="Model evaluation",
        kind="technical",
        probing="Whether your offline and online evaluation connect to the business goal.",
        target_min_s=1500,
        target_max_s=1800,
        phases=[
            Phase(id="frame", title="Frame the goal", start_min=0, end_min=5),
            Phase(id="offline", title="Offline metrics", start_min=5, end_min=15),
            Phase(id="online", title="Online test", start_min=15, end_min=25),
            Phase(id="wrap", title="Decision", start_min=25, end_min=30),
        ],
        turns=[
            InterviewerTurn(title="Goal", prompt="What is the model for?", phase="frame"),
            InterviewerTurn(title="Offline", prompt="Which offline metrics?", phase="offline"),
        ],
        signals=[
            CueSignal(
                id="goal",
                label="States the business goal",
                any_of=["goal"],
                advice="Start from the goal.",
                phase="frame",
            ),
            CueSignal(
                id="users",
                label="Names who is affected",
                any_of=["users"],
                advice="Say who the users are.",
                phase="frame",
            ),
            CueSignal(
                id="metrics",
                label="Chooses offline metrics",
                any_of=["ndcg", "recall"],
                advice="Name the metrics.",
                phase="offline",
            ),
            CueSignal(
                id="ab",
                label="Designs the A/B test",
                any_of=["a/b"],
                advice="Describe the online test.",
                phase="online",
            ),
        ],
    )
    return [story, fast, phased]


def bank() -> QuestionBank:
    return QuestionBank(questions())


_SCRIPT = (
    "So um last year I owned the ranking model for search. Offline it gained four percent in "
    "recall, but online the click rate fell. Uh I checked the logs myself. The root cause was "
    "that training used features computed after the click, you know, so they leaked. I rebuilt "
    "the pipeline and like added a check that fails the build on leaked features. Clicks came "
    "back and rose two percent."
).split()


def _words(duration_s: float = 312.0) -> list[Word]:
    step = (duration_s - 4.0) / len(_SCRIPT)
    words = []
    for i, text in enumerate(_SCRIPT):
        start = 2.0 + i * step
        if i >= 20:
            start += 3.0  # a long pause before the twenty-first word
        words.append(Word(text=text, start=round(start, 2), end=round(start + 0.4, 2)))
    return words


def make_report(
    question: Question,
    *,
    score: int = 72,
    audio_path: Path | None = None,
    created_at: datetime = FIXED_TIME,
    duration_s: float = 312.0,
    wpm: float = 138.0,
    fillers_per_min: float = 1.2,
) -> Report:
    """A complete report, built by hand so its numbers are known and stable."""
    words = _words(duration_s)

    def at(token: str) -> Word:
        return next(w for w in words if w.text.lower().strip(",.") == token)

    kinds: list[tuple[Word, FillerKind]] = [
        (at("um"), "filled_pause"),
        (at("uh"), "filled_pause"),
        (at("like"), "discourse"),
    ]
    fillers = [
        FillerItem(text=w.text.strip(",."), start=w.start, end=w.end, kind=kind)
        for w, kind in kinds
    ]
    know = next(i for i, w in enumerate(words) if w.text == "know,")
    fillers.append(
        FillerItem(
            text="you know", start=words[know - 1].start, end=words[know].end, kind="discourse"
        )
    )
    cause = next(i for i, w in enumerate(words) if w.text == "root")
    signals = [
        SignalResult(
            id="ownership",
            label="Shows ownership",
            met=True,
            strength=0.9,
            evidence=[
                Evidence(
                    text="I checked the logs myself.", start=words[21].start, end=words[25].end
                )
            ],
            detail="First-person actions found.",
        ),
        SignalResult(
            id="root_cause",
            label="Names the root cause",
            met=True,
            strength=1.0,
            evidence=[
                Evidence(
                    text=" ".join(w.text for w in words[cause - 1 : cause + 6]),
                    start=words[cause - 1].start,
                    end=words[cause + 5].end,
                )
            ],
        ),
        SignalResult(
            id="quantified_result",
            label="Quantifies the result",
            met=False,
            strength=0.3,
            advice="End with the number that moved, and against what baseline.",
            detail="A number appears, but not tied to the outcome.",
        ),
    ]
    timeline = [
        PaceWindow(
            start=s, end=s + 20, wpm=wpm + (12 if 100 <= s < 140 else 0) - (s % 40) / 4, band="good"
        )
        for s in range(0, int(duration_s) - 20, 20)
    ]
    long_pause = Pause(
        start=words[19].end or 0.0,
        end=words[20].start or 0.0,
        duration_s=3.2,
        mid_sentence=True,
        long=True,
        before_word=words[19].text,
        after_word=words[20].text,
    )
    delivery = Delivery(
        word_count=len(words),
        wpm=wpm,
        wpm_overall=wpm - 6,
        articulation_wpm=wpm + 20,
        pace_band="good",
        pace=PaceReport(
            window_s=20,
            step_s=20,
            timeline=timeline,
            stretches=[PaceStretch(start=100, end=140, kind="rushing", mean_wpm=186)],
        ),
        fillers=FillerReport(
            count=len(fillers),
            per_minute=fillers_per_min,
            per_100_words=round(100 * len(fillers) / len(words), 1),
            filled_pause_count=2,
            discourse_count=2,
            by_word={"um": 1, "uh": 1, "like": 1, "you know": 1},
            band="good",
            lower_bound=True,
            items=fillers,
        ),
        repeated_words=CountReport(count=0, per_100_words=0.0),
        hedges=CountReport(count=1, per_100_words=1.4),
        pauses=PauseReport(
            min_pause_s=0.25,
            long_pause_s=1.0,
            count=5,
            long_count=1,
            mid_sentence_long_count=1,
            items=[long_pause],
        ),
    )
    verdict: RubricVerdict = (
        "raises_the_bar" if score >= 80 else ("meets" if score >= 55 else "below_the_bar")
    )
    path = str(audio_path) if audio_path else "answer.wav"
    return Report(
        question_id=question.id,
        question_title=question.title,
        created_at=created_at,
        source=path,
        audio=AudioInfo(path=path, duration_s=duration_s, sample_rate=16000, channels=1),
        transcript=TranscriptInfo(
            text=" ".join(w.text for w in words), words=words, model="tiny.en"
        ),
        timing=Timing(
            answer_s=duration_s,
            target_min_s=question.target_min_s,
            target_max_s=question.target_max_s,
            verdict="on_target",
            time_to_first_word_s=2.0,
            speaking_span_s=duration_s - 3,
        ),
        delivery=delivery,
        rubric=Rubric(score=score, verdict=verdict, signals=signals),
        notes=["Fillers counted from the transcript only, so the real count is likely higher."],
    )


def write_wav(path: Path, seconds: float = 1.0, rate: int = 16000) -> None:
    """A silent 16-bit mono WAV, as the recorder would leave."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\0\0" * int(seconds * rate))
