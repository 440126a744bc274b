"""`make bench`: measured speed, size and scale of the site, checked against budgets.yml.

A script, not a timed test: timings depend on the machine, so they are reported and
compared with budgets in one run, never asserted in the test suite.
"""
