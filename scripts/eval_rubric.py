"""Score labelled interview answers and measure how far the scorecard agrees with their labels.

Usage:
    python scripts/eval_rubric.py DIR [DIR ...]
    python scripts/eval_rubric.py tests/data/rubric
    python scripts/eval_rubric.py ANSWERS_DIR --question star-story --min-words 50

Two folder layouts are read:

- the project's own labelled answers: `*.toml` files, each a list of `[[answer]]` tables with
  `id`, `question` (a question id of the bank), `group` (answers to the same question that are
  compared), `label` (`strong`, `weak` or `middle`), `text`, and optionally `expect_met` and
  `expect_missing` (signal ids) and `expect_red_flags` (red-flag ids that must be raised; an empty
  list means none may be);
- a folder of third-party answers with an `INDEX.md` table (columns: file, question, topic,
  polarity, words, source, same question) and one `.txt` file per answer whose answer follows a
  `=== ANSWER` line. They are scored against `--question` (the generic STAR rubric by default),
  because their questions are not in the bank.

Every answer is scored as typed text (`score --text`), so length never caps a verdict here.
Prints one JSON line per answer, then one summary line per folder:

- `pairs_correct` / `pairs`: every strong and weak answer of one group, the strong one scoring
  strictly higher (a tie counts as wrong);
- `agreement` / `judged`: answers of at least `--min-words` words whose verdict agrees with the
  label: a strong answer not below the bar, a weak one not raising it (middle answers are left out);
  `exact` counts strong answers that raise the bar and weak ones below it;
- `signals_agree` / `signals_checked`: expected met and missing signals that came out so, and
  `red_flags_agree` / `red_flags_checked` the same for expected red flags.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from voice_interview.core.questions import load_bank
from voice_interview.models.report import Rubric
from voice_interview.pipeline import score_text
from voice_interview.settings import Settings

LABELS = ("strong", "weak", "middle")
_POLARITY = {"strong": "strong", "weak": "weak", "middle": "middle"}
_ANSWER_MARK = re.compile(r"^=== ANSWER.*===\s*$", re.MULTILINE)
_FILE_CELL = re.compile(r"`([^`]+)`")


@dataclass
class Labelled:
    """One answer with its label, from either layout."""

    id: str
    question: str
    group: str
    label: str
    text: str
    expect_met: list[str] = field(default_factory=list)
    expect_missing: list[str] = field(default_factory=list)
    expect_red_flags: list[str] | None = None


def read_toml_folder(folder: Path) -> list[Labelled]:
    answers: list[Labelled] = []
    for path in sorted(folder.glob("*.toml")):
        for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("answer", []):
            if entry["label"] not in LABELS:
                raise SystemExit(f"{path}: answer {entry['id']!r}: label must be one of {LABELS}")
            answers.append(
                Labelled(
                    id=entry["id"],
                    question=entry["question"],
                    group=entry.get("group", entry["id"]),
                    label=entry["label"],
                    text=" ".join(entry["text"].split()),
                    expect_met=list(entry.get("expect_met", [])),
                    expect_missing=list(entry.get("expect_missing", [])),
                    expect_red_flags=entry.get("expect_red_flags"),
                )
            )
    return answers


def read_index_folder(folder: Path, question: str) -> list[Labelled]:
    """Answers listed in INDEX.md; answers named in each other's "same question" cell share a
    group (joined transitively)."""
    rows = _index_rows(folder / "INDEX.md")
    parent = {name: name for name in rows}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    for name, (_, others) in rows.items():
        for other in others:
            if other in parent:
                parent[root(other)] = root(name)
    answers = []
    for name, (polarity, _) in sorted(rows.items()):
        raw = (folder / name).read_text(encoding="utf-8")
        parts = _ANSWER_MARK.split(raw, maxsplit=1)
        text = parts[1] if len(parts) == 2 else raw
        answers.append(
            Labelled(
                id=name.removesuffix(".txt"),
                question=question,
                group=root(name).removesuffix(".txt"),
                label=polarity,
                text=" ".join(text.split()),
            )
        )
    return answers


def _index_rows(index: Path) -> dict[str, tuple[str, list[str]]]:
    """file name -> (polarity, files named as the same question), from the INDEX.md table."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in index.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 7 or not cells[0].startswith("`"):
            continue
        polarity = _POLARITY.get(cells[3])
        if polarity is None:
            continue
        rows[cells[0].strip("`")] = (polarity, _FILE_CELL.findall(cells[6]))
    return rows


