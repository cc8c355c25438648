"""One root exception; a user-facing kind whose message is safe to show."""

from __future__ import annotations


class NotaloneError(Exception):
    """Root of every error the project raises on purpose."""


class UserFacingError(NotaloneError):
    """An error whose message was written for the officer and is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigurationError(NotaloneError):
    """The operator's configuration cannot work; the message is for the operator."""
