"""The question bank: built-in packs, user packs, error messages, and the cue data itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voice_interview.core.questions import (
    DEFAULT_QUESTION_ID,
    QuestionBank,
    builtin_pack_dir,
    load_bank,
    load_pack,
    load_packs,
)
from voice_interview.core.rubric import score_rubric
from voice_interview.errors import QuestionError
from voice_interview.models.config import RubricConfig
from voice_interview.models.cues import phrase_pattern
from voice_interview.models.question import CueSignal, Question
from voice_interview.models.transcript import Transcript

ALL_GENERIC = {
    "metric_specificity",
    "ownership",
    "mechanism",
    "root_cause",
    "monitoring_before",
    "quantified_result",
    "specific_story",
    "star_structure",
}
AI_LP_IDS = [
    "amazon-ai-lp-production-regression",
    "amazon-ai-lp-disagree-and-commit",
    "amazon-ai-lp-responsible-ai",
    "amazon-ai-lp-simplify-cost-latency",
    "amazon-ai-lp-platform-scale",
]
# One question per Leadership Principle described for Machine Learning Engineers.
MLE_LP_IDS = [
    "amazon-mle-lp-customer-obsession",
    "amazon-mle-lp-ownership",
    "amazon-mle-lp-invent-and-simplify",
    "amazon-mle-lp-are-right-a-lot",
    "amazon-mle-lp-learn-and-be-curious",
    "amazon-mle-lp-hire-and-develop",
    "amazon-mle-lp-insist-highest-standards",
    "amazon-mle-lp-think-big",
    "amazon-mle-lp-bias-for-action",
    "amazon-mle-lp-frugality",
    "amazon-mle-lp-earn-trust",
    "amazon-mle-lp-dive-deep",
    "amazon-mle-lp-backbone-disagree-commit",
    "amazon-mle-lp-deliver-results",
    "amazon-mle-lp-earths-best-employer",
    "amazon-mle-lp-broad-responsibility",
]
CHECKLIST = {
    "framing": [
        "assumptions_stated",
        "rejects_accuracy",
        "metric_choice_justified",
        "multiple_thresholds",
        "calibration",
    ],
    "validation": [
        "temporal_group_split",
        "untouched_test_set",
        "segment_coverage",
        "offline_online_causes",
        "concrete_checks",
    ],
    "launch": [
        "launch_criteria",
        "limited_risk_rollout",
        "production_monitors",
        "alert_rollback_conditions",
        "stakeholder_reporting",
    ],
}


@pytest.fixture(scope="module")
def bank() -> QuestionBank:
    return load_bank()


def _generic_ids(q: Question) -> set[str]:
    return {s.id for s in q.generic_signals}


def _cue(q: Question, signal_id: str) -> CueSignal:
    return next(s for s in q.signals if s.id == signal_id)


def _matches(signal: CueSignal, sentence: str) -> bool:
    """Whether one sentence matches any cue of the signal (the data check, not the scorer)."""
    cues = signal.any_of + [c for group in signal.all_of for c in group]
    return any(re.search(phrase_pattern(c), sentence, re.IGNORECASE) for c in cues)


def _red_flag_ids(q: Question, text: str) -> set[str]:
    rubric = score_rubric(Transcript.from_text(text).words, q, RubricConfig())
    return {f.id for f in rubric.red_flags}


# --- the built-in bank ---


def test_builtin_bank_loads_with_unique_ids(bank: QuestionBank) -> None:
    files = sorted(builtin_pack_dir().glob("*.toml"))
    assert len(files) >= 5
    ids = [q.id for path in files for q in load_pack(path)]
    assert len(ids) == len(set(ids)), "duplicate ids in the built-in packs"
    assert bank.ids() == ids
    assert DEFAULT_QUESTION_ID in bank


def test_every_question_records_its_pack_file(bank: QuestionBank) -> None:
    for q in bank:
        assert Path(q.source).parent == builtin_pack_dir()
        assert Path(q.source).suffix == ".toml"


def test_amazon_ownership_question(bank: QuestionBank) -> None:
    q = bank.get("amazon-mle-ownership-offline-online")
    assert (q.company, q.competency, q.kind) == ("Amazon", "Ownership", "story")
    assert (q.target_min_s, q.target_max_s) == (300, 420)
    assert _generic_ids(q) == ALL_GENERIC


def test_meta_move_fast_question(bank: QuestionBank) -> None:
    q = bank.get("meta-mle-move-fast-ambiguity")
    assert (q.company, q.target_min_s, q.target_max_s) == ("Meta", 300, 420)
    cues = {s.id: s for s in q.signals}
    assert set(cues) == {
        "launch_thresholds",
        "automated_rollback",
        "staged_rollout",
        "online_result_cycle_time",
    }
    assert cues["launch_thresholds"].needs_number
    assert cues["online_result_cycle_time"].needs_number
    assert not cues["staged_rollout"].needs_number
    assert _generic_ids(q) == {
        "metric_specificity",
        "ownership",
        "specific_story",
        "quantified_result",
        "star_structure",
    }


def test_model_evaluation_interview(bank: QuestionBank) -> None:
    q = bank.get("mle-model-evaluation-review-queue")
    assert q.kind == "technical"
    assert (q.target_min_s, q.target_max_s) == (1500, 1800)
    assert [(p.id, p.start_min, p.end_min) for p in q.phases] == [
        ("framing", 0, 10),
        ("validation", 10, 22),
        ("launch", 22, 30),
    ]
    assert [t.phase for t in q.turns] == ["framing", "validation", "validation", "launch"]
    by_phase: dict[str, list[str]] = {}
    for s in q.signals:
        assert s.phase is not None
        by_phase.setdefault(s.phase, []).append(s.id)
    assert by_phase == CHECKLIST
    assert not _generic_ids(q) & {"specific_story", "star_structure"}


@pytest.mark.parametrize("question_id", AI_LP_IDS)
def test_amazon_ai_lp_stories(bank: QuestionBank, question_id: str) -> None:
    q = bank.get(question_id)
    assert (q.company, q.kind, q.target_min_s, q.target_max_s) == ("Amazon", "story", 180, 300)
    assert q.signals, "each story prompt needs its own probes as cue signals"
    assert q.generic_signals


def test_ai_lp_probes_that_ask_for_numbers(bank: QuestionBank) -> None:
    assert _cue(bank.get("amazon-ai-lp-production-regression"), "first_24_hours").needs_number
    cost = bank.get("amazon-ai-lp-simplify-cost-latency")
    assert _cue(cost, "latency_cost_baseline").needs_number
    assert _cue(bank.get("amazon-ai-lp-platform-scale"), "platform_adoption").needs_number


@pytest.mark.parametrize("question_id", MLE_LP_IDS)
def test_amazon_mle_leadership_principles(bank: QuestionBank, question_id: str) -> None:
    q = bank.get(question_id)
    assert (q.company, q.kind, q.target_min_s, q.target_max_s) == ("Amazon", "story", 300, 420)
    assert q.signals and q.generic_signals and q.self_check and q.follow_ups


def test_one_question_per_leadership_principle(bank: QuestionBank) -> None:
    lp = [q for q in bank if q.id.startswith("amazon-mle-lp-")]
    assert [q.id for q in lp] == MLE_LP_IDS
    assert len({q.competency for q in lp}) == len(MLE_LP_IDS)


def test_generic_star_story(bank: QuestionBank) -> None:
    q = bank.get("star-story")
    assert (q.company, q.target_min_s, q.target_max_s) == ("Any", 120, 180)
    # Monitoring in place before a problem belongs to incident questions, not to any story.
    assert _generic_ids(q) == ALL_GENERIC - {"monitoring_before"}


def test_every_cue_compiles(bank: QuestionBank) -> None:
    count = 0
    for q in bank:
        patterns = [c for flag in q.red_flag_cues for c in flag.cues + flag.unless]
        for s in q.signals:
            patterns += s.any_of + [c for group in s.all_of for c in group]
        for pattern in patterns:
            re.compile(phrase_pattern(pattern), re.IGNORECASE)
            count += 1
    assert count > 300


def test_built_in_red_flags_have_ids_and_phrases(bank: QuestionBank) -> None:
    ids = [f.id for q in bank for f in q.red_flag_cues]
    assert ids and "question_phrasing" not in ids  # every built-in red flag is named
    for q in bank:
        for flag in q.red_flag_cues:
            assert flag.label and flag.cues, (q.id, flag.id)


def test_story_questions_flag_hypothetical_answers(bank: QuestionBank) -> None:
    for q in bank:
        if q.kind == "story":
            for text in ("I would start by looking at the logs.", "I'd look at the logs."):
                assert "hypothetical" in _red_flag_ids(q, text), (q.id, text)
            hindsight = "Looking back, I would have caught it a day earlier."
            assert "hypothetical" not in _red_flag_ids(q, hindsight), q.id


def test_technical_walkthrough_accepts_i_would(bank: QuestionBank) -> None:
    q = bank.get("mle-model-evaluation-review-queue")
    text = "I would split by time and group by seller."
    assert _red_flag_ids(q, text) == set()
    assert _red_flag_ids(q, "I'd just do a random split and ship it.") == {"random_split"}


# Spoken sentences (as a transcriber writes them) that a cue should, or should not, catch.
CUE_CASES = [
    ("meta-mle-move-fast-ambiguity", "launch_thresholds",
     "Engagement could not drop more than 1% and p99 latency had to stay under 120 ms.", True),
    ("meta-mle-move-fast-ambiguity", "launch_thresholds",
     "Once AUC stabilized we felt confident enough to launch.", False),
    ("meta-mle-move-fast-ambiguity", "automated_rollback",
     "I wired automatic rollback to those two guardrails.", True),
    ("meta-mle-move-fast-ambiguity", "staged_rollout",
     "I launched it to 5% of traffic and then took it to 50%.", True),
    ("meta-mle-move-fast-ambiguity", "staged_rollout",
     "We ran a small holdout to gather more signal.", False),
    ("mle-model-evaluation-review-queue", "rejects_accuracy",
     "Accuracy is misleading here because almost every listing is clean.", True),
    ("mle-model-evaluation-review-queue", "rejects_accuracy",
     "The model has 97% accuracy which is really good.", False),
    ("mle-model-evaluation-review-queue", "limited_risk_rollout",
     "I'd run it in shadow mode first, then a canary.", True),
    ("mle-model-evaluation-review-queue", "calibration",
     "I'd check whether the scores are calibrated with a reliability plot.", True),
    ("amazon-ai-lp-production-regression", "permanent_change",
     "Since then every release runs a null-rate check.", True),
    ("amazon-ai-lp-simplify-cost-latency", "simplification_named",
     "I distilled the two ranking models into one smaller model.", True),
]  # fmt: skip


@pytest.mark.parametrize(("question_id", "signal_id", "sentence", "expected"), CUE_CASES)
def test_cues_fit_spoken_sentences(
    bank: QuestionBank, question_id: str, signal_id: str, sentence: str, expected: bool
) -> None:
    assert _matches(_cue(bank.get(question_id), signal_id), sentence) is expected


# --- lookup and grouping ---


def test_unknown_id_suggests_close_ids(bank: QuestionBank) -> None:
    with pytest.raises(QuestionError) as info:
        bank.get("star-stroy")
    message = str(info.value)
    assert "unknown question id 'star-stroy'" in message
    assert "did you mean: star-story" in message
    assert "voice-interview questions" in message


def test_unknown_id_without_close_match(bank: QuestionBank) -> None:
    with pytest.raises(QuestionError, match="unknown question id 'zzz' \\(run"):
        bank.get("zzz")


# --- user packs ---

USER_PACK = """
[[question]]
id = "{id}"
title = "{title}"
prompt = "Tell me about a time you fixed a flaky test."
competency = "Ownership"
probing = "Whether you fix root causes."
target_min_s = 60
target_max_s = 120

