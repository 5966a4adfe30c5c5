"""Benchmarks (`make bench`): figures printed for people, never pass/fail tests."""
