"""Fake provider HTTP servers for the runner tests: real clients talk to them over HTTP."""
