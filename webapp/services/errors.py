"""Errors that services raise and views turn into messages."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: a message a person can act on."""

    status = 400

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class ValidationError(ServiceError):
    status = 422


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Conflict(ServiceError):
    status = 409