def red_flag_ids(rubric: Rubric) -> list[str]:
    return [str(getattr(flag, "id", "red_flag")) for flag in rubric.red_flags]


def agrees(label: str, verdict: str) -> bool | None:
    if label == "strong":
        return verdict != "below_the_bar"
    if label == "weak":
        return verdict != "raises_the_bar"
    return None


def exact(label: str, verdict: str) -> bool | None:
    wanted = {"strong": "raises_the_bar", "weak": "below_the_bar"}.get(label)
    return None if wanted is None else verdict == wanted


def score_one(answer: Labelled, settings: Settings, bank: Any) -> dict[str, Any]:
    rubric = score_text(answer.text, bank.get(answer.question), settings=settings).rubric
    met = {s.id for s in rubric.signals if s.met}
    scored = {s.id for s in rubric.signals}
    flags = red_flag_ids(rubric)
    wrong = [f"{s} not met" for s in answer.expect_met if s in scored and s not in met]
    wrong += [f"{s} met" for s in answer.expect_missing if s in met]
    checked = sum(1 for s in answer.expect_met + answer.expect_missing if s in scored)
    flag_checks, flag_wrong = 0, []
    if answer.expect_red_flags is not None:
        if answer.expect_red_flags:
            flag_checks = len(answer.expect_red_flags)
            flag_wrong = [f"no {f}" for f in answer.expect_red_flags if f not in flags]
        else:
            flag_checks, flag_wrong = 1, [f"raised {f}" for f in flags][:1]
    return {
        "id": answer.id,
        "group": answer.group,
        "question": answer.question,
        "label": answer.label,
        "words": len(answer.text.split()),
        "score": rubric.score,
        "verdict": rubric.verdict,
        "agrees": agrees(answer.label, rubric.verdict),
        "met": sorted(met),
        "red_flags": flags,
        "signals_checked": checked,
        "signals_wrong": wrong,
        "red_flags_checked": flag_checks,
        "red_flags_wrong": flag_wrong,
    }


def summarise(folder: Path, rows: list[dict[str, Any]], min_words: int) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["group"], []).append(row)
    pairs, failures = 0, []
    for members in groups.values():
        strong = [r for r in members if r["label"] == "strong"]
        weak = [r for r in members if r["label"] == "weak"]
        for s, w in product(strong, weak):
            pairs += 1
            if s["score"] <= w["score"]:
                failures.append(f"{s['id']} {s['score']} <= {w['id']} {w['score']}")
    judged = [r for r in rows if r["words"] >= min_words and r["agrees"] is not None]
    disagree = [f"{r['id']} ({r['label']}): {r['verdict']}" for r in judged if not r["agrees"]]
    exact_rows = [exact(r["label"], r["verdict"]) for r in judged]
    return {
        "summary": str(folder),
        "answers": len(rows),
        "pairs": pairs,
        "pairs_correct": pairs - len(failures),
        "pair_failures": failures,
        "min_words": min_words,
        "judged": len(judged),
        "agreement": len(judged) - len(disagree),
        "exact": sum(1 for e in exact_rows if e),
        "disagreements": disagree,
        "signals_checked": sum(r["signals_checked"] for r in rows),
        "signals_agree": sum(r["signals_checked"] - len(r["signals_wrong"]) for r in rows),
        "red_flags_checked": sum(r["red_flags_checked"] for r in rows),
        "red_flags_agree": sum(r["red_flags_checked"] - len(r["red_flags_wrong"]) for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--question", default="star-story", help="for folders with INDEX.md")
    parser.add_argument("--min-words", type=int, default=50, help="verdicts judged from here")
    args = parser.parse_args(argv)
    settings, bank = Settings(), load_bank(None)
    for folder in args.folders:
        if (folder / "INDEX.md").is_file():
            answers = read_index_folder(folder, args.question)
        else:
            answers = read_toml_folder(folder)
        if not answers:
            print(f"{folder}: no labelled answers found", file=sys.stderr)
            return 2
        rows = [score_one(a, settings, bank) for a in answers]
        for row in rows:
            print(json.dumps(row))
        print(json.dumps(summarise(folder, rows, args.min_words)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
