"""Activity traces: reading them, driving the engine with them, and making them up.

A trace holds exactly what the live monitors produce, so the same core the tray app runs can be
measured, demonstrated and benchmarked from a file. `reader` turns trace files into facts,
`replay` drives the engine with them, `simulation` makes synthetic office days (with the truth
behind them) and `sample_history` makes years of stored history for pictures and benchmarks.
"""
