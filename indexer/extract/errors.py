"""The one error type the page readers raise."""

from __future__ import annotations


class ExtractError(Exception):
    """A file that cannot become a search record; the message says why.

    ``str(error)`` reads ``"<path>: <reason>"`` so that a command can print it
    as one line naming the file.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):
        # Errors travel back from indexing worker processes.
        return (type(self), (self.path, self.reason))
