"""Filler words: filled pauses (um, uh) and discourse fillers (like, you know, I mean, so ...).

A discourse word is a filler only in some uses, so each has a context rule; the rules and the
reasons for them are listed in docs/thresholds.md. A transcript's filler count is a lower bound:
Whisper leaves most um/uh out, so a sound-based detector may add items (see `merge_fillers`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voice_interview.core.text import (
    Token,
    context_around,
    is_number,
    norm_at,
    normalize,
    phrase_at,
    span_text,
    tokenize,
)
from voice_interview.models.config import FillerConfig
from voice_interview.models.report import FillerItem, FillerKind, FillerReport, PaceBand
from voice_interview.models.transcript import Word

# um, umm, uh, uhh, uhm, er, erm, ah, ahh, hm, hmm, mm, mhm (any run of the held letters).
_FILLED_PAUSE = re.compile(r"^(?:u+h+m*|u+m+|e+r+m*|a+h+|h+m+|m+h?m+)$")

_PERCEPTION = frozenset(
    "look looks looked looking sound sounds sounded sounding feel feels felt feeling "
    "seem seems seemed seeming smell smells smelled taste tastes tasted".split()
)
# "something like 20", "just like", "more like", "things like X", "people like us", "not like".
_LIKE_AFTER_NOT = _PERCEPTION | frozenset(
    "something anything nothing everything someone anyone somebody anybody more less much "
    "just exactly lot things stuff ones people not".split()
)
# "I like", "I'd like", "would like", "don't like", "to like": "like" is the verb.
_LIKE_VERB_SUBJECT = frozenset(
    "i you we they i'd you'd we'd they'd he'd she'd would wouldn't do don't does doesn't did "
    "didn't to will won't i'll you'll we'll they'll might may could couldn't should shouldn't "
    "can can't cannot must".split()
)
_ADVERBS_BEFORE_VERB = frozenset(
    "really also always still actually genuinely truly personally all both generally usually "
    "particularly especially never definitely".split()
)
_LIKE_NEXT_NOT = frozenset("this that these those".split())
_PRONOUNS = frozenset("i we you they he she".split())
_SAY_VERBS = frozenset(
    "said say mentioned mention discussed described explained noted told showed expected "
    "planned suggested".split()
)
# A word after "like" that shows the "like" is a discourse marker, not a comparison.
_LIKE_SIGNAL_NEXT = frozenset(
    "really very super totally completely just literally basically actually so pretty too not "
    "kind sort kinda sorta almost always never why oh wow okay ok yeah yes no hey wait whoa "
    "hmm".split()
)
_BE_FORMS = frozenset(
    "is was were are am be been being it's that's he's she's there's here's what's who's i'm "
    "we're you're they're".split()
)
_QUOTE_OPENERS = frozenset("why what how who where when".split())
_APPROXIMATE_AFTER_A = frozenset("few couple bunch hundred thousand million dozen half".split())
_LY_NOT_ADVERBS = frozenset(
    "family supply apply reply ally rally italy jelly belly anomaly assembly monopoly "
    "butterfly july holy ugly early".split()
)
_CONJUNCTIONS = frozenset("and but or so because cause 'cause then".split())
_OPENERS = frozenset("and but okay ok alright yeah well oh anyway um uh".split())
_CLAUSE_LEADERS = _CONJUNCTIONS | _OPENERS

_SO_NEXT_NOT = frozenset("that many much far long few little on forth called as".split())
_SO_PREV_NOT = frozenset(
    "think thought hope guess said say says if not even do did does done doing or".split()
)
_SO_SIGNAL_NEXT = frozenset("um uh like basically anyway anyways yeah yep".split())
_THAT_AS_PRONOUN_NEXT = frozenset(
    "was is were 's will would has had made meant led gave became worked helped".split()
)

_YOU_KNOW_PREV_NOT = frozenset(
    "do did don't didn't if as would will you'll might could should whether what let may "
    "does doesn't".split()
)
# "you know how/what/that ...": "know" takes a complement and is the verb.
_YOU_KNOW_COMPLEMENT = frozenset(
    "how what that why where when who whom whose which if whether about the a an this these "
    "those him her them it me us my your his our their its each exactly more enough nothing "
    "something anything everything everyone everybody someone somebody anyone anybody all "
    "much better best".split()
)
_I_MEAN_NEXT_NOT = frozenset("to what well business".split())
_LITERALLY_PREV_NOT = frozenset(
    "translate translated translating take taken took taking interpret interpreted read".split()
)

_CANONICAL = {
    "yknow": "you know",
    "y'know": "you know",
    "ya know": "you know",
    "yknow what i mean": "you know what i mean",
    "y'know what i mean": "you know what i mean",
    "ya know what i mean": "you know what i mean",
    "ok so": "okay so",
    "alright so": "okay so",
}

# One match: how many tokens it spans and its kind.
_Match = tuple[int, FillerKind]


def is_filled_pause(norm: str) -> bool:
    """True for um, uh, er, erm, ah, hm, hmm, mm, mhm and their longer spellings."""
    return bool(_FILLED_PAUSE.match(norm))


def canonical_filler(text: str) -> str:
    """The key a filler is counted under: "Umm," -> "um", "Y'know" -> "you know"."""
    norm = " ".join(normalize(part) for part in text.split())
    if is_filled_pause(norm):
        squeezed = re.sub(r"(.)\1+", r"\1", norm)
        return {"hm": "hmm", "m": "mm", "uhm": "um"}.get(squeezed, squeezed)
    return _CANONICAL.get(norm, norm)


def find_fillers(words: Sequence[Word], tokens: Sequence[Token] | None = None) -> list[FillerItem]:
    """Every filler in the transcript, in order, with times taken from its words.

    `tokens` may pass `tokenize(words)` when the caller already has it.
    """
    tokens = tokenize(words) if tokens is None else tokens
    items: list[FillerItem] = []
    i = 0
    while i < len(tokens):
        match = _match_at(tokens, i)
        if match is None:
            i += 1
            continue
        length, kind = match
        first, last = tokens[i].word_index, tokens[i + length - 1].word_index
        items.append(
            FillerItem(
                text=span_text(words, first, last),
                start=words[first].start,
                end=words[last].end,
                context=context_around(words, first, last + 1),
                kind=kind,
                source="transcript",
                confidence=1.0,
            )
        )
        i += length
    return items


def _match_at(tokens: Sequence[Token], i: int) -> _Match | None:
    """The filler that starts at token i, trying longer phrases first."""
    norm = tokens[i].norm
    if is_filled_pause(norm):
        return (1, "filled_pause")
    if norm in ("you", "y'know", "yknow", "ya"):
        return _you_know(tokens, i)
    if norm == "i":
        return (2, "discourse") if _is_i_mean(tokens, i) else None
    if norm in ("okay", "ok", "alright") and _is_okay_so(tokens, i):
        return (2, "discourse")
    if norm == "so":
        return _so(tokens, i)
    if norm == "like":
        return (1, "discourse") if _like_is_filler(tokens, i) else None
    if norm == "basically":
        return (1, "discourse")
    if norm == "literally" and not _literal_sense(tokens, i):
        return (1, "discourse")
    if norm == "actually" and (
        tokens[i].break_before or tokens[i].break_after or norm_at(tokens, i - 1) in _CLAUSE_LEADERS
    ):
        # Only the clause-initial or comma-set "actually"; "it actually worked" is an adverb.
        return (1, "discourse")
    return None


def _you_know(tokens: Sequence[Token], i: int) -> _Match | None:
    norm = tokens[i].norm
    if norm in ("yknow", "y'know"):
        length = 1
    elif phrase_at(tokens, i, ("you", "know")) or phrase_at(tokens, i, ("ya", "know")):
        length = 2
    else:
        return None
    if phrase_at(tokens, i + length - 1, (tokens[i + length - 1].norm, "what", "i", "mean")):
        return (length + 3, "discourse")
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and not prev.break_after and prev.norm in _YOU_KNOW_PREV_NOT:
        return None  # "do you know", "if you know", "as you know", "let you know"
    know = tokens[i + length - 1]
    if not know.break_after and norm_at(tokens, i + length) in _YOU_KNOW_COMPLEMENT:
        return None
    return (length, "discourse")


def _is_i_mean(tokens: Sequence[Token], i: int) -> bool:
    if not phrase_at(tokens, i, ("i", "mean")):
        return False
    at_clause_start = tokens[i].break_before or norm_at(tokens, i - 1) in _CLAUSE_LEADERS
    if not at_clause_start:
        return False  # "what I mean is", "by which I mean"
    if tokens[i + 1].break_after:
        return True
    nxt = norm_at(tokens, i + 2)
    if nxt == "it":  # "I mean it." is sincerity; "I mean it was fine" is a filler
        return not (tokens[i + 2].break_after or i + 3 >= len(tokens))
    return nxt not in _I_MEAN_NEXT_NOT  # "I mean to", "I mean what I say"


def _literal_sense(tokens: Sequence[Token], i: int) -> bool:
    """ "translated literally", "take it literally": the adverb, not the intensifier."""
    prev = norm_at(tokens, i - 1)
    if prev in ("it", "that", "this", "them", "everything"):
        prev = norm_at(tokens, i - 2)
    return prev in _LITERALLY_PREV_NOT


def _is_okay_so(tokens: Sequence[Token], i: int) -> bool:
    return tokens[i].sentence_before and norm_at(tokens, i + 1) == "so"


def _so(tokens: Sequence[Token], i: int) -> _Match | None:
    tok = tokens[i]
    nxt, prev = norm_at(tokens, i + 1), norm_at(tokens, i - 1)
    if not tok.break_after and nxt in _SO_NEXT_NOT:
        that_is_pronoun = nxt == "that" and norm_at(tokens, i + 2) in _THAT_AS_PRONOUN_NEXT
        if not that_is_pronoun:
            return None  # "so that", "so many", "so far", "and so on", "so as to"
    if i > 0 and not tokens[i - 1].break_after and prev in _SO_PREV_NOT:
        return None  # "I think so", "if so", "a week or so", "even so"
    if not tok.break_after and nxt in ("yeah", "yep"):
        return (2, "discourse")
    if tok.break_after or nxt in _SO_SIGNAL_NEXT or is_filled_pause(nxt):
        return (1, "discourse")
    if _sentence_initial(tokens, i):
        return (1, "discourse")
    # After a comma ("it drifted, so we retrained") "so" joins a cause to its result: no filler.
    return None


def _sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    """At a sentence start, allowing a run of openers first ("And so", "Yeah, so", "Um so")."""
    j = i
    while j > 0 and not tokens[j].sentence_before and tokens[j - 1].norm in _OPENERS:
        j -= 1
    return tokens[j].sentence_before


def _like_is_filler(tokens: Sequence[Token], i: int) -> bool:
    tok = tokens[i]
    prev_tok = tokens[i - 1] if i > 0 else None
    prev, nxt = norm_at(tokens, i - 1), norm_at(tokens, i + 1)
    # 1. Fixed uses where "like" is a verb or means "similar to / such as".
    if prev_tok is not None and not prev_tok.break_after:
        if prev in _LIKE_AFTER_NOT:
            return False
        if prev == "of" and norm_at(tokens, i - 2) in ("kind", "sort"):
            return False  # "kind of like a cache": a comparison
        if _verb_subject_before(tokens, i):
            return False
    if not tok.break_after:
        if nxt in _LIKE_NEXT_NOT:
            return False  # "like this", "like that"
        if nxt in _PRONOUNS and norm_at(tokens, i + 2) in _SAY_VERBS:
            return False  # "like I said"
    signal = _signals_filler(tokens, i + 1)
    # 2. Set off by punctuation after it: "it was, like, slow", "Like, the thing is". After a
    # bare "is/was" the comma may only mark a pause inside a comparison (Whisper writes "MFA is
    # like, putty"), so there the next word must show a filler or a quote ("I was like, why").
    if tok.break_after:
        if prev_tok is not None and not prev_tok.break_after and prev in _BE_FORMS:
            return signal or nxt in _QUOTE_OPENERS
        return True
    # 3. At a clause start: sentence-initial, or after "and/but/so", or after another filler.
    if tok.sentence_before or prev in _CLAUSE_LEADERS or is_filled_pause(prev):
        return True
    if tok.break_before:
        # After a comma "like" usually gives an example ("metrics, like recall"): count it
        # only when what follows is clearly not a noun phrase.
        return signal or nxt in _PRONOUNS
    # 4. Otherwise "like" before a noun phrase is a comparison ("is like putty"); before an
    # intensifier, a number or a reaction word it is a filler ("took like 20 minutes").
    return signal


def _verb_subject_before(tokens: Sequence[Token], i: int) -> bool:
    """True when "like" follows a subject, modal or "to", skipping up to two adverbs."""
    j = i - 1
    skipped = 0
    while j >= 0 and tokens[j].norm in _ADVERBS_BEFORE_VERB and skipped < 2:
        if tokens[j].break_after or tokens[j].break_before:
            return False
        j -= 1
        skipped += 1
    return j >= 0 and not tokens[j].break_after and tokens[j].norm in _LIKE_VERB_SUBJECT


def _signals_filler(tokens: Sequence[Token], j: int) -> bool:
    """True when the word at j marks a preceding "like" as a filler, not a preposition."""
    norm = norm_at(tokens, j)
    if not norm:
        return False
    if norm in _LIKE_SIGNAL_NEXT or is_filled_pause(norm) or is_number(norm):
        return True
    if norm == "a" and norm_at(tokens, j + 1) in _APPROXIMATE_AFTER_A:
        return True  # "like a few days"
    if norm == "you" and norm_at(tokens, j + 1) == "know":
        return True
    return len(norm) > 4 and norm.endswith("ly") and norm not in _LY_NOT_ADVERBS


def merge_fillers(
    transcript: Sequence[FillerItem], audio: Sequence[FillerItem], tolerance_s: float
) -> list[FillerItem]:
    """Transcript fillers plus the audio detector's, dropping audio items already transcribed.

    An audio item is the same filler as a transcript one when their times overlap, allowing
    `tolerance_s` either side for word-timestamp error. The detector may also re-judge a
    transcribed filled pause (an item with source "transcript" at that word's exact time, such as
    a second "uh" written for one sound): the transcript's item then takes its confidence, and
    its time when the detector says where the sound is (`heard`).
    """
    judged = {(f.start, f.end): f for f in audio if f.source == "transcript"}
    merged = [
        _rejudged(f, judged[f.start, f.end])
        if f.kind == "filled_pause" and (f.start, f.end) in judged
        else f
        for f in transcript
    ]
    # Only filled pauses can be the same sound: "so, um" holds a discourse filler and an um.
    # A written one the detector found no sound for stands for nothing it could have heard.
    # One the detector placed on its sound has an exact time: no tolerance around it.
    retimed = {
        (round(j.start + j.heard[0], 3), round(j.start + j.heard[1], 3))
        for j in judged.values()
        if j.heard is not None and j.start is not None
    }
    timed = [
        (f.start, f.end, 0.0 if (f.start, f.end) in retimed else tolerance_s)
        for f in merged
        if f.start is not None
        and f.end is not None
        and f.kind == "filled_pause"
        and f.confidence > 0
    ]
    for item in audio:
        if item.source == "transcript" or item.start is None or item.end is None:
            continue  # an audio detection without a time cannot be placed or de-duplicated
        lo, hi = item.start, item.end
        if not any(start - tol < hi + tol and lo - tol < end + tol for start, end, tol in timed):
            merged.append(item)
    return merged


def _rejudged(item: FillerItem, judgement: FillerItem) -> FillerItem:
    update: dict[str, float | None] = {"confidence": judgement.confidence}
    if judgement.heard is not None and item.start is not None:
        update["start"] = round(item.start + judgement.heard[0], 3)
        update["end"] = round(item.start + judgement.heard[1], 3)
    return item.model_copy(update=update)


def filler_band(per_minute: float | None, config: FillerConfig) -> PaceBand | None:
    """good / watch / flag for a per-minute rate; None when there is no rate."""
    if per_minute is None:
        return None
    if per_minute <= config.good_per_min:
        return "good"
    return "watch" if per_minute <= config.watch_per_min else "flag"


def summarize_fillers(
    items: Sequence[FillerItem],
    word_count: int,
    minutes: float | None,
    config: FillerConfig,
    detector: str,
    lower_bound: bool,
) -> FillerReport:
    """Counts, rates and the band for a list of fillers (already merged if audio ran).

    Only fillers with at least `config.min_confidence` are counted; the others are listed in
    `unsure` with their confidence, so a reader sees what the detector doubted.
    """
    every = sorted(items, key=lambda f: (f.start is None, f.start or 0.0))
    ordered = [f for f in every if f.confidence >= config.min_confidence]
    unsure = [f for f in every if f.confidence < config.min_confidence]
    by_word: dict[str, int] = {}
    for item in ordered:
        key = canonical_filler(item.text)
        by_word[key] = by_word.get(key, 0) + 1
    count = len(ordered)
    per_minute = round(count / minutes, 2) if minutes else None
    return FillerReport(
        count=count,
        per_minute=per_minute,
        per_100_words=round(100 * count / word_count, 2) if word_count else 0.0,
        filled_pause_count=sum(1 for f in ordered if f.kind == "filled_pause"),
        discourse_count=sum(1 for f in ordered if f.kind == "discourse"),
        by_word=dict(sorted(by_word.items(), key=lambda kv: (-kv[1], kv[0]))),
        band=filler_band(per_minute, config),
        detector=detector,
        lower_bound=lower_bound,
        items=ordered,
        min_confidence=config.min_confidence,
        unsure=unsure,
    )


def filler_note(report: FillerReport) -> str:
    """One plain sentence or two on how the fillers were counted and what the sound added."""
    if report.lower_bound:
        return (
            "Fillers counted from the transcript only: Whisper leaves out most um/uh, so the real "
            "count is likely higher (a lower bound)."
        )
    found = [f for f in report.items if f.source == "audio"]
    if found:
        low, high = min(f.confidence for f in found), max(f.confidence for f in found)
        sure = f"{low:.2f}" if low == high else f"{low:.2f}-{high:.2f}"
        what = (
            f"the sound held {len(found)} um/uh the transcript left out "
            f"(model confidence {sure}; counted from {report.min_confidence:.2f})."
        )
    else:
        what = "the sound held no um/uh that the transcript left out."
    note = f"Fillers counted from the transcript and checked against the sound: {what}"
    if report.unsure:
        note += (
            f" {len(report.unsure)} more possible filler(s) were below that confidence: listed, "
            "not counted."
        )
    return note + " Fillers shorter than 0.3 s can still be missed."
