"""Benchmarks: run by hand, figures reported in the README; never part of the test suite."""
