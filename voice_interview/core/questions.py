"""The question bank: load TOML question packs and look questions up by id.

Built-in packs ship in `voice_interview/questions/`; a user keeps extra packs in a folder of their
own (the CLI passes it in). A user question with the same id as a built-in one replaces it, so a
built-in question can be reworded or re-weighted without touching the installed package.

Pure: reads files and validates them, nothing else.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from voice_interview.core.close_ids import did_you_mean
from voice_interview.errors import QuestionError
from voice_interview.models.question import Question, QuestionPack

DEFAULT_QUESTION_ID = "star-story"
"""The generic behavioural rubric used when no question is chosen."""

_LIST_HINT = "(run 'voice-interview questions' to list them)"
# tomllib puts the position at the end of its message; Python 3.11 has no lineno attribute.
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def builtin_pack_dir() -> Path:
    """The folder holding the question packs that ship with the package."""
    return Path(__file__).resolve().parent.parent / "questions"


def load_pack(path: Path) -> list[Question]:
    """Read and validate one pack; every question's `source` is set to the file's path.

    Raises QuestionError with a one-line message naming the file and, for a bad value, the
    question and field.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise QuestionError(f"{path}: no such file (check the path)") from exc
    except UnicodeDecodeError as exc:
        raise QuestionError(f"{path}: not UTF-8 text (save the file as UTF-8)") from exc
    except OSError as exc:
        raise QuestionError(f"{path}: cannot be read: {exc.strerror} (check the file)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise QuestionError(_toml_message(path, exc)) from exc
    try:
        pack = QuestionPack.model_validate(data)
    except ValidationError as exc:
        raise QuestionError(_validation_message(path, data, exc)) from exc
    _check_generic_ids(path, pack)
    return [q.model_copy(update={"source": str(path)}) for q in pack.question]


def _check_generic_ids(path: Path, pack: QuestionPack) -> None:
    """Generic signals must name a built-in detector (the detectors declare their ids)."""
    from voice_interview.core.rubric import detector_ids

    known = detector_ids()
    for question in pack.question:
        for i, signal in enumerate(question.generic_signals):
            if signal.id not in known:
                close = difflib.get_close_matches(signal.id, known, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
                raise QuestionError(
                    f"{path}: question {question.id!r} field generic_signals.{i}.id: "
                    f"unknown built-in signal {signal.id!r} ({hint})"
                )


def load_packs(paths: Iterable[Path]) -> list[Question]:
    """Load several packs in order; an id used twice among them is an error."""
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for path in paths:
        for question in load_pack(path):
            if question.id in seen:
                raise QuestionError(
                    f"duplicate question id {question.id!r} in {seen[question.id]} and {path} "
                    "(give one of them another id)"
                )
            seen[question.id] = str(path)
            questions.append(question)
    return questions


def load_bank(user_dir: Path | None = None) -> QuestionBank:
    """The built-in packs, then every `*.toml` in `user_dir` (if it exists), in file-name order.

    A user question whose id matches a built-in one replaces it in place; other user questions
    are added after the built-in ones.
    """
    builtin_files = sorted(builtin_pack_dir().glob("*.toml"))
    if not builtin_files:
        raise QuestionError(
            f"no built-in question packs in {builtin_pack_dir()} (reinstall voice-interview)"
        )
    merged = {q.id: q for q in load_packs(builtin_files)}
    if user_dir is not None and user_dir.exists():
        if not user_dir.is_dir():
            raise QuestionError(f"{user_dir}: not a folder (question packs go in a folder)")
        for question in load_packs(sorted(user_dir.glob("*.toml"))):
            merged[question.id] = question
    return QuestionBank(merged.values())


class QuestionBank:
    """Questions in a stable order (pack files by name, questions in file order)."""

    def __init__(self, questions: Iterable[Question]) -> None:
        self._by_id: dict[str, Question] = {}
        for question in questions:
            if question.id in self._by_id:
                raise QuestionError(
                    f"duplicate question id {question.id!r} "
                    f"in {self._by_id[question.id].source} and {question.source} "
                    "(give one of them another id)"
                )
            self._by_id[question.id] = question

    def get(self, question_id: str) -> Question:
        """The question with this id; an unknown id raises QuestionError naming close ids."""
        try:
            return self._by_id[question_id]
        except KeyError:
            pass
        hint = did_you_mean(question_id, self._by_id)
        raise QuestionError(f"unknown question id {question_id!r}{hint} {_LIST_HINT}")

    def all(self) -> list[Question]:
        return list(self._by_id.values())

    def ids(self) -> list[str]:
        return list(self._by_id)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def __iter__(self) -> Iterator[Question]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


def _toml_message(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    text = str(exc)
    position = _TOML_POSITION.search(text)
    if position:
        what = text[: position.start()]
        where = f"line {position.group(1)}, column {position.group(2)}"
    elif _TOML_AT_END.search(text):
        what = _TOML_AT_END.sub("", text)
        where = "end of file"
    else:
        what, where = text, ""
    prefix = f"{path}: {where}: " if where else f"{path}: "
    return f"{prefix}{what} (fix the TOML syntax)"


def _validation_message(path: Path, data: dict[str, Any], exc: ValidationError) -> str:
    # One line: the first error, with a count of the rest (fixing one often fixes the others).
    # An unknown key goes first: a misspelt key is also reported as a missing one, and the
    # spelling is what the user has to fix.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    first = errors[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    if tuple(first["loc"]) == ("question",) and first["type"] == "missing":
        message = "no questions (list them under [[question]] tables)"
    elif first["type"] == "extra_forbidden":
        message += " (unknown field: check its spelling)"
    rest = len(errors) - 1
    if rest:
        message += f" (and {rest} more error{'s' if rest > 1 else ''})"
    return f"{path}: {_where(data, tuple(first['loc']))}: {message}"


def _where(data: dict[str, Any], loc: Sequence[int | str]) -> str:
    """Name the failing place: `question 'x' field signals.0.weight`, or an index without id."""
    if len(loc) >= 2 and loc[0] == "question" and isinstance(loc[1], int):
        index = loc[1]
        entries = data.get("question")
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        qid = entry.get("id") if isinstance(entry, dict) else None
        name = f"question {qid!r}" if isinstance(qid, str) and qid else f"question[{index}]"
        field = ".".join(str(part) for part in loc[2:])
        return f"{name} field {field}" if field else name
    if tuple(loc) == ("question",):
        return "[[question]] list"
    return "field " + ".".join(str(part) for part in loc)
