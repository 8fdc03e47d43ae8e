"""Widgets of the practice app: timer, level meter, pace chart, transcript view."""
