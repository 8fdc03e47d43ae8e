"""The Textual practice app: screens, widgets, one stylesheet, and the factory that builds it."""
