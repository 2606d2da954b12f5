"""The error type users see: a reason plus the instruction to fix it, never a traceback."""


class TrigError(Exception):
    """A configuration or usage problem the user can fix (exit code 2)."""

    def __init__(self, reason: str, fix: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix

    def one_line(self) -> str:
        text = self.reason.rstrip(".")
        return f"{text}. {self.fix}" if self.fix else f"{text}."
