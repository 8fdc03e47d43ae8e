"""Turn a Report (or a Transcript) into text for people: terminal, Markdown, subtitles."""
