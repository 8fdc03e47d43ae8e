"""The answer screen: speaking the question, recording, pausing, the timer zones, problems."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import Kit, wait_for
from tests.tui.fakes import FakeSpeaker
from voice_interview.errors import VoiceInterviewError
from voice_interview.tui.app import VoiceInterviewApp
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.picker import PickerScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.widgets.timer import AnswerTimer


def answer_screen(app: VoiceInterviewApp) -> AnswerScreen:
    screen = app.screen
    assert isinstance(screen, AnswerScreen)
    return screen


async def test_speaks_the_question_then_is_ready(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        assert kit.speaker.spoken == [screen.question.prompt]
        assert screen.has_class("-ready")
        assert not kit.recorders.made


async def test_space_while_speaking_stops_the_voice_before_recording(kit: Kit) -> None:
    kit.speaker = FakeSpeaker(hold=True, log=kit.recorders.log)
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: kit.speaker.spoken != [])
        assert screen.speaking
        await pilot.press("space")
        await wait_for(pilot, lambda: screen.state == "recording")
        assert kit.speaker.stops >= 1
        # The voice had gone quiet before the recorder started.
        assert kit.recorders.log == ["speak", "quiet", "record"]


async def test_tts_unavailable_is_said_once_and_practice_goes_on(kit: Kit) -> None:
    kit.speaker = FakeSpeaker(available=False)
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AnswerScreen))
        await pilot.press("r", "space")
        await wait_for(pilot, lambda: answer_screen(app).state == "recording")
        warnings = [n for n in app._notifications if "Text-to-speech" in n.message]
        assert len(warnings) == 1
        assert kit.speaker.spoken == []


async def test_tts_failure_is_reported_once(kit: Kit) -> None:
    kit.speaker = FakeSpeaker(fail=RuntimeError("aplay: not found"))
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking and kit.speaker.spoken != [])
        await pilot.press("r")
        await wait_for(pilot, lambda: len(kit.speaker.spoken) == 2 and not screen.speaking)
        messages = [n.message for n in app._notifications]
        assert sum("aplay: not found" in m for m in messages) == 1


async def test_record_pause_resume_stop_scores_and_shows_report(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        assert screen.state == "recording" and screen.has_class("-recording")
        recorder = kit.recorders.made[0]
        _, path, device, rate = recorder.calls[0]
        assert path.parent == kit.data_dir / "recordings"
        assert path.name.startswith("amazon-ownership-drop-") and path.suffix == ".wav"
        assert (device, rate) == (None, 16000)
        assert app.active_recorder is recorder
        await pilot.press("r")  # must not speak over the answer
        assert len(kit.speaker.spoken) == 1
        await pilot.press("p")
        assert screen.state == "paused" and screen.has_class("-paused")
        await pilot.press("p")
        assert screen.state == "recording"
        await pilot.press("space")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert isinstance(app.screen, ReportScreen)
        assert [c[0] for c in recorder.calls] == ["start", "pause", "resume", "stop"]
        assert kit.scorer.calls == [(path, "amazon-ownership-drop")]
        stored = kit.history.list()
        assert [a.question_id for a in stored] == ["amazon-ownership-drop"]
        # The recording moved into the history, and the report plays it from there.
        assert stored[0].audio_path is not None and stored[0].audio_path.exists()
        assert not path.exists()
        assert app.screen.audio_path == stored[0].audio_path
        assert app.active_recorder is None


async def test_timer_zone_classes_change_at_the_target_ends(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        timer = screen.query_one(AnswerTimer)
        recorder = kit.recorders.made[0]
        seen = {}
        for seconds in (299.9, 300.0, 419.9, 420.0, 900.0):
            recorder.elapsed_s = seconds
            screen._tick()
            seen[seconds] = sorted(c for c in timer.classes if c.startswith("-"))
        assert seen == {
            299.9: ["-under"],
            300.0: ["-in-zone"],
            419.9: ["-in-zone"],
            420.0: ["-over-time"],
            900.0: ["-over-time"],  # no hard stop: still recording
        }
        assert screen.state == "recording"


async def test_level_meter_and_silence_warning_follow_the_recorder(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        recorder = kit.recorders.made[0]
        recorder.level = 0.25
        recorder.silence_warning = True
        await wait_for(pilot, lambda: screen.has_class("-silent"))
        assert screen.query_one("#level").level == 0.25  # type: ignore[attr-defined]
        assert screen.query_one("#silence-warning").display
        recorder.silence_warning = False
        await wait_for(pilot, lambda: not screen.has_class("-silent"))
        assert not screen.query_one("#silence-warning").display


async def test_no_input_device_is_shown_and_the_app_stays_usable(kit: Kit) -> None:
    kit.recorders.fail = VoiceInterviewError("no audio input device found: connect a microphone")
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        assert screen.state == "ready"
        assert screen.has_class("-problem")
        assert "no audio input device" in str(screen.query_one("#answer-problem").render())
        assert any("no audio input device" in n.message for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerScreen))


async def test_device_lost_mid_answer_scores_what_was_recorded(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        recorder = kit.recorders.made[0]
        recorder.error = "recording stopped: the input device stopped; the audio so far was kept"
        await wait_for(pilot, lambda: isinstance(app.screen, ReportScreen))
        assert kit.scorer.calls and kit.scorer.calls[0][0] == recorder.path
        assert any("input device stopped" in n.message for n in app._notifications)


async def test_leaving_while_recording_is_refused(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space", "f3", "escape", "f2")
        assert app.screen is screen and screen.state == "recording"
        assert any("Stop your answer first" in n.message for n in app._notifications)


async def test_ctrl_c_while_recording_stops_the_recorder_and_quits(kit: Kit) -> None:
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space")
        path = kit.recorders.made[0].path
        await pilot.press("ctrl+c")
    assert kit.recorders.made[0].calls[-1] == ("stop",)
    assert app.saved_on_exit == path and isinstance(path, Path) and path.exists()
    assert app.return_code == 0


async def test_phased_question_shows_the_current_phase_and_its_checklist(kit: Kit) -> None:
    app = kit.app("model-eval-loop")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = answer_screen(app)
        await wait_for(pilot, lambda: not screen.speaking)
        panel = screen.query_one("#phases")
        text = str(panel.render())
        assert "Frame the goal" in text and "States the business goal" in text
        assert "Chooses offline metrics" not in text
        await pilot.press("space")
        kit.recorders.made[0].elapsed_s = 6 * 60
        screen._tick()
        text = str(panel.render())
        assert "▶ 5:00-15:00  Offline metrics" in text
        assert "Chooses offline metrics" in text and "States the business goal" not in text
        assert "Which offline metrics?" in text
        await wait_for(
            pilot,
            lambda: any(n.message == "Next phase: Offline metrics" for n in app._notifications),
        )
