"""Errors a user can act on. The message is one line: what is wrong and what to do."""

from __future__ import annotations


class VoiceInterviewError(Exception):
    """A problem with the user's input or set-up, shown as one line without a traceback."""

    exit_code: int = 1


class InputError(VoiceInterviewError):
    """A file or argument that cannot be used (missing, empty, corrupt, unsupported)."""

    exit_code = 2


class QuestionError(VoiceInterviewError):
    """An unknown question id or an invalid question pack."""

    exit_code = 2


class RoundError(VoiceInterviewError):
    """An unknown round id, an invalid round file, or a round that cannot go on."""

    exit_code = 2


class ModelError(VoiceInterviewError):
    """The transcription model is missing, broken or cannot be loaded."""

    exit_code = 3


class NoSpeechError(VoiceInterviewError):
    """The recording holds no speech."""

    exit_code = 4


class Cancelled(VoiceInterviewError):
    """The user cancelled a long operation."""

    exit_code = 130
