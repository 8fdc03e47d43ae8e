"""Nothing in the product opens a network connection while scoring."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from tests.audio_util import REAL


def test_scoring_opens_no_socket(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(tmp_path))
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise AssertionError(f"network connection attempted to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    # Not even the hub's offline switch: the product must not rely on it.
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)

    from voice_interview.core.questions import load_bank
    from voice_interview.pipeline import score_audio
    from voice_interview.settings import load_settings

    question = load_bank(None).get("amazon-mle-ownership-offline-online")
    report = score_audio(REAL / "jfk.flac", question, settings=load_settings())
    assert "ask not what your country" in report.transcript.text.lower()
    assert attempts == []
