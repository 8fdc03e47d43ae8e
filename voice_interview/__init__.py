"""voice-interview: a fully local voice mock-interview practice tool."""

from voice_interview.offline import enforce_offline

# First, before anything can load a library that might reach the network (see offline.py).
enforce_offline()

__version__ = "0.1.0"
