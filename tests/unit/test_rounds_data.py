"""Rounds as data: the built-in rounds, user rounds, the interviewer's script, error messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voice_interview.core.questions import load_bank
from voice_interview.core.rounds.loader import (
    RoundBook,
    builtin_round_dir,
    load_round_file,
    load_rounds,
    load_script,
)
from voice_interview.core.rounds.plan import make_plan
from voice_interview.errors import RoundError

BUILT_IN = [
    "amazon-lp-loop-60",
    "meta-mle-behavioural-45",
    "mle-model-evaluation-30",
    "quick-drill-15",
]
MODEL_EVAL_QUESTION = "mle-model-evaluation-review-queue"


@pytest.fixture(scope="module")
def book() -> RoundBook:
    return load_rounds(load_bank(None))


def minutes(book: RoundBook, round_id: str) -> list[tuple[str, float, float]]:
    return [(p.id, p.start_min, p.end_min) for p in book.get(round_id).phases]


def test_the_four_built_in_rounds_load(book: RoundBook) -> None:
    assert sorted(r.id for r in book) == BUILT_IN
    for round_ in book:
        assert round_.source.endswith(f"{round_.id}.toml")


def test_model_evaluation_round_follows_the_seed(book: RoundBook) -> None:
    round_ = book.get("mle-model-evaluation-30")
    assert minutes(book, round_.id) == [
        ("framing", 0, 10),
        ("validation", 10, 22),
        ("launch", 22, 30),
    ]
    plan = make_plan(round_, book.questions, None)
    # The four interviewer turns are the main questions, in their phases.
    assert [(p.title, p.phase) for p in plan] == [
        ("Choosing the metrics", "framing"),
        ("Designing the split", "validation"),
        ("The offline-online gap", "validation"),
        ("Monitoring and alerts", "launch"),
    ]
    assert round_.limits.per_round == 6  # "up to six follow-ups"
    # Fifteen checklist items, five per phase.
    checklist = book.questions[MODEL_EVAL_QUESTION]
    by_phase: dict[str, int] = {}
    for signal in checklist.signals:
        by_phase[signal.phase or ""] = by_phase.get(signal.phase or "", 0) + 1
    assert by_phase == {"framing": 5, "validation": 5, "launch": 5}
    # The rubric: 100 points in four dimensions, and every item earns points somewhere.
    assert [(d.id, d.points) for d in round_.dimensions] == [
        ("objectives_alignment", 30),
        ("level_expectations", 30),
        ("technical_proficiency", 20),
        ("communication", 20),
    ]
    scored = {s for d in round_.dimensions for s in d.signals}
    assert scored == {s.id for s in checklist.signals}


def test_amazon_loop_has_its_four_parts(book: RoundBook) -> None:
    round_ = book.get("amazon-lp-loop-60")
    assert minutes(book, round_.id) == [
        ("introductions", 0, 5),
        ("deep_dives", 5, 45),
        ("cross_examination", 45, 55),
        ("your_questions", 55, 60),
    ]
    plan = make_plan(round_, book.questions, None)
    roles = ["opening", "story", "story", "story", "hypothetical", "closing"]
    assert [p.role for p in plan] == roles
    stories = [book.questions[p.question_id] for p in plan if p.role == "story"]
    assert all(q.company == "Amazon" for q in stories)
    assert len({q.id for q in stories}) == 3
    assert round_.families == [
        "specifics", "ownership", "numbers", "mechanisms", "alternatives", "risk", "learning"
    ]  # fmt: skip


def test_a_seed_draws_other_stories_the_same_way_every_time(book: RoundBook) -> None:
    round_ = book.get("amazon-lp-loop-60")

    def stories(seed: int | None) -> list[str]:
        return [p.question_id for p in make_plan(round_, book.questions, seed) if p.role == "story"]

    assert stories(None) == stories(0)
    assert stories(2) == stories(2)
    assert stories(2) != stories(0)
    assert stories(2)[0] == round_.main[1].pool[2]


def test_meta_round_and_quick_drill(book: RoundBook) -> None:
    meta = book.get("meta-mle-behavioural-45")
    assert meta.minutes == 45
    plan = make_plan(meta, book.questions, None)
    stories = [p for p in plan if p.role == "story"]
    assert stories[0].question_id == "meta-mle-move-fast-ambiguity"
    assert stories[0].value == "Move Fast"
    assert all(p.value != book.questions[p.question_id].competency for p in stories[1:])
    drill = book.get("quick-drill-15")
    assert drill.minutes == 15
    assert drill.limits.per_story == 3
    assert [p.role for p in make_plan(drill, book.questions, None)] == ["story"]


def test_slots_share_each_phase(book: RoundBook) -> None:
    plan = make_plan(book.get("amazon-lp-loop-60"), book.questions, None)
    stories = [p for p in plan if p.role == "story"]
    assert [(p.slot_start_s, p.slot_end_s) for p in stories] == [
        (300, pytest.approx(1100)),
        (pytest.approx(1100), pytest.approx(1900)),
        (pytest.approx(1900), pytest.approx(2700)),
    ]


def test_every_family_signal_is_a_real_signal(book: RoundBook) -> None:
    known: set[str] = {s.id for q in book.questions.values() for s in q.generic_signals}
    known |= {s.id for q in book.questions.values() for s in q.signals}
    script = load_script()
    for family in script.family:
        assert set(family.signals) <= known, family.id
    for probe in script.probe:
        assert set(probe.signals) <= known


def test_every_story_signal_of_the_story_rounds_can_be_probed(book: RoundBook) -> None:
    """A gap nothing aims at is never asked about: each signal of the stories the rounds draw
    has a family or a written follow-up, except the STAR shape, which no interviewer probes."""
    script = load_script()
    claimed = {s for f in script.family for s in f.signals} | {
        s for p in script.probe for s in p.signals
    }
    for round_id in ("amazon-lp-loop-60", "meta-mle-behavioural-45", "quick-drill-15"):
        round_ = book.get(round_id)
        for main in make_plan(round_, book.questions, None) + make_plan(round_, book.questions, 3):
            if not main.probe:
                continue
            question = book.questions[main.question_id]
            ids = {s.id for s in question.generic_signals} | {s.id for s in question.signals}
            assert ids - claimed <= {"star_structure"}, (round_id, question.id)


def test_model_evaluation_checklist_items_each_have_a_follow_up(book: RoundBook) -> None:
    round_ = book.get("mle-model-evaluation-30")
    aimed = {s for p in round_.probes for s in p.signals}
    assert aimed == {s.id for s in book.questions[MODEL_EVAL_QUESTION].signals}


# --- User rounds --------------------------------------------------------------------------------

QUICK = """
[round]
id = "{id}"
title = "My drill"
description = "One story."
families = ["numbers"]

