"""One module per CLI command; each delegates to the runner's modules."""
