"""App-wide behaviour: settings, help, command palette, recovery offer, small terminals."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Input, Select, Switch

from tests.tui.conftest import Kit, wait_for, wait_for_screen
from tests.tui.data import write_wav
from tests.tui.fakes import FakeSpeaker
from voice_interview.errors import VoiceInterviewError
from voice_interview.settings import Settings
from voice_interview.tui.screens.answer import AnswerScreen
from voice_interview.tui.screens.dialogs import ConfirmScreen
from voice_interview.tui.screens.help import HelpScreen, binding_rows
from voice_interview.tui.screens.history import HistoryScreen
from voice_interview.tui.screens.picker import PickerScreen
from voice_interview.tui.screens.report import ReportScreen
from voice_interview.tui.screens.scoring import ScoringScreen
from voice_interview.tui.screens.settings import (
    FOLDER,
    SettingsScreen,
    voice_choices,
    with_saved,
)
from voice_interview.tui.widgets.too_small import TooSmall


def test_voice_choices_take_objects_or_names() -> None:
    class Voice:
        def __init__(self, id: str, name: str) -> None:  # noqa: A002
            self.id, self.name = id, name

    assert voice_choices([Voice("gmw/en-us", "English (America)"), "en-gb"]) == [
        ("English (America)", "gmw/en-us"),
        ("en-gb", "en-gb"),
    ]
    assert with_saved([("a", "a")], "gone") == [("a", "a"), ("gone (not available now)", "gone")]


async def test_settings_lists_devices_and_voices_and_saves(kit: Kit) -> None:
    applied: list[Settings] = []
    app = kit.app(on_settings=applied.append)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        device = screen.query_one("#device", Select)
        await wait_for(pilot, lambda: len(device._options) == 3)  # blank + two devices
        output = screen.query_one("#output", Select)
        await wait_for(pilot, lambda: len(output._options) == 4)
        voice = screen.query_one("#voice", Select)
        await wait_for(pilot, lambda: len(voice._options) == 3)
        device.value = "ALSA: pulse"
        output.value = "ALSA: hw"
        voice.value = "en-gb"
        screen.query_one("#rate", Input).value = "150"
        model = screen.query_one("#model", Select)
        await wait_for(pilot, lambda: len(model._options) == 3)  # two models and "a folder"
        model.value = "small.en"
        screen.query_one("#tts-enabled", Switch).value = False
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PickerScreen)
    assert kit.checked[-1] == "small.en"  # checked before it was saved
    saved = kit.saved[0]
    assert (saved.audio.input_device, saved.audio.output_device) == ("ALSA: pulse", "ALSA: hw")
    assert (saved.tts.voice, saved.tts.rate, saved.tts.enabled) == ("en-gb", 150, False)
    assert saved.model.name == "small.en"
    assert app.settings == saved and applied == [saved]


async def test_settings_rejects_a_bad_rate(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        screen.query_one("#rate", Input).value = "9000"
        await pilot.press("ctrl+s")
        assert "rate" in str(screen.query_one("#settings-error").render())
        assert kit.saved == [] and app.screen is screen


async def test_settings_shows_a_device_listing_error(kit: Kit) -> None:
    def no_portaudio() -> list[str]:
        raise VoiceInterviewError("PortAudio is not installed: install libportaudio2")

    kit.speaker = FakeSpeaker(available=False)
    app = kit.app(devices=no_portaudio, output_devices=no_portaudio)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        note = screen.query_one("#device-note")
        await wait_for(pilot, lambda: "PortAudio is not installed" in str(note.render()))
        output_note = screen.query_one("#output-note")
        assert "PortAudio is not installed" in str(output_note.render())
        voice_note = screen.query_one("#voice-note")
        await wait_for(pilot, lambda: "not available" in str(voice_note.render()))


def test_binding_rows_merge_actions_on_one_key() -> None:
    rows = dict(binding_rows(AnswerScreen.BINDINGS))
    assert rows["Space"] == "Start answer / Stop & score"
    assert rows["p"] == "Pause / Resume"


async def test_help_lists_every_screen_and_closes(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f1")
        screen = await wait_for_screen(pilot, HelpScreen)
        text = str(screen.query_one("#help-text").render())
        for section in ("Everywhere", "Questions", "Answer", "Report", "History", "Settings"):
            assert section in text
        assert "Export Markdown" in text and "Ctrl+C" in text
        await pilot.press("escape")
        await wait_for_screen(pilot, PickerScreen)


async def test_command_palette_opens_a_question(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"practise shipped")
        await wait_for(
            pilot,
            lambda: (
                "Shipped" in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, AnswerScreen)
        assert screen.question.id == "meta-move-fast"


async def test_command_palette_has_the_main_actions(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"history")
        await wait_for(
            pilot,
            lambda: (
                "History" in str(app.screen.query_one(CommandList).get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await wait_for_screen(pilot, HistoryScreen)


async def test_offers_to_score_an_interrupted_recording(kit: Kit) -> None:
    leftover = kit.data_dir / "recordings" / "amazon-ownership-drop-20250314-093000.wav"
    write_wav(leftover)
    kit.recovered = [leftover]
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await wait_for_screen(pilot, ConfirmScreen)
        assert str(leftover) in dialog.message
        await pilot.press("y")
        picker = await wait_for_screen(pilot, PickerScreen)
        assert picker.recovered == leftover
        await pilot.press("enter")
        await wait_for_screen(pilot, ReportScreen)
    assert kit.scorer.calls == [(leftover, "amazon-ownership-drop")]


async def test_declining_the_recovery_keeps_the_file(kit: Kit) -> None:
    leftover = kit.data_dir / "recordings" / "x.wav"
    write_wav(leftover)
    kit.recovered = [leftover]
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("n")
        await wait_for_screen(pilot, PickerScreen)
    assert leftover.exists() and kit.scorer.calls == []


async def test_unknown_start_question_is_reported(kit: Kit) -> None:
    app = kit.app("no-such-question")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert any("no-such-question" in n.message for n in app._notifications)


async def test_too_small_terminal_shows_a_message(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        message = app.screen.query_one(TooSmall)
        assert app.has_class("-too-small") and message.display
        await pilot.resize_terminal(100, 30)
        assert not app.has_class("-too-small")
        assert not message.display
        await pilot.resize_terminal(100, 19)
        assert app.has_class("-too-small") and message.display


async def test_ctrl_c_quits_from_any_screen(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test() as pilot:
        await pilot.press("f1", "ctrl+c")
    assert app.return_code == 0


async def test_quit_while_scoring_cancels_it(kit: Kit) -> None:
    from tests.tui.fakes import FakeScorer

    kit.scorer = FakeScorer(hold=True)
    app = kit.app("amazon-ownership-drop")
    async with app.run_test() as pilot:
        screen = await wait_for_screen(pilot, AnswerScreen)
        await wait_for(pilot, lambda: not screen.speaking)
        await pilot.press("space", "space")
        scoring = await wait_for_screen(pilot, ScoringScreen)
        await wait_for(pilot, kit.scorer.started.is_set)
        await pilot.press("ctrl+c")
    assert scoring.cancel_event.is_set()


async def test_the_real_parts_fit_the_app(kit: Kit) -> None:
    """The CLI's app: real question bank, history store, recorder and speaker (not used here)."""
    from voice_interview.tui.wiring import build_real_app

    app = build_real_app(Settings(), None)
    async with app.run_test(size=(100, 30)) as pilot:
        picker = await wait_for_screen(pilot, PickerScreen)
        assert len(picker.shown_ids) >= 3  # the built-in question bank
        await pilot.press("f3")
        history = await wait_for_screen(pilot, HistoryScreen)
        trend_line = history.query_one("#history-trend")
        await wait_for(pilot, lambda: "No attempts yet" in str(trend_line.render()))


