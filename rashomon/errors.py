"""Exceptions raised by rashomon; the CLI turns each into one line on stderr.

Hierarchy::

    RashomonError            base of everything we raise on purpose
    ├── InputError           a file or record we cannot read (binary, empty, encoding, markup, size)
    ├── ModelError           the spaCy model is missing or cannot be loaded
    ├── StoreError           the database is corrupt, foreign, locked or unreachable
    ├── ConfigError          bad option or setting
    └── DataFileError        a shipped or user knowledge file does not validate
"""

from __future__ import annotations


class RashomonError(Exception):
    """Base class: ``str(err)`` is a complete one-line message for the user."""

    code = "R000"


class InputError(RashomonError):
    """An input file or record cannot be processed; names the file and the reason."""

    code = "R100"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        """Pickle by (path, reason), so worker processes and Dask can send it back."""
        return (type(self), (self.path, self.reason))


class ModelError(RashomonError):
    """The NLP model is missing or broken; the message says how to install it."""

    code = "R200"


class StoreError(RashomonError):
    """The store cannot be opened, is not a rashomon database, or a write failed."""

    code = "R300"


class ConfigError(RashomonError):
    """An option or setting is invalid."""

    code = "R400"


class DataFileError(RashomonError):
    """A knowledge data file is missing or does not validate."""

    code = "R500"
