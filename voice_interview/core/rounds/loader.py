"""Load rounds: the built-in ones in `voice_interview/rounds/`, then a user's own from a folder.

A round file of the user's with the id of a built-in round replaces it. Every file is validated
on its own (field by field) and then against the question bank and the interviewer's script:
every question, phase, signal and probe family a round names must exist. Each problem is one line
naming the file and the field. Pure: reads files and validates them, nothing else.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from voice_interview.core.close_ids import did_you_mean
from voice_interview.core.questions import QuestionBank, _toml_message
from voice_interview.errors import RoundError
from voice_interview.models.question import Question
from voice_interview.models.round import InterviewerScript, Round, RoundFile

_LIST_HINT = "(run 'voice-interview rounds' to list them)"


def builtin_round_dir() -> Path:
    """The folder holding the rounds that ship with the package."""
    return Path(__file__).resolve().parent.parent.parent / "rounds"


def interviewer_path() -> Path:
    return Path(__file__).resolve().parent / "interviewer.toml"


@cache
def load_script(path: Path | None = None) -> InterviewerScript:
    """The interviewer's probe families and transitions (the built-in file by default)."""
    target = path or interviewer_path()
    data = _read(target)
    try:
        script = InterviewerScript.model_validate(data)
    except ValidationError as exc:
        raise RoundError(_message(target, exc, "family")) from exc
    claimed: dict[str, str] = {}
    for family in script.family:
        for signal in family.signals:
            if signal in claimed:
                raise RoundError(
                    f"{target}: family {family.id!r} field signals: {signal!r} is already "
                    f"claimed by family {claimed[signal]!r} (a signal belongs to one family)"
                )
            claimed[signal] = family.id
    return script


def load_round_file(path: Path) -> RoundFile:
    """Read and validate one round file; the round's `source` is set to the file's path."""
    data = _read(path)
    try:
        loaded = RoundFile.model_validate(data)
    except ValidationError as exc:
        raise RoundError(_message(path, exc, "round")) from exc
    if loaded.round is None:
        return loaded
    located = loaded.round.model_copy(update={"source": str(path)})
    return loaded.model_copy(update={"round": located})


class RoundBook:
    """The rounds in a stable order, with the questions they ask and the interviewer's script."""

    def __init__(
        self,
        rounds: Iterable[Round],
        questions: Mapping[str, Question],
        script: InterviewerScript,
    ) -> None:
        self._by_id = {r.id: r for r in rounds}
        self.questions: Mapping[str, Question] = questions
        """Every question a round may ask: the bank's and those defined in round files."""
        self.script = script

    def get(self, round_id: str) -> Round:
        """The round with this id; an unknown id raises RoundError naming close ids."""
        try:
            return self._by_id[round_id]
        except KeyError:
            pass
        hint = did_you_mean(round_id, self._by_id)
        raise RoundError(f"unknown round id {round_id!r}{hint} {_LIST_HINT}")

    def all(self) -> list[Round]:
        return list(self._by_id.values())

    def __contains__(self, round_id: object) -> bool:
        return round_id in self._by_id

    def __iter__(self) -> Iterator[Round]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def load_rounds(bank: QuestionBank, user_dir: Path | None = None) -> RoundBook:
    """The built-in rounds, then every `*.toml` in `user_dir` (if it exists), in file-name order."""
    files = sorted(builtin_round_dir().glob("*.toml"))
    if not files:
        raise RoundError(f"no built-in rounds in {builtin_round_dir()} (reinstall voice-interview)")
    if user_dir is not None and user_dir.exists():
        if not user_dir.is_dir():
            raise RoundError(f"{user_dir}: not a folder (round files go in a folder)")
        files += sorted(user_dir.glob("*.toml"))
    rounds: dict[str, Round] = {}
    questions: dict[str, Question] = {q.id: q for q in bank}
    own: dict[str, Path] = {}
    for path in files:
        loaded = load_round_file(path)
        for question in loaded.question:
            if question.id in own:
                raise RoundError(
                    f"{path}: question {question.id!r} is also defined in {own[question.id]} "
                    "(give one of them another id)"
                )
            own[question.id] = path
            questions[question.id] = question.model_copy(update={"source": str(path)})
        if loaded.round is not None:
            rounds[loaded.round.id] = loaded.round  # a user's round replaces a built-in one
    script = load_script()
    for round_ in rounds.values():
        check_round(round_, questions, script)
    return RoundBook(rounds.values(), questions, script)