async def test_a_saved_output_that_is_gone_is_kept_and_marked(kit: Kit) -> None:
    kit.settings = Settings(audio={"output_device": "USB headset"})  # type: ignore[arg-type]
    kit.outputs = []
    app = kit.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        note = screen.query_one("#output-note")
        await wait_for(pilot, lambda: "No output devices found" in str(note.render()))
        assert "No output devices found" in str(note.render())
        output = screen.query_one("#output", Select)
        assert output.value == "USB headset"
        assert "USB headset (not available now)" in [str(o[0]) for o in output._options]
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PickerScreen)
    assert kit.saved[0].audio.output_device == "USB headset"


# The command palette ----------------------------------------------------------------------------


def palette_prompts(app: object) -> list[str]:
    found = app.screen.query_one(CommandList)  # type: ignore[attr-defined]
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def test_command_palette_finds_a_question_by_its_id_or_company(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"model-eval")
        await wait_for(pilot, lambda: any("Evaluate" in p for p in palette_prompts(app)))
        assert "Practise: Evaluate a ranking model" in palette_prompts(app)[0]
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, AnswerScreen)
        assert screen.question.id == "model-eval-loop"


async def test_command_palette_offers_the_screens_own_actions(kit: Kit) -> None:
    seed = kit.history.seed
    from tests.tui.data import make_report, questions

    seed([make_report(questions()[0])])
    app = kit.app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        history = await wait_for_screen(pilot, HistoryScreen)
        await wait_for(pilot, lambda: history.attempts != [])
        await pilot.press("enter")
        report = await wait_for_screen(pilot, ReportScreen)
        await pilot.press("ctrl+p", *"export markdown")
        await wait_for(pilot, lambda: any("Export Markdown" in p for p in palette_prompts(app)))
        await pilot.press("enter")
        await wait_for(pilot, lambda: (kit.data_dir / "exports").exists())
        assert app.screen is report
        assert [p.suffix for p in (kit.data_dir / "exports").iterdir()] == [".md"]


