"""The drift report (issue 6): one fixed corpus of requests replayed against two targets, outcome by outcome.

A corpus entry (model.py) is a request plus the setup it needs; corpus*.py hold one entry per catalogue rule and per
tutorial mistake, sample.py adds schemathesis-generated read requests. runner.py replays the corpus on two targets
(targets.py: the mock in-process or any server over HTTP, a real org included) and report.py writes the result.
"""
