"""The `voice-interview` command: a thin layer over the pipeline, the bank and the app."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from voice_interview import __version__
from voice_interview.errors import VoiceInterviewError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="voice-interview",
        description="Rehearse interview answers out loud and get an evidence-linked scorecard. "
        "With no command, opens the practice app.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    practice = sub.add_parser("practice", help="open the practice app")
    practice.add_argument("--question", "-q", metavar="ID", help="open straight on this question")

    questions = sub.add_parser("questions", help="list the question ids and titles")
    questions.add_argument("--json", action="store_true", help="print JSON")

    score = sub.add_parser("score", help="score recorded answers (or a typed one with --text)")
    score.add_argument("files", nargs="*", type=Path, metavar="FILE", help="wav/flac/mp3/ogg/m4a")
    score.add_argument("--text", type=Path, metavar="FILE", help="score a typed transcript")
    score.add_argument(
        "--transcript",
        type=Path,
        metavar="FILE.json",
        help="score a (corrected) transcript with its timings: a report, or what 'transcribe "
        "--format json' wrote (then give its recording too); its text is laid over its timed words",
    )
    score.add_argument(
        "--question",
        "-q",
        metavar="ID",
        help="question id (default: star-story, a generic STAR rubric; with --transcript, the "
        "report's own question)",
    )
    score.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    score.add_argument(
        "--out",
        "-o",
        type=Path,
        metavar="DIR",
        help="write one report per input into the folder DIR instead of printing",
    )
    score.add_argument(
        "--model",
        "-m",
        metavar="NAME_OR_PATH",
        help="'bundled' (default), a model name, or a CTranslate2 model directory",
    )

    score.add_argument(
        "--keep",
        action="store_true",
        help="also save each scored answer in the history, with a copy of its recording",
    )

    tr = sub.add_parser("transcribe", help="transcribe a recording with word times")
    tr.add_argument("file", type=Path, metavar="FILE")
    tr.add_argument("--format", "-f", choices=("text", "json", "srt", "vtt"), default="text")
    tr.add_argument("--model", "-m", metavar="NAME_OR_PATH")

    rounds = sub.add_parser("rounds", help="list the mock interview rounds, or show one's plan")
    rounds.add_argument("round_id", nargs="?", metavar="ID", help="show this round's plan")
    rounds.add_argument("--seed", type=int, metavar="N", help="draw the stories from the N-th")
    rounds.add_argument("--json", action="store_true", help="print JSON")

    round_ = sub.add_parser(
        "round",
        help="run a mock interview round in the app, or on recorded answers (--answers)",
    )
    round_.add_argument("round_id", metavar="ID", help="a round id (see 'voice-interview rounds')")
    round_.add_argument(
        "--answers",
        nargs="+",
        type=Path,
        metavar="FILE",
        default=[],
        help="the answers in order, one per turn asked: recordings, or .txt typed answers "
        "(without it, the round runs in the app)",
    )
    round_.add_argument("--seed", type=int, metavar="N", help="draw the stories from the N-th")
    round_.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    round_.add_argument("--out", "-o", type=Path, metavar="FILE", help="write the debrief here")
    round_.add_argument("--model", "-m", metavar="NAME_OR_PATH")
    round_.add_argument(
        "--keep",
        action="store_true",
        help="also keep the round in the history, with a copy of every recorded answer",
    )

    schema = sub.add_parser("schema", help="print the JSON schema of the report")
    schema.add_argument(
        "--debrief", action="store_true", help="the schema of a round's debrief instead"
    )

    hist = sub.add_parser(
        "history", help="list past attempts, with each question's score trend, or compare two"
    )
    hist.add_argument("--json", action="store_true", help="print the attempts as a JSON array")
    hist.add_argument("--question", "-q", metavar="ID", help="only the attempts at this question")
    hist.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="two attempts side by side: figures and every signal",
    )
    hist.add_argument(
        "--show",
        metavar="ID",
        help="print one attempt's whole report again (as `score` did; --json for JSON), "
        "or a round's debrief (r3)",
    )
    hist.add_argument(
        "--rounds",
        action="store_true",
        help="list the mock interview rounds instead (--show r3, --compare r1 r3 for one or two)",
    )
    hist.add_argument(
        "--original",
        action="store_true",
        help="with --show: the report as first scored, before you corrected the transcript",
    )
    hist.add_argument(
        "--rescore",
        metavar="ID",
        help="score an attempt's recording again: one that was not scored, or with --model",
    )
    hist.add_argument(
        "--edit",
        metavar="ID",
        help="correct an attempt's transcript in $EDITOR and score it again with its timings "
        "(the report as first scored is kept)",
    )
    hist.add_argument("--model", "-m", metavar="NAME_OR_PATH", help="the model for --rescore")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except VoiceInterviewError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0


def _dispatch(args: argparse.Namespace) -> int:
    from voice_interview import commands

    if args.command in (None, "practice"):
        return commands.practice(getattr(args, "question", None))
    if args.command == "questions":
        return commands.list_questions(as_json=args.json)
    if args.command == "score":
        return commands.score(
            files=args.files,
            text=args.text,
            question_id=args.question,
            fmt=args.format,
            out=args.out,
            model=args.model,
            keep=args.keep,
            transcript=args.transcript,
        )
    if args.command == "transcribe":
        return commands.transcribe(args.file, fmt=args.format, model=args.model)
    if args.command == "schema":
        from voice_interview.models.debrief import RoundDebrief
        from voice_interview.models.report import Report

        model = RoundDebrief if args.debrief else Report
        print(json.dumps(model.model_json_schema(), indent=2))
        return 0
    if args.command in ("rounds", "round"):
        from voice_interview import round_commands

        if args.command == "rounds":
            return round_commands.list_rounds(args.round_id, as_json=args.json, seed=args.seed)
        return round_commands.run_round(
            args.round_id,
            answers=args.answers,
            seed=args.seed,
            fmt=args.format,
            out=args.out,
            model=args.model,
            keep=args.keep,
        )
    if args.command == "history":
        return commands.history(
            as_json=args.json,
            question_id=args.question,
            compare=args.compare,
            show=args.show,
            original=args.original,
            rescore=args.rescore,
            edit=args.edit,
            model=args.model,
            rounds=args.rounds,
        )
    raise AssertionError(f"unhandled command {args.command}")


def _error(message: str) -> None:
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "voice-interview"
    if prog in ("__main__.py", "-c"):
        prog = "voice-interview"
    print(f"{prog}: error: {message}", file=sys.stderr)
