"""The built-in detectors' words and phrases, and the red flags every question shares, read from
`cues.toml` (or a user's copy of it). The cue syntax is described in `models/cues.py`.

Which sections and cue lists the file must hold is not written here: each detector declares the
lists it reads (registry.py), and the file is checked against those declarations when it loads.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from voice_interview.errors import InputError
from voice_interview.models.cues import is_regex, phrase_pattern

BUILTIN_CUES = Path(__file__).resolve().parent / "cues.toml"

COMMON_CUES = ("hypothetical", "not_hypothetical", "generic", "speculative", "buzzwords")
"""Cue lists shared by several detectors ([common.cues])."""
COMMON_WORDS = (
    "irregular_past",
    "state_verbs",
    "soft_verbs",
    "lead_verbs",
    "vague_modifiers",
    "team_subjects",
    "adverbs",
    "stopwords",
    "vague_cause",
)
"""Plain word lists ([common.words])."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DetectorText(_Strict):
    """One detector's section: its label, its advice and its cue lists."""

    label: str
    advice: str
    """Advice shown when the signal is missing or weak."""
    advice_for: dict[str, str] = Field(default_factory=dict)
    """More pointed advice for a particular reason the signal is weak (e.g. "no_result")."""
    cues: dict[str, list[str]] = Field(default_factory=dict)


class CommonSection(_Strict):
    cues: dict[str, list[str]] = Field(default_factory=dict)
    words: dict[str, list[str]] = Field(default_factory=dict)
    """Plain word lists (no phrase syntax), e.g. irregular past-tense verbs."""


class SharedRedFlag(_Strict):
    """A red flag every behavioural question shares ([red_flags.<id>] in cues.toml)."""

    label: str
    """What the red flag is, as the report names it."""
    advice: str
    """What to say instead."""
    cues: list[str] = Field(default_factory=list)
    """Phrases that show it in a sentence."""
    unless: list[str] = Field(default_factory=list)
    """Phrases that cancel a cue they overlap ("I would have" is hindsight, not a plan)."""
    rule: str | None = None
    """A finding a detector makes instead of (or besides) cues: "cause_list", "team_credit"."""
    applies_with: str | None = None
    """Only for questions that score this signal (a red flag about detection needs a question
    that asks how the problem was found)."""


_SECTIONS = TypeAdapter(dict[str, DetectorText])
_RED_FLAGS = TypeAdapter(dict[str, SharedRedFlag])

WORD_RUN = re.compile(r"\w+")
"""How a sentence is cut into words for looking up cues: runs of letters and digits."""


def _first_key(cue: str) -> tuple[str, bool] | None:
    """The first word of a phrase, lower-cased, and whether a sentence word only needs to start
    with it ("alert*", "pre-launch"); None for a regular expression or an odd phrase."""
    if is_regex(cue) or not cue.strip():
        return None
    first = cue.split()[0]
    run = WORD_RUN.match(first)
    if run is None:
        return None
    rest = first[run.end() :]
    return run.group().lower(), rest[:1] in ("*", "-")


@dataclass(frozen=True)
class WordIndex:
    """Where each word, and each beginning of a word, occurs in a sentence (lower-cased)."""

    words: dict[str, list[int]]
    word_set: frozenset[str]
    _prefixes: dict[int, frozenset[str]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, text: str) -> WordIndex:
        """Index `text` once, for every cue list (their first words and word beginnings)."""
        words: dict[str, list[int]] = {}
        for run in WORD_RUN.finditer(text):  # offsets of the text as written, words lower-cased
            words.setdefault(run.group().lower(), []).append(run.start())
        return cls(words, frozenset(words))

    def prefixes(self, length: int) -> frozenset[str]:
        """The words' beginnings of one length, made when a cue list first asks for them."""
        found = self._prefixes.get(length)
        if found is None:
            found = frozenset(w[:length] for w in self.word_set if len(w) >= length)
            self._prefixes[length] = found
        return found

    def starting_with(self, prefix: str) -> list[int]:
        return [s for w, starts in self.words.items() if w.startswith(prefix) for s in starts]


_NO_WORDS = WordIndex({}, frozenset())


