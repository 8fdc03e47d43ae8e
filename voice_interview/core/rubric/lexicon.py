"""The built-in detectors' words and phrases, read from `cues.toml` (or a user's copy of it).

Phrases are easier to read and edit than regular expressions, so a cue is a phrase by default:

- matched case-insensitively, as whole words ("alert" does not match "alerted");
- `*` stands for any letters: "alert*" matches alert, alerts, alerted, alerting;
- `...` stands for up to six words: "training ... serving" matches "training but not serving";
- a space matches spaces or a hyphen; a hyphen matches a hyphen, a space or nothing: "pre-launch"
  matches "pre-launch", "pre launch" and "prelaunch";
- an entry starting with `re:` is a Python regular expression, used as written.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from voice_interview.errors import InputError

BUILTIN_CUES = Path(__file__).resolve().parent / "cues.toml"

# Which cue lists each section must provide; the detectors read exactly these.
REQUIRED_CUES: dict[str, tuple[str, ...]] = {
    "common": ("hypothetical", "generic", "speculative"),
    "metric_specificity": ("delta", "baseline", "window"),
    "ownership": ("prompted", "passive", "deferred"),
    "mechanism": ("artifact", "create", "durable", "before"),
    "root_cause": ("cause", "candidate", "conclusion"),
    "monitoring_before": ("artifact", "prior", "detection", "others"),
    "quantified_result": ("outcome", "ship", "time_phrase"),
    "specific_story": ("anchor",),
    "star_structure": ("situation", "task", "result"),
}
REQUIRED_WORDS = (
    "irregular_past",
    "state_verbs",
    "team_subjects",
    "adverbs",
    "stopwords",
    "vague_cause",
)


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


class CueFile(_Strict):
    """The whole of cues.toml."""

    common: CommonSection
    metric_specificity: DetectorText
    ownership: DetectorText
    mechanism: DetectorText
    root_cause: DetectorText
    monitoring_before: DetectorText
    quantified_result: DetectorText
    specific_story: DetectorText
    star_structure: DetectorText


def phrase_pattern(phrase: str) -> str:
    """The regular expression for one cue phrase (see the module docstring for the syntax)."""
    if phrase.startswith("re:"):
        return phrase[3:]
    words = phrase.split()
    body = ""
    for i, word in enumerate(words):
        if word == "...":
            # The gap carries its own trailing separator; words in it may end in punctuation.
            body += r"[,;:]?[\s-]+(?:[\w'%$.,:;-]+[\s-]+){0,6}?"
            continue
        if i and words[i - 1] != "...":
            body += r"[\s-]+"
        pieces = [re.escape(p).replace("'", "['\u2019]") for p in word.split("*")]
        body += r"\w*".join(r"[\s-]?".join(p.split(r"\-")) for p in pieces)
    lead = r"\b" if re.match(r"\w", phrase.strip()) else ""
    tail = r"\b" if re.search(r"\w$", phrase.strip()) else ""
    return lead + body + tail


def compile_cues(cues: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of the cues (never matching for an empty list)."""
    if not cues:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{phrase_pattern(c)})" for c in cues), re.IGNORECASE)


WORD_RUN = re.compile(r"\w+")
"""How a sentence is cut into words for looking up cues: runs of letters and digits."""


def _first_key(cue: str) -> tuple[str, bool] | None:
    """The first word of a phrase, lower-cased, and whether a sentence word only needs to start
    with it ("alert*", "pre-launch"); None for a regular expression or an odd phrase."""
    if cue.startswith("re:") or not cue.strip():
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
    prefix_set: frozenset[str]

    @classmethod
    def of(cls, text: str, prefix_lengths: frozenset[int]) -> WordIndex:
        """Index `text`; only prefixes of the given lengths are kept (those cues start with)."""
        words: dict[str, list[int]] = {}
        for run in WORD_RUN.finditer(text):  # offsets of the text as written, words lower-cased
            words.setdefault(run.group().lower(), []).append(run.start())
        prefixes = frozenset(w[:k] for w in words for k in prefix_lengths if k <= len(w))
        return cls(words, frozenset(words), prefixes)

    def starting_with(self, prefix: str) -> list[int]:
        return [s for w, starts in self.words.items() if w.startswith(prefix) for s in starts]


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
        self.prefix_lengths = frozenset(len(k) for k in self._prefixed)
        self._raw = compile_cues([f"re:{p}" for p in raw]) if raw else None

    def find(self, text: str, index: WordIndex) -> list[re.Match[str]]:
        """Non-overlapping matches in `text`, earliest first (the longest of two at one place)."""
        exact = self._exact_keys & index.word_set
        prefixed = self._prefix_keys & index.prefix_set
        if not exact and not prefixed and self._raw is None:
            return []  # the common case: no cue of this list can start in this sentence
        found = list(self._raw.finditer(text)) if self._raw is not None else []
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


@dataclass(frozen=True)
class Lexicon:
    """Compiled cue lists, word lists and texts of the built-in detectors."""

    texts: dict[str, DetectorText]
    matchers: dict[tuple[str, str], CueMatcher]
    words: dict[str, frozenset[str]]

    @property
    def prefix_lengths(self) -> frozenset[int]:
        """Lengths of the word beginnings that cues start with ("alert*" -> 5)."""
        return frozenset().union(*(m.prefix_lengths for m in self.matchers.values()))

    def cue(self, section: str, name: str) -> CueMatcher:
        return self.matchers[(section, name)]

    def label(self, detector: str) -> str:
        return self.texts[detector].label

    def advice(self, detector: str, case: str | None = None) -> str:
        text = self.texts[detector]
        return text.advice_for.get(case, text.advice) if case else text.advice


def _read(path: Path) -> CueFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return CueFile.model_validate(data)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such cue file (check rubric.cues_file)") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read the cue file: {exc} (fix or remove it)") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(
            f"{path}: {where}: {first['msg']} (compare with the built-in cues.toml)"
        ) from exc


@lru_cache(maxsize=8)
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and compile a cue file once (the built-in one when `path` is None)."""
    source = path or BUILTIN_CUES
    parsed = _read(source)
    sections: dict[str, dict[str, list[str]]] = {"common": parsed.common.cues}
    texts: dict[str, DetectorText] = {}
    for name in REQUIRED_CUES:
        if name != "common":
            text: DetectorText = getattr(parsed, name)
            texts[name] = text
            sections[name] = text.cues
    matchers: dict[tuple[str, str], CueMatcher] = {}
    for section, names in REQUIRED_CUES.items():
        for cue_name in names:
            if cue_name not in sections[section]:
                raise InputError(f"{source}: [{section}.cues] needs a list named {cue_name!r}")
            try:
                matchers[(section, cue_name)] = CueMatcher(sections[section][cue_name])
            except re.error as exc:
                raise InputError(
                    f"{source}: [{section}.cues] {cue_name}: bad pattern ({exc}); fix the entry"
                ) from exc
    missing = [w for w in REQUIRED_WORDS if w not in parsed.common.words]
    if missing:
        raise InputError(f"{source}: [common.words] needs the lists {', '.join(missing)}")
    words = {k: frozenset(w.lower() for w in v) for k, v in parsed.common.words.items()}
    return Lexicon(texts=texts, matchers=matchers, words=words)
