"""The written sample answers scored as typed text agree with the seeds' evaluations."""

from __future__ import annotations

import pytest

from tests.sample_answers import SamplePair, load_pairs
from voice_interview.core.questions import load_bank
from voice_interview.pipeline import score_text
from voice_interview.settings import Settings

PAIRS = load_pairs()
BANK = load_bank(None)
SETTINGS = Settings()


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.question_id)
def test_strong_outscores_weak_and_weak_misses_what_the_seed_names(pair: SamplePair) -> None:
    question = BANK.get(pair.question_id)
    strong = score_text(pair.strong_text, question, settings=SETTINGS).rubric
    weak = score_text(pair.weak_text, question, settings=SETTINGS).rubric
    assert strong.score > weak.score
    assert strong.verdict == "raises_the_bar", [s.id for s in strong.signals if not s.met]
    assert weak.verdict == "below_the_bar"
    by_id = {s.id: s for s in weak.signals}
    wrongly_met = [sid for sid in pair.weak_missing if sid in by_id and by_id[sid].met]
    assert wrongly_met == []
    for sid in pair.weak_missing:
        if sid in by_id:
            assert by_id[sid].advice, f"{sid} is missing but has no advice"
    strong_ids = {s.id: s for s in strong.signals}
    not_met = [sid for sid in pair.strong_met if sid in strong_ids and not strong_ids[sid].met]
    assert not_met == []