# The transcription model ------------------------------------------------------------------------


def quiet(kit: Kit, model: str = "bundled") -> None:
    kit.settings = Settings(tts={"enabled": False}, model={"name": model})  # type: ignore[arg-type]


async def test_a_model_that_cannot_load_is_said_at_start_and_nothing_is_recorded(
    kit: Kit,
) -> None:
    quiet(kit, "medium.en")
    kit.broken_models["medium.en"] = "the model 'medium.en' is not on this machine"
    app = kit.app("amazon-ownership-drop")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(
            pilot, lambda: any("cannot be used" in n.message for n in app._notifications)
        )
        warning = next(n.message for n in app._notifications if "cannot be used" in n.message)
        assert "'medium.en' is not on this machine" in warning
        assert "Settings (F4)" in warning and "--" not in warning  # the app's keys, no flags
        answer = await wait_for_screen(pilot, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: answer.has_class("-problem"))
        assert answer.state == "ready" and kit.recorders.made == []  # never recorded
        assert "Settings (F4)" in str(answer.query_one("#answer-problem").render())

        # F4, another model, saved: now Space records.
        await pilot.press("f4")
        settings = await wait_for_screen(pilot, SettingsScreen)
        model = settings.query_one("#model", Select)
        await wait_for(pilot, lambda: len(model._options) == 4)  # 2 found, the saved one, a folder
        assert any("medium.en (saved, but not found" in str(o[0]) for o in model._options)
        model.value = "bundled"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, PickerScreen)
        assert app.settings.model.name == "bundled"
        await pilot.press("enter")
        answer = await wait_for_screen(pilot, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: answer.state == "recording")
    assert kit.checked.count("medium.en") == 1  # checked once, the answer reused the result


async def test_settings_refuse_a_model_that_cannot_load(kit: Kit) -> None:
    quiet(kit)
    kit.broken_models["/models/half"] = "the folder /models/half has no model.bin"
    app = kit.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        model = screen.query_one("#model", Select)
        folder = screen.query_one("#model-folder", Input)
        assert not folder.display
        await wait_for(pilot, lambda: len(model._options) == 3)
        model.focus()
        model.value = FOLDER
        await wait_for(pilot, lambda: folder.display)
        folder.value = "/models/half"
        await pilot.press("ctrl+s")
        error = screen.query_one("#settings-error")
        await wait_for(pilot, lambda: "Not saved" in str(error.render()))
        assert "has no model.bin" in str(error.render())
        assert kit.saved == [] and app.screen is screen
        folder.value = ""
        await pilot.press("ctrl+s")
        assert "Type the folder" in str(error.render())


async def test_settings_errors_read_as_sentences(kit: Kit) -> None:
    app = kit.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f4")
        screen = await wait_for_screen(pilot, SettingsScreen)
        screen.query_one("#rate", Input).value = "9000"
        await pilot.press("ctrl+s")
        shown = str(screen.query_one("#settings-error").render())
        assert shown == "The speaking rate must be at most 400 words per minute, not 9000."


async def test_f4_opens_settings_over_the_scoring_error(kit: Kit) -> None:
    from tests.tui.fakes import FakeScorer
    from voice_interview.errors import ModelError

    quiet(kit)
    kit.scorer = FakeScorer(fail=ModelError("the model files are damaged"))
    app = kit.app("amazon-ownership-drop")
    async with app.run_test(size=(100, 30)) as pilot:
        answer = await wait_for_screen(pilot, AnswerScreen)
        await pilot.press("space")
        await wait_for(pilot, lambda: answer.state == "recording")
        await pilot.press("space")
        scoring = await wait_for_screen(pilot, ScoringScreen)
        await wait_for(pilot, lambda: scoring.has_class("-failed"))
        await pilot.press("f4")
        await wait_for_screen(pilot, SettingsScreen)
        # The recording was kept as not scored before the dialog went.
        assert [u.error for u in kit.history.unscored()] == [
            "The transcription model cannot be used: the model files are damaged. Choose "
            "another in Settings (F4); until then nothing can be recorded."
        ]


def test_model_problems_drop_the_command_lines_hints() -> None:
    from voice_interview.tui.format import model_problem

    # The transcriber's own messages, as the command line shows them.
    for message in (
        "model 'medium.en' is not on this machine; pass a CTranslate2 model directory with "
        "--model PATH, or use --model bundled",
        "could not load model 'm': bad header (the model files may be damaged; reinstall them "
        "or use --model bundled)",
    ):
        shown = model_problem(message)
        assert "--" not in shown and "Settings (F4)" in shown
        assert message.split(";")[0].split(" (")[0] in shown
