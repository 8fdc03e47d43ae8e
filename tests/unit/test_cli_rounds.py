"""`voice-interview rounds` and `voice-interview round ID --answers` on typed answers (no model).

The command's own code runs in-process, in the private home every test gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice_interview.cli import main

STORY = (
    "I owned the delivery date model and I had an alarm on late orders. Two days after a retrain "
    "the alarm fired and late orders went up about four percent. I found the root cause: one "
    "carrier stopped sending tracking events."
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def typed(tmp_path: Path, *texts: str) -> list[str]:
    paths = []
    for i, text in enumerate(texts, 1):
        path = tmp_path / f"answer-{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_rounds_lists_the_built_in_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rounds")
    assert code == 0
    for round_id in ("amazon-lp-loop-60", "meta-mle-behavioural-45", "quick-drill-15"):
        assert round_id in out
    assert "mle-model-evaluation" in out
    assert "voice-interview round ID --answers" in err
    code, out, _ = run(capsys, "rounds", "--json")
    assert code == 0
    assert len(json.loads(out)) == 4


def test_rounds_id_shows_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rounds", "mle-model-evaluation-30")
    assert code == 0
    for title in ("Choosing the metrics", "Designing the split", "Monitoring and alerts"):
        assert title in out
    assert "6 in the round" in out
    code, out, _ = run(capsys, "rounds", "amazon-lp-loop-60", "--json", "--seed", "1")
    plan = json.loads(out)["plan"]
    assert plan[1]["question_id"] == "amazon-ai-lp-disagree-and-commit"


def test_an_unknown_round_is_one_line_with_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "rounds", "quick-drill")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "voice-interview: error: unknown round id 'quick-drill'; did you mean: quick-drill-15? "
        "(run 'voice-interview rounds' to list them)"
    ]


def test_a_round_on_typed_answers_prints_each_turn_then_the_debrief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = typed(tmp_path, STORY, "I don't remember.", "Nothing else.", "No.")
    code, out, err = run(capsys, "round", "quick-drill-15", "--answers", *answers, "-f", "json")
    assert code == 0, err
    debrief = json.loads(out)  # stdout is only the debrief; the conversation went to stderr
    asked = [t["asked"] for t in debrief["turns"]]
    assert len(asked) == 4
    flat = " ".join(err.split())  # the terminal wraps long lines
    positions = [flat.find(" ".join(a.split())) for a in asked]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), flat
    assert err.count("Interviewer [") == 4 and "why: Asked because" in err
    probes = [t for t in debrief["turns"] if t["kind"] == "probe"]
    assert len(probes) == 3 and all(p["why"]["explanation"] for p in probes)
    assert debrief["ending"] == "finished"
    assert debrief["fix_first"] and debrief["stories"][0]["probes"]


def test_answers_that_run_out_end_the_round_early(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "round", "quick-drill-15", "--answers", *typed(tmp_path, STORY))
    assert code == 0
    assert "the round ends early after 1 turns" in out
    assert "ended early" in out  # the debrief's headline
    assert out.count("Interviewer [") == 2  # the answered turn, and the one left waiting


def test_answers_left_over_are_named_and_the_exit_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = typed(tmp_path, STORY, *(["I don't know."] * 5))
    code, _, err = run(capsys, "round", "quick-drill-15", "--answers", *answers, "-f", "json")
    assert code == 1
    lines = [line for line in err.splitlines() if line.startswith("voice-interview:")]
    assert lines == [
        f"voice-interview: the round finished after 4 answers; 2 not used: {answers[4]} "
        f"{answers[5]}"
    ]


def test_an_answer_that_cannot_be_scored_counts_as_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = typed(tmp_path, STORY, "   ", "I don't know.", "No.")
    code, out, err = run(capsys, "round", "quick-drill-15", "--answers", *answers, "-f", "json")
    assert code == 1
    debrief = json.loads(out)
    assert debrief["turns"][1]["skipped"] is True
    assert f"voice-interview: {answers[1]}: the typed answer is empty" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--answers", "missing.wav"], "missing.wav: no such answer file (check the path)"),
        # Without answers the round opens in the app, which needs a terminal.
        ([], "round quick-drill-15 --answers FILE..."),
        (["--answers", "{a}", "--out", "/no/such/folder/d.md"], "the folder /no/such/folder"),
    ],
)
def test_bad_input_is_one_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    (answer,) = typed(tmp_path, STORY)
    args = [a.replace("{a}", answer) for a in extra]
    code, out, err = run(capsys, "round", "quick-drill-15", *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], err


def test_the_debrief_goes_to_a_file_in_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "debrief.md"
    answers = typed(tmp_path, STORY, "I don't know.")
    code, out, err = run(
        capsys,
        "round",
        "quick-drill-15",
        "--answers",
        *answers,
        "-f",
        "markdown",
        "-o",
        str(target),
    )
    assert code == 0 and out == ""
    assert f"wrote {target}" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Quick drill, 15 minutes") and "## The conversation" in text


def test_schema_of_the_debrief(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "--debrief")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "RoundDebrief"
    assert "fix_first" in schema["properties"]
