"""Reports saved by version 1 of the schema (before red flags had ids, and before the verdict's
reasons, the length check and unsure words) still load from the history and render."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.unit.test_history import T0, make_report
from voice_interview.history import DB_NAME, HistoryStore
from voice_interview.models.report import SCHEMA_VERSION, Report
from voice_interview.render.markdown import render_markdown
from voice_interview.render.text import render_text


def version_one(report: Report) -> str:
    """The report as version 1 wrote it: red flags were bare quotes, no newer fields."""
    data = json.loads(report.model_dump_json())
    data["schema_version"] = 1
    rubric = data["rubric"]
    for key in ("content_verdict", "verdict_reasons", "length"):
        rubric.pop(key)
    for signal in rubric["signals"]:
        signal.pop("maybe_misheard")
    rubric["red_flags"] = [{"text": "I would check the logs.", "start": 3.0, "end": 4.5}]
    return json.dumps(data)


def test_schema_version_is_two() -> None:
    assert SCHEMA_VERSION == 2 and make_report().schema_version == 2


def test_a_version_one_report_loads_from_the_history(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    attempt = store.add("lp-disagree", T0, make_report())
    with sqlite3.connect(tmp_path / DB_NAME) as con:
        con.execute(
            "UPDATE attempts SET report_json = ? WHERE id = ?",
            (version_one(attempt.report), attempt.id),
        )
    old = store.get(attempt.id).report
    assert old.schema_version == 1
    (flag,) = old.rubric.red_flags
    assert (flag.id, flag.text, flag.start) == ("question_phrasing", "I would check the logs.", 3.0)
    assert old.rubric.content_verdict is None and old.rubric.length is None
    assert all(s.maybe_misheard == [] for s in old.rubric.signals)
    for rendered in (render_text(old, width=120), render_markdown(old)):
        assert "I would check the logs." in rendered
