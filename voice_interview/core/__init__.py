"""The pure scoring core: rubric, fillers, pacing, timing and the question bank.

Nothing here imports a UI, audio or model library; every rule runs on plain text and times.
"""
