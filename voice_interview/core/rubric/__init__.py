"""Deterministic, explainable rubric scoring: `score_rubric(words, question, config)`.

Each signal is found by cue phrases and simple tense and person rules, reports its strength,
quotes the words it relied on and says why in one sentence. The built-in detectors' phrases are in
`cues.toml` beside this file. A text scorer shows its evidence; it is not a judge.
"""

from voice_interview.core.rubric.engine import DETECTORS, score_rubric, verdict
from voice_interview.core.rubric.lexicon import load_lexicon

__all__ = ["DETECTORS", "load_lexicon", "score_rubric", "verdict"]
