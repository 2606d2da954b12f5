"""trig activation runner."""
