"""Plain, immutable, serialisable result types shared by every layer.

Nothing in this package imports a UI, audio or model library.
"""
