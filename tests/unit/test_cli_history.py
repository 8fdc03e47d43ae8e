"""`voice-interview history`: attempts grouped by question with their progress, and comparisons.

The real command's code on a real SQLite history in a temporary data directory, filled with
reports that the real scorer made from typed answers (no model needed).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.sample_answers import ANSWERS
from voice_interview.cli import main
from voice_interview.core.questions import load_bank
from voice_interview.history import HistoryStore
from voice_interview.models.report import AudioInfo, Report, SignalResult
from voice_interview.models.transcript import Transcribed, Transcript, Word
from voice_interview.pipeline import report_for_recording, score_text
from voice_interview.settings import data_dir, load_settings

OWNERSHIP = "amazon-mle-ownership-offline-online"
FAST = "meta-mle-move-fast-ambiguity"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HistoryStore:
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path / "home"))
    return HistoryStore(data_dir())


def keep(store: HistoryStore, question_id: str, kind: str, days: int) -> int:
    """Score the sample's typed `kind` answer to the question and keep it, `days` after T0."""
    question = load_bank(None).get(question_id)
    text = (ANSWERS / f"{question_id}--{kind}.txt").read_text(encoding="utf-8")
    report = score_text(text, question, settings=load_settings())
    return store.add(question_id, T0 + timedelta(days=days), report).id


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["history", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_empty_history_says_how_to_fill_it(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert "No attempts yet" in out and "score FILE --keep" in out


def test_attempts_are_grouped_by_question_with_the_progress(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = keep(store, OWNERSHIP, "weak", 0)
    fast = keep(store, FAST, "strong", 1)
    strong = keep(store, OWNERSHIP, "strong", 2)
    code, out, _ = run(capsys)
    assert code == 0
    lines = out.splitlines()
    # The question answered last comes last; inside a question, oldest first.
    assert lines.index(next(x for x in lines if x.startswith(FAST))) < lines.index(
        next(x for x in lines if x.startswith(OWNERSHIP))
    )
    ownership = out[out.index(OWNERSHIP) :]
    assert ownership.index(f"\n   {weak}  ") < ownership.index(f"\n   {strong}  ")
    scores = {a.id: a.score for a in store.list()}
    assert scores[strong] > scores[weak]
    best = max(scores[weak], scores[strong])
    assert f"2 attempts: score {scores[weak]} → {scores[strong]}, best {best}" in out
    # A question with one attempt has no progress line.
    assert out.count("attempts: score") == 1
    assert str(scores[fast]) in out[out.index(FAST) : out.index(OWNERSHIP)]
    assert "Offline win, online drop" in out  # the question's title from the bank


def test_one_question_and_its_json(store: HistoryStore, capsys: pytest.CaptureFixture[str]) -> None:
    keep(store, OWNERSHIP, "weak", 0)
    fast = keep(store, FAST, "weak", 1)
    code, out, _ = run(capsys, "--question", FAST)
    assert code == 0 and FAST in out and OWNERSHIP not in out
    code, out, _ = run(capsys, "--question", FAST, "--json")
    assert code == 0
    assert [a["id"] for a in json.loads(out)] == [fast]


def test_a_question_without_attempts_and_an_unknown_one(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    keep(store, OWNERSHIP, "weak", 0)
    code, out, _ = run(capsys, "--question", FAST)
    assert code == 0 and f"No attempts at {FAST} yet" in out
    code, out, err = run(capsys, "--question", "amazn-mle-ownership")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "unknown question id" in err and OWNERSHIP in err  # the nearest id is suggested


def test_compare_two_attempts_side_by_side(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = keep(store, OWNERSHIP, "weak", 0)
    strong = keep(store, OWNERSHIP, "strong", 1)
    # Given the later one first, still shown with the one recorded earlier on the left.
    code, out, _ = run(capsys, "--compare", str(strong), str(weak))
    assert code == 0
    header = out.splitlines()[1]
    assert header.index(f"Attempt {weak}") < header.index(f"Attempt {strong}")
    assert "Earlier" not in out and "Later" not in out
    a, b = store.get(weak), store.get(strong)
    score_line = next(line for line in out.splitlines() if "Score" in line)
    assert score_line.index(str(a.score)) < score_line.index(str(b.score))
    assert f"+{b.score - a.score} better" in score_line
    for signal in b.report.rubric.signals:
        row = next(line for line in out.splitlines() if signal.label[:30] in line)
        assert ("✓ met" if signal.met else "✗ missing") in row.split("│")[-2]
    assert "different questions" not in out


def test_compare_attempts_at_different_questions_says_so(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    one = keep(store, OWNERSHIP, "strong", 0)
    other = keep(store, FAST, "strong", 1)
    code, out, _ = run(capsys, "--compare", str(one), str(other))
    assert code == 0 and "different questions" in out


def test_show_prints_a_kept_report_again(
    store: HistoryStore, capsys: pytest.CaptureFixture[str]
) -> None:
    keep(store, OWNERSHIP, "weak", 0)
    strong = keep(store, OWNERSHIP, "strong", 1)
    report = store.get(strong).report
    code, out, _ = run(capsys, "--show", str(strong), "--json")
    assert code == 0 and json.loads(out) == json.loads(report.model_dump_json())
    code, out, _ = run(capsys, "--show", str(strong))
    assert code == 0
    assert f"score {report.rubric.score}/100" in out and "Scorecard" in out
    # The label wraps in the narrow signal column: every word of it is shown.
    assert all(word in out for word in report.rubric.signals[0].label.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--compare", "1", "9"],
            "no attempt 9 in the history (list them with 'voice-interview history')",
        ),
        (["--compare", "1", "1"], "two different attempts"),
        (["--compare", "1", "x"], "not an attempt id"),
        (["--compare", "1", "2", "--json"], "without --json"),
        (["--show", "9"], "no attempt 9 in the history (list them with 'voice-interview history')"),
        (["--show", "1", "--original"], "never corrected"),
        (["--original"], "goes with --show"),
        (["--rescore", "1", "--edit", "2"], "one of --rescore, --edit at a time"),
        (["--rescore", "1"], "no recording to score again"),
        (["--show", "1", "--question", OWNERSHIP], "without --question"),
    ],
)
def test_bad_comparisons_get_one_line(
    store: HistoryStore, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    keep(store, OWNERSHIP, "weak", 0)
    keep(store, OWNERSHIP, "strong", 1)
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


# Correcting a transcript -------------------------------------------------------------------------


def spoken(text: str, question_id: str, audio_path: Path) -> Report:
    """The answer as if transcribed from a recording: each word 0.3 s, 0.1 s apart."""
    question = load_bank(None).get(question_id)
    words = [
        Word(text=t, start=round(i * 0.4, 3), end=round(i * 0.4 + 0.3, 3), probability=0.8)
        for i, t in enumerate(text.split())
    ]
    duration = len(words) * 0.4 + 1.0
    info = AudioInfo(path=str(audio_path), duration_s=duration, sample_rate=16000, channels=1)
    transcript = Transcript(text=" ".join(w.text for w in words), words=words, model="test")
    transcribed = Transcribed(transcript, [], [], "transcript")
    return report_for_recording(info, transcribed, question, settings=load_settings())


def signal(report: Report, signal_id: str) -> SignalResult:
    return next(s for s in report.rubric.signals if s.id == signal_id)


def test_edit_corrects_a_misheard_word_and_scores_again_with_the_same_timings(
    store: HistoryStore,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    said = (ANSWERS / f"{OWNERSHIP}--strong.txt").read_text(encoding="utf-8")
    # Every mention of the mitigation misheard, as one misheard word each.
    heard = (
        said.replace("I rolled back", "I wrote back")
        .replace("or roll back", "or role back")
        .replace("the rollback", "the role-back")
    )
    assert heard.count("wrote back") == heard.count("role back") == heard.count("role-back") == 1
    first = spoken(heard, OWNERSHIP, tmp_path / "gone.wav")
    assert not signal(first, "fix_shipped").met  # the misheard word hides the mitigation
    attempt = store.add(OWNERSHIP, T0, first).id
    # The person's editor: here sed, changing the misheard word back in the file it is given.
    monkeypatch.setenv(
        "EDITOR",
        "sed -i -e s/wrote\\ back/rolled\\ back/ -e s/role\\ back/roll\\ back/"
        " -e s/role-back/rollback/",
    )
    code, out, err = run(capsys, "--edit", str(attempt))
    assert code == 0, err
    assert f"attempt {attempt} scored again from your corrected transcript" in out
    assert f"history --show {attempt} --original" in out

    fixed = store.get(attempt)
    assert fixed.corrected and signal(fixed.report, "fix_shipped").met
    assert "I rolled back to the previous model" in fixed.report.transcript.text
    # Same audio timings: every word but the corrected one keeps its time; the length stays.
    before, after = first.transcript.words, fixed.report.transcript.words
    assert len(before) == len(after)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a.text != b.text]
    assert sorted((a.text, b.text) for a, b in changed) == [
        ("role", "roll"),
        ("role-back,", "rollback,"),
        ("wrote", "rolled"),
    ]
    assert all(a.start == b.start and a.end == b.end for a, b in zip(before, after, strict=True))
    assert fixed.report.timing is not None and first.timing is not None
    assert fixed.report.timing.answer_s == first.timing.answer_s
    assert fixed.report.timing.speaking_span_s == first.timing.speaking_span_s
    assert store.original(attempt) == first

    code, out, _ = run(capsys, "--show", str(attempt), "--original", "--json")
    assert code == 0 and json.loads(out)["transcript"]["text"] == first.transcript.text
    code, out, _ = run(capsys, "--json")
    assert json.loads(out)[0]["original_report"]["transcript"]["text"] == first.transcript.text
    code, out, _ = run(capsys)
    assert f"{attempt}*" in out and "corrected" in out


def test_edit_that_changes_nothing_scores_nothing(
    store: HistoryStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = keep(store, OWNERSHIP, "weak", 0)
    monkeypatch.setenv("EDITOR", "true")
    code, out, _ = run(capsys, "--edit", str(attempt))
    assert code == 0 and "unchanged, nothing scored again" in out
    assert not store.get(attempt).corrected


def test_an_editor_that_fails_changes_nothing(
    store: HistoryStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt = keep(store, OWNERSHIP, "weak", 0)
    for editor, message in (
        ("false", "exited with status 1"),
        ("no-such-editor-x", "could not start"),
    ):
        monkeypatch.setenv("EDITOR", editor)
        code, out, err = run(capsys, "--edit", str(attempt))
        assert code == 2 and out == "" and message in err
        assert len(err.strip().splitlines()) == 1
    assert not store.get(attempt).corrected


def test_attempts_not_scored_are_listed_with_how_to_score_them(
    store: HistoryStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    scored_id = keep(store, OWNERSHIP, "weak", 0)
    recording = tmp_path / "take.wav"
    recording.write_bytes(b"RIFF")
    waiting = store.add_unscored(OWNERSHIP, T0 + timedelta(days=1), recording, "scoring cancelled")
    code, out, _ = run(capsys)
    assert code == 0
    lines = out.splitlines()
    row = next(line for line in lines if line.strip().startswith(f"{waiting.id} "))
    assert "not scored" in row
    assert lines.index(row) > lines.index(
        next(line for line in lines if line.strip().startswith(f"{scored_id} "))
    )  # oldest first, as everywhere
    assert f"voice-interview history --rescore {waiting.id}" in out
    code, out, err = run(capsys, "--show", str(waiting.id))
    assert code == 2 and f"history --rescore {waiting.id}" in err
