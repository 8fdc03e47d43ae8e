"""The project's labelled answers (tests/data/rubric) scored as scripts/eval_rubric.py scores them:
every expected signal and red flag, every strong answer above the weak ones of its group, and
every verdict agreeing with its label."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "rubric"


def _eval_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_rubric", ROOT / "scripts/eval_rubric.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_rubric"] = module
    spec.loader.exec_module(module)
    return module


EVAL = _eval_module()
ANSWERS = EVAL.read_toml_folder(DATA)


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, Any]]:
    from voice_interview.core.questions import load_bank
    from voice_interview.settings import Settings

    settings, bank = Settings(), load_bank(None)
    return {a.id: EVAL.score_one(a, settings, bank) for a in ANSWERS}


def test_the_set_covers_what_the_rubric_must_tell_apart() -> None:
    groups = {a.group for a in ANSWERS}
    assert {"conflict", "hiring", "customer", "cost", "offline-online"} <= groups
    assert any("buzzwords" in a.id for a in ANSWERS)
    assert all(a.label in ("strong", "weak") for a in ANSWERS)


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: a.id)
def test_expected_signals_and_red_flags(answer: Any, rows: dict[str, dict[str, Any]]) -> None:
    row = rows[answer.id]
    assert row["signals_wrong"] == [], row
    assert row["red_flags_wrong"] == [], row
    assert row["agrees"], row


def test_strong_answers_outscore_weak_ones_of_their_group(
    rows: dict[str, dict[str, Any]],
) -> None:
    summary = EVAL.summarise(DATA, list(rows.values()), min_words=0)
    assert summary["pairs"] >= 10
    assert summary["pair_failures"] == []


@pytest.mark.parametrize("answer", [a for a in ANSWERS if "buzzwords" in a.id], ids=lambda a: a.id)
def test_buzzword_answers_earn_no_substance(answer: Any, rows: dict[str, dict[str, Any]]) -> None:
    met = set(rows[answer.id]["met"])
    assert not met & {"mechanism", "root_cause", "monitoring_before"}
    assert rows[answer.id]["verdict"] == "below_the_bar"


def test_plain_spoken_answers_earn_the_substance_signals(
    rows: dict[str, dict[str, Any]],
) -> None:
    for answer_id in ("incident-plain-strong", "process-plain-strong"):
        met = set(rows[answer_id]["met"])
        assert {"mechanism", "root_cause"} <= met, answer_id
    assert "monitoring_before" in rows["incident-plain-strong"]["met"]


def test_eval_reads_an_index_folder(tmp_path: Path) -> None:
    (tmp_path / "INDEX.md").write_text(
        "| file | question | topic | polarity | words | source | same question |\n"
        "|---|---|---|---|---|---|---|\n"
        "| `a_strong.txt` | q | t | strong | 20 | s | `b_weak.txt` |\n"
        "| `b_weak.txt` | q | t | weak | 5 | s | `a_strong.txt` |\n",
        encoding="utf-8",
    )
    (tmp_path / "a_strong.txt").write_text(
        "=== HEADER ===\nSOURCE: x\n=== ANSWER (verbatim) ===\nLast May I found the stale cache "
        "and rolled it back within an hour; errors fell from 9% to 1%.\n",
        encoding="utf-8",
    )
    (tmp_path / "b_weak.txt").write_text(
        "=== ANSWER (verbatim) ===\nWe fixed things.\n", encoding="utf-8"
    )
    answers = EVAL.read_index_folder(tmp_path, "star-story")
    assert [(a.id, a.label, a.group) for a in answers] == [
        ("a_strong", "strong", "a_strong"),
        ("b_weak", "weak", "a_strong"),
    ]
    assert answers[0].text.startswith("Last May I found")
