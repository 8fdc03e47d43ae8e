"""voice-interview: a fully local voice mock-interview practice tool."""

__version__ = "0.1.0"
