"""Rendering pending actions into channel-independent messages."""