def check_round(
    round_: Round, questions: Mapping[str, Question], script: InterviewerScript
) -> None:
    """Every question, phase, signal and family the round names exists; RoundError if not."""
    where = f"{round_.source or round_.id}: round {round_.id!r}"
    phases = {p.id for p in round_.phases}
    used: list[Question] = []
    for i, item in enumerate(round_.main):
        names = [item.question] if item.question else list(item.pool)
        for name in names:
            question = _question(questions, name, f"{where} field main.{i}")
            used.append(question)
            if item.turns:
                if not question.turns:
                    raise RoundError(f"{where} field main.{i}: {name!r} has no interviewer turns")
                for turn in question.turns:
                    if turn.phase not in phases:
                        raise RoundError(
                            f"{where} field main.{i}: turn {turn.title!r} of {name!r} is in "
                            f"phase {turn.phase!r}, which this round does not have"
                        )
        titles = {t.title for name in names for t in questions[name].turns}
        for title, items in item.focus.items():
            if not item.turns or title not in titles:
                raise RoundError(f"{where} field main.{i}.focus: no turn titled {title!r}")
            checklist = questions.get(round_.checklist or "")
            phased = {s.id for s in checklist.signals if s.phase} if checklist else set()
            _known(items, phased, f"{where} field main.{i}.focus")
        unknown = sorted(set(item.values) - set(names))
        if unknown:
            raise RoundError(f"{where} field main.{i}.values: {unknown[0]!r} is not asked here")
    signals = {s for q in used for s in _signal_ids(q)}
    if round_.checklist is not None:
        checklist = _question(questions, round_.checklist, f"{where} field checklist")
        phased = {s.id for s in checklist.signals if s.phase}
        if not phased:
            raise RoundError(f"{where} field checklist: {checklist.id!r} has no phased signals")
        for d, dimension in enumerate(round_.dimensions):
            _known(dimension.signals, phased, f"{where} field dimensions.{d}.signals")
    for p, probe in enumerate(round_.probes):
        _known(probe.signals, signals, f"{where} field probes.{p}.signals")
    families = {f.id for f in script.family}
    for name in round_.families:
        if name not in families:
            raise RoundError(
                f"{where} field families: unknown probe family {name!r} "
                f"(the interviewer has: {', '.join(sorted(families))})"
            )


def _question(questions: Mapping[str, Question], name: str, where: str) -> Question:
    try:
        return questions[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(questions), n=2, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise RoundError(
            f"{where}: unknown question id {name!r}{hint} (run 'voice-interview questions')"
        ) from None


def _known(names: Sequence[str], known: set[str], where: str) -> None:
    for name in names:
        if name not in known:
            raise RoundError(
                f"{where}: unknown signal {name!r} (not scored by this round's questions)"
            )


def _signal_ids(question: Question) -> list[str]:
    return [s.id for s in question.generic_signals] + [s.id for s in question.signals]


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RoundError(f"{path}: no such file (check the path)") from exc
    except UnicodeDecodeError as exc:
        raise RoundError(f"{path}: not UTF-8 text (save the file as UTF-8)") from exc
    except OSError as exc:
        raise RoundError(f"{path}: cannot be read: {exc.strerror} (check the file)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RoundError(_toml_message(path, exc)) from exc


def _message(path: Path, exc: ValidationError, table: str) -> str:
    # One line: the first error (an unknown key first, since a misspelt key also shows up as a
    # missing one), with a count of the rest.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message += " (unknown field: check its spelling)"
    rest = len(errors) - 1
    if rest:
        message += f" (and {rest} more error{'s' if rest > 1 else ''})"
    loc = ".".join(str(part) for part in first["loc"])
    return f"{path}: field {loc or table}: {message}"


__all__ = [
    "RoundBook",
    "builtin_round_dir",
    "check_round",
    "load_round_file",
    "load_rounds",
    "load_script",
]
