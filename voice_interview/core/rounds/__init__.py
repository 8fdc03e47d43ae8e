"""Mock interview rounds: the plan, the interviewer that probes the gaps, and the debrief.

Pure, like the rest of the core: answers' reports in, the next turn out. `RoundEngine` is the
state machine; `load_rounds` reads the rounds; `build_debrief` writes the round's report.
"""