class CueMatcher:
    """Finds the cues of one list in a sentence.

    Trying a long alternation at every character costs milliseconds per list on a long answer,
    so each phrase is tried only where a sentence word equals (or starts with) its first word,
    found by set intersection. Regular-expression entries run as one alternation.
    """

    def __init__(self, cues: list[str]) -> None:
        self._exact: dict[str, list[re.Pattern[str]]] = {}
        self._prefixed: dict[str, list[re.Pattern[str]]] = {}
        raw: list[str] = []
        for cue in cues:
            key = _first_key(cue)
            if key is None:
                raw.append(phrase_pattern(cue))
                continue
            compiled = re.compile(phrase_pattern(cue), re.IGNORECASE)
            word, prefixed = key
            (self._prefixed if prefixed else self._exact).setdefault(word, []).append(compiled)
        self._exact_keys = frozenset(self._exact)
        self._prefix_keys = frozenset(self._prefixed)
        by_length: dict[int, set[str]] = {}
        for prefix in self._prefixed:
            by_length.setdefault(len(prefix), set()).add(prefix)
        self._by_length = [(n, frozenset(keys)) for n, keys in by_length.items()]
        self._raw = re.compile("|".join(f"(?:{p})" for p in raw), re.IGNORECASE) if raw else None

    def find(self, text: str, index: WordIndex) -> list[re.Match[str]]:
        """Non-overlapping matches in `text`, earliest first (the longest of two at one place)."""
        exact = self._exact_keys & index.word_set
        prefixed: set[str] = set()
        for length, keys in self._by_length:
            prefixed |= keys & index.prefixes(length)
        if not exact and not prefixed and self._raw is None:
            return []  # the common case: no cue of this list can start in this sentence
        found = [m for m in self._raw.finditer(text) if m.end() > m.start()] if self._raw else []
        tries = [
            (start, pattern)
            for key in exact
            for start in index.words[key]
            for pattern in self._exact[key]
        ] + [
            (start, pattern)
            for key in prefixed
            for start in index.starting_with(key)
            for pattern in self._prefixed[key]
        ]
        for start, pattern in tries:
            match = pattern.match(text, start)
            if match and match.end() > match.start():
                found.append(match)
        found.sort(key=lambda m: (m.start(), -m.end()))
        kept: list[re.Match[str]] = []
        for match in found:
            if not kept or match.start() >= kept[-1].end():
                kept.append(match)
        return kept

    def find_in(self, text: str) -> list[re.Match[str]]:
        """`find` on a text not indexed yet (a question's cues on a window of sentences)."""
        if not self._exact_keys and not self._prefix_keys:
            return self.find(text, _NO_WORDS)  # regular expressions only: no index needed
        return self.find(text, WordIndex.of(text))


@lru_cache(maxsize=4096)
def matcher_for(cues: tuple[str, ...]) -> CueMatcher:
    """A compiled matcher for a question's cue list, made once per list."""
    return CueMatcher(list(cues))


@dataclass(frozen=True)
class Lexicon:
    """Compiled cue lists, word lists, texts and shared red flags of the built-in detectors."""

    texts: dict[str, DetectorText]
    matchers: dict[tuple[str, str], CueMatcher]
    words: dict[str, frozenset[str]]
    red_flags: dict[str, SharedRedFlag]

    def cue(self, section: str, name: str) -> CueMatcher:
        return self.matchers[(section, name)]

    def label(self, detector: str) -> str:
        return self.texts[detector].label

    def advice(self, detector: str, case: str | None = None) -> str:
        text = self.texts[detector]
        return text.advice_for.get(case, text.advice) if case else text.advice


Requirements = tuple[tuple[str, tuple[str, ...]], ...]
"""(section, cue lists it must provide) for every detector, from the registry."""


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such cue file (check rubric.cues_file)") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the cue file: {exc} (fix or remove it)") from exc


def _validated(
    path: Path, data: dict[str, Any], detectors: Mapping[str, tuple[str, ...]]
) -> tuple[CommonSection, dict[str, DetectorText], dict[str, SharedRedFlag]]:
    sections = {k: v for k, v in data.items() if k not in ("common", "red_flags")}
    unknown = sorted(set(sections) - set(detectors))
    if unknown:
        known = ", ".join(sorted(detectors))
        raise InputError(f"{path}: unknown section [{unknown[0]}] (the detectors are: {known})")
    try:
        common = CommonSection.model_validate(data.get("common", {}))
        texts = _SECTIONS.validate_python(sections)
        flags = _RED_FLAGS.validate_python(data.get("red_flags", {}))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"{path}: {where}: {first['msg']} (compare with the built-in cues.toml)"
        ) from exc
    missing = [d for d in detectors if d not in texts]
    if missing:
        raise InputError(f"{path}: no [{missing[0]}] section (every detector needs one)")
    return common, texts, flags


def _matcher(path: Path, section: str, name: str, cues: list[str]) -> CueMatcher:
    try:
        return CueMatcher(cues)
    except re.error as exc:
        raise InputError(f"{path}: [{section}] {name}: bad pattern ({exc}); fix the entry") from exc


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and compile a cue file once (the built-in one when `path` is None)."""
    from voice_interview.core.rubric.registry import requirements

    return _load(path or BUILTIN_CUES, requirements())


def _load(source: Path, required: Requirements) -> Lexicon:
    detectors = dict(required)
    common, texts, flags = _validated(source, _read(source), detectors)
    lists: dict[str, dict[str, list[str]]] = {"common": common.cues}
    lists |= {name: text.cues for name, text in texts.items()}
    matchers: dict[tuple[str, str], CueMatcher] = {}
    for section, names in (("common", COMMON_CUES), *detectors.items()):
        for name in names:
            if name not in lists[section]:
                raise InputError(f"{source}: [{section}.cues] needs a list named {name!r}")
            matchers[(section, name)] = _matcher(source, section, name, lists[section][name])
    for flag_id, flag in flags.items():
        where = f"red_flags.{flag_id}"
        matchers[("red_flags", flag_id)] = _matcher(source, where, "cues", flag.cues)
        matchers[("red_flags_unless", flag_id)] = _matcher(source, where, "unless", flag.unless)
    missing = [w for w in COMMON_WORDS if w not in common.words]
    if missing:
        raise InputError(f"{source}: [common.words] needs the lists {', '.join(missing)}")
    words = {k: frozenset(w.lower() for w in v) for k, v in common.words.items()}
    return Lexicon(texts=texts, matchers=matchers, words=words, red_flags=flags)
