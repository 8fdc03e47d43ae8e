"""The cue language: how `cues.toml` and question packs write the phrases the rubric listens for.

Phrases are easier to read and edit than regular expressions, so a cue is a phrase by default:

- matched case-insensitively, as whole words ("alert" does not match "alerted");
- `*` stands for any letters: "alert*" matches alert, alerts, alerted, alerting;
- `...` stands for up to six words: "training ... serving" matches "training but not serving";
- a space matches spaces or a hyphen; a hyphen matches a hyphen, a space or nothing: "pre-launch"
  matches "pre-launch", "pre launch" and "prelaunch";
- an apostrophe matches a straight or a curly one: "didn't" matches "didn’t";
- an entry starting with `re:` is a Python regular expression, used as written.

Question packs written before the phrase syntax used bare regular expressions ('\\bI would\\b').
An entry without `re:` that holds regular-expression syntax (a backslash, brackets, braces, `|`,
`?`, `+`, `^` or `.*`) is still read as a regular expression, so those packs keep loading.

Part of the data format (like a schema), so the models can check a pack's cues when it loads.
"""

from __future__ import annotations

import re

REGEX_PREFIX = "re:"
_REGEX_SYNTAX = re.compile(r"[\\()\[\]{}|?+^]|\.[*+{]")


def is_regex(cue: str) -> bool:
    """True for a regular expression: `re:` first, or (older packs) regular-expression syntax."""
    return cue.startswith(REGEX_PREFIX) or bool(_REGEX_SYNTAX.search(cue))


def phrase_pattern(phrase: str) -> str:
    """The regular expression for one cue (see the module docstring for the syntax)."""
    if phrase.startswith(REGEX_PREFIX):
        return phrase[len(REGEX_PREFIX) :]
    if is_regex(phrase):
        return phrase
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


def check_cues(cues: list[str]) -> list[str]:
    """Compile every cue once, so a bad regular expression in a pack is reported when it loads
    (with its file and field) instead of in the middle of scoring an answer."""
    for cue in cues:
        if not cue.strip():
            raise ValueError("a cue must not be empty")
        try:
            re.compile(phrase_pattern(cue), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{cue!r} is not a valid regular expression: {exc}") from exc
    return cues
