"""The pure core: activity facts in, sitting bouts and prompt decisions out.

Nothing here imports Qt, input hooks, the scheduler, the notifier or the database, and
nothing reads a clock: every moment arrives as an argument, in seconds on one monotonic
timeline (POSIX seconds in traces; the clock adapter keeps the live timeline monotonic).
"""