[[question.generic_signals]]
id = "root_cause"
weight = {weight}
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _pack(qid: str = "my-question", title: str = "Mine", weight: str = "1.0") -> str:
    return USER_PACK.format(id=qid, title=title, weight=weight)


def test_user_pack_adds_and_overrides(tmp_path: Path) -> None:
    builtin_ids = load_bank().ids()
    _write(tmp_path / "a.toml", _pack("my-question"))
    override = _write(tmp_path / "b.toml", _pack("star-story", title="My own STAR rubric"))
    bank = load_bank(tmp_path)
    assert bank.ids() == builtin_ids + ["my-question"]
    star = bank.get("star-story")
    assert star.title == "My own STAR rubric"
    assert star.source == str(override)
    assert bank.get("my-question").source == str(tmp_path / "a.toml")


def test_missing_user_dir_gives_builtin_bank(tmp_path: Path) -> None:
    assert load_bank(tmp_path / "absent").ids() == load_bank().ids()


def test_user_dir_that_is_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "questions", "")
    with pytest.raises(QuestionError, match="not a folder"):
        load_bank(path)


def test_duplicate_ids_across_packs(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.toml", _pack("same"))
    second = _write(tmp_path / "b.toml", _pack("same"))
    with pytest.raises(QuestionError) as info:
        load_packs([first, second])
    assert "duplicate question id 'same'" in str(info.value)
    assert str(first) in str(info.value) and str(second) in str(info.value)
    with pytest.raises(QuestionError, match="duplicate"):
        load_bank(tmp_path)


def test_bank_rejects_duplicate_ids(tmp_path: Path) -> None:
    questions = load_pack(_write(tmp_path / "a.toml", _pack("same")))
    with pytest.raises(QuestionError, match="duplicate question id 'same'"):
        QuestionBank(questions + questions)


# --- bad packs: one line naming the file and the place ---


def _error(path: Path) -> str:
    with pytest.raises(QuestionError) as info:
        load_pack(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.toml", '[[question]]\nid = "x"\ntitle = "unterminated\n')
    message = _error(path)
    assert re.search(r": line 3, column \d+: .+ \(fix the TOML syntax\)$", message), message


def test_wrong_type(tmp_path: Path) -> None:
    text = _pack("x").replace("target_min_s = 60", 'target_min_s = "one minute"')
    message = _error(_write(tmp_path / "t.toml", text))
    assert "question 'x' field target_min_s: Input should be a valid number" in message


def test_unknown_key(tmp_path: Path) -> None:
    text = _pack("x").replace('title = "Mine"', 'titel = "Mine"')
    message = _error(_write(tmp_path / "k.toml", text))
    assert "question 'x' field titel: Extra inputs are not permitted" in message
    assert "check its spelling" in message


def test_missing_field(tmp_path: Path) -> None:
    text = _pack("x").replace('probing = "Whether you fix root causes."\n', "")
    message = _error(_write(tmp_path / "m.toml", text))
    assert message.endswith("question 'x' field probing: Field required")


def test_negative_weight(tmp_path: Path) -> None:
    path = _write(tmp_path / "my.toml", _pack("x", weight="-1"))
    message = _error(path)
    assert message == (
        f"{path}: question 'x' field generic_signals.0.weight: Input should be greater than 0"
    )


def test_question_without_id_is_named_by_index(tmp_path: Path) -> None:
    text = _pack("x") + _pack("y").replace('id = "y"\n', "", 1)
    message = _error(_write(tmp_path / "i.toml", text))
    assert "question[1] field id: Field required" in message


def test_bad_regex_is_reported_at_load(tmp_path: Path) -> None:
    text = _pack("x") + (
        '\n[[question.signals]]\nid = "cue"\nlabel = "Cue"\nadvice = "Say it."\n'
        "any_of = ['(unclosed']\n"
    )
    message = _error(_write(tmp_path / "r.toml", text))
    assert "question 'x' field signals.0.any_of" in message
    assert "not a valid regular expression" in message


def test_key_under_the_wrong_table_is_caught(tmp_path: Path) -> None:
    # In TOML a key written after [[question.generic_signals]] belongs to that signal.
    text = _pack("x") + 'follow_ups = ["Why?"]\n'
    message = _error(_write(tmp_path / "w.toml", text))
    assert "question 'x' field generic_signals.0.follow_ups" in message


def test_several_errors_are_counted(tmp_path: Path) -> None:
    text = _pack("x", weight="-1").replace('title = "Mine"', 'titel = "Mine"')
    message = _error(_write(tmp_path / "s.toml", text))
    assert message.endswith("(and 2 more errors)")


def test_empty_pack(tmp_path: Path) -> None:
    message = _error(_write(tmp_path / "empty.toml", "# nothing yet\n"))
    assert "no questions" in message


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in _error(tmp_path / "absent.toml")


def test_documented_example_pack_loads(tmp_path: Path) -> None:
    # The example in docs/questions.md is meant to be copied; keep it valid.
    doc = Path(__file__).resolve().parents[2] / "docs" / "questions.md"
    example = re.search(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None
    _write(tmp_path / "example.toml", example.group(1))
    question = load_bank(tmp_path).get("flaky-test-fix")
    assert question.signals[0].needs_number
    assert question.follow_ups == ["How did you know it was fixed?"]
