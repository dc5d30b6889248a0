"""Benchmark suite of the mock (issue 8): run by hand with ``python -m benchmarks``, never as timed test assertions.

Every scenario reports figures as median and min–max over several runs, and ratios measured within one run on
one machine, because absolute numbers change from machine to machine while ratios mostly do not.
"""
