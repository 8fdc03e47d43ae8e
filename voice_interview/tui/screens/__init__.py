"""The app's screens: picker, answer, scoring, report, history, settings, help."""
