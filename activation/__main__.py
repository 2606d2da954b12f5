"""`python -m trig_lifecycle` is the same as the `trig` command."""

from .cli import main

if __name__ == "__main__":
    main()