[[round.phases]]
id = "story"
title = "the story"
start_min = 0
end_min = 10

[[round.main]]
phase = "story"
question = "star-story"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_round_is_added_and_one_with_a_built_in_id_replaces_it(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", QUICK.replace("{id}", "my-drill"))
    write(tmp_path, "b.toml", QUICK.replace("{id}", "quick-drill-15"))
    book = load_rounds(load_bank(None), tmp_path)
    assert book.get("my-drill").minutes == 10
    assert book.get("quick-drill-15").title == "My drill"
    assert len(book) == 5


def test_an_unknown_round_id_names_close_ones(book: RoundBook) -> None:
    close = r"unknown round id 'quick-dril'; did you mean: quick-drill-15"
    with pytest.raises(RoundError, match=close):
        book.get("quick-dril")


PROBE = '\n[[round.probes]]\nsignals = ["{signal}"]\nred_flags = ["{flag}"]\nask = "?"\n'
BAD_ROUNDS = [
    # (text to replace, its replacement; or "" and text to append), the message expected
    (('title = "My drill"', 'titel = "My drill"'),
     r"b\.toml: field round\.titel: Extra inputs are not permitted "
     r"\(unknown field: check its spelling\)"),
    (('question = "star-story"', 'question = "star-stroy"'),
     r"b\.toml: round 'mine' field main\.0: unknown question id 'star-stroy'; "
     r"did you mean: star-story\?"),
    (('phase = "story"', 'phase = "stroy"'),
     r"b\.toml: field round: a main question names unknown phase 'stroy'"),
    (('families = ["numbers"]', 'families = ["nubmers"]'),
     r"b\.toml: round 'mine' field families: unknown probe family 'nubmers'"),
    (("end_min = 10", "end_min = 0"),
     r"b\.toml: field round\.phases\.0\.end_min: Input should be greater than 0"),
    (("start_min = 0", "start_min = 12"),
     r"b\.toml: field round\.phases\.0: end_min must be greater than start_min"),
    (("[[round.phases]]", "round.phases"),
     r"b\.toml: line \d+, column \d+: .* \(fix the TOML syntax\)"),
    (('question = "star-story"', 'pool = ["star-story"]\npick = 2'),
     r"b\.toml: field round\.main\.0: pick is 2 but the pool has 1 questions"),
    (("", PROBE.format(signal="ownership", flag="(unclosed")),
     r"b\.toml: field round\.probes\.0\.red_flags: '\(unclosed' is not a valid regular"),
    (("", PROBE.format(signal="made_up", flag="x")),
     r"b\.toml: round 'mine' field probes\.0\.signals: unknown signal 'made_up'"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "message"), BAD_ROUNDS)
def test_a_bad_user_round_is_one_line_naming_file_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    text = QUICK.replace("{id}", "mine")
    text = text.replace(old, new) if old else text + new
    write(tmp_path, "b.toml", text)
    with pytest.raises(RoundError) as caught:
        load_rounds(load_bank(None), tmp_path)
    said = str(caught.value)
    assert "\n" not in said
    assert re.search(message, said), said


def test_a_file_with_neither_round_nor_questions_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.toml", "# nothing\n")
    with pytest.raises(RoundError, match=r"empty\.toml: field round: .*no round"):
        load_round_file(path)


def test_round_questions_are_kept_apart_from_the_question_bank(book: RoundBook) -> None:
    bank = load_bank(None)
    own = {"round-introduction", "round-hypothetical", "round-candidate-questions"}
    assert own <= set(book.questions)
    assert not own & set(bank.ids())
    assert (builtin_round_dir() / "conversation.toml").is_file()
