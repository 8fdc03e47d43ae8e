"""A corrected transcript laid over the timed words: kept words keep their times, changed ones
take their neighbours'."""

from __future__ import annotations

from voice_interview.core.realign import realign
from voice_interview.models.transcript import Word


def timed(text: str, step: float = 0.5, length: float = 0.4) -> list[Word]:
    return [
        Word(text=t, start=i * step, end=i * step + length, probability=0.9)
        for i, t in enumerate(text.split())
    ]


def test_a_misheard_word_takes_the_time_of_the_word_it_replaces() -> None:
    words = realign(timed("so we wrote the model back"), "so we rolled the model back")
    assert [w.text for w in words] == ["so", "we", "rolled", "the", "model", "back"]
    rolled = words[2]
    assert (rolled.start, rolled.end, rolled.probability) == (1.0, 1.4, None)
    # Every other word is the transcriber's own, time and confidence untouched.
    kept = [w for i, w in enumerate(words) if i != 2]
    assert kept == [w for i, w in enumerate(timed("so we wrote the model back")) if i != 2]


def test_case_and_punctuation_edits_keep_the_times() -> None:
    original = timed("we found the root cause it was a stale feature")
    words = realign(original, "We found the root cause: it was a stale feature.")
    assert [(w.start, w.end, w.probability) for w in words] == [
        (w.start, w.end, w.probability) for w in original
    ]
    assert words[4].text == "cause:" and words[-1].text == "feature."


def test_one_word_heard_as_two_shares_its_stretch_by_length() -> None:
    words = realign(timed("the cash miss rate"), "the cache-miss rate")
    assert [w.text for w in words] == ["the", "cache-miss", "rate"]
    assert (words[1].start, words[1].end) == (0.5, 1.4)  # from "cash" start to "miss" end


def test_several_words_for_one_share_its_time_in_proportion_to_their_length() -> None:
    words = realign(timed("we rolled it back by noon"), "we rolled it back by twelve noon")
    twelve, noon = words[5], words[6]
    assert twelve.text == "twelve" and noon.text == "noon"
    assert noon.start == 2.5 and noon.probability == 0.9  # "noon" was heard: it keeps its time
    # "twelve" was not said as far as the transcriber knew: it fills the gap before "noon".
    assert twelve.start is not None and twelve.end is not None
    assert 2.4 <= twelve.start <= twelve.end <= 2.5


def test_added_and_deleted_words() -> None:
    original = timed("um we we shipped it")
    words = realign(original, "we shipped it within a day")
    assert [w.text for w in words] == ["we", "shipped", "it", "within", "a", "day"]
    assert words[0].start in (0.5, 1.0)  # one of the two "we"
    # Words added after the last one have no audio after it: they sit at its end.
    assert all(w.start == original[-1].end for w in words[3:])
    assert all((a.start or 0) <= (b.start or 0) for a, b in zip(words, words[1:], strict=False))


def test_typed_words_stay_untimed() -> None:
    typed = [Word(text=t) for t in "we wrote it back".split()]
    words = realign(typed, "we rolled it back")
    assert [w.text for w in words] == ["we", "rolled", "it", "back"]
    assert all(w.start is None and w.end is None for w in words)
