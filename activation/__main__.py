"""`python -m activation` is the same as the `trig` command."""

from activation.cli import main

if __name__ == "__main__":
    main()
