"""Domain errors raised by services, and the HTTP pages they become."""
from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_wtf.csrf import CSRFError

from .extensions import db


class DomainError(Exception):
    """Base for errors a service raises on purpose."""


class InvalidInput(DomainError):
    """Input a form could not judge (uniqueness, state); keyed by form field."""

    status = 422

    def __init__(self, errors: dict[str, str] | None = None, **fields: str):
        self.errors = {**(errors or {}), **fields}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class RateLimited(InvalidInput):
    """Too many in a short while: shown beside the field like any input error, with status 429."""

    status = 429


class NotAllowed(DomainError):
    """The member may not do this (403)."""


class NotFound(DomainError):
    """The thing does not exist, or the member may not know it does (404)."""


def apply_to_form(form, error: InvalidInput) -> None:
    """Put a service's field errors beside the form's fields."""
    for name, message in error.errors.items():
        field = getattr(form, name, None)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


SOCKET_ERROR = "Something went wrong. Reload the page and try again."


def register_socket_errors(socketio) -> None:
    """A live handler that raises answers its ack with a reason instead of never answering.

    The handler's transaction is rolled back and the error logged with its traceback, as the 500
    page does for HTTP; the client learns only that it failed. A refused connection is not an
    error: Flask-SocketIO passes on only python-socketio's own ConnectionRefusedError, so the
    built-in one our connect handlers raise must go on to python-socketio, which refuses it. A
    connect handler that fails refuses the connection (an answer would accept it).
    """
    @socketio.on_error_default
    def socket_error(error):
        if isinstance(error, ConnectionRefusedError):
            raise error
        db.session.rollback()
        event = getattr(request, "event", None) or {}
        current_app.logger.error("Socket.IO %s on %s failed", event.get("message"),
                                 getattr(request, "namespace", "?"), exc_info=error)
        if event.get("message") == "connect":
            return False
        return {"ok": False, "error": SOCKET_ERROR}


def register_error_pages(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        return render_template("errors/error.html", status=status, title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return page(400, "Your form expired",
                    "This page was open too long or was sent from somewhere else, so nothing was "
                    "saved. Go back, reload the page and try again.")

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, "Something was wrong with that request",
                    "The request could not be read. Go back and try again.")

    @app.errorhandler(NotAllowed)
    @app.errorhandler(403)
    def forbidden(error):
        from flask_login import current_user

        from .permissions import standing
        reason = str(error) if isinstance(error, NotAllowed) else ""
        return page(403, "You cannot do that", reason or standing(current_user) or
                    "Your account does not allow this. If you think it should, ask an administrator.")

    @app.errorhandler(NotFound)
    @app.errorhandler(404)
    def not_found(error):
        return page(404, "Page not found", "If you typed the web address, check it is correct.")

    @app.errorhandler(405)
    def method_not_allowed(error):
        return page(405, "That cannot be done here", "Go back and use the page's own buttons.")

    @app.errorhandler(413)
    def too_large(error):
        return page(413, "That was too much to send", "Shorten what you wrote and try again.")

    @app.errorhandler(429)
    def too_many(error):
        return page(429, "Too many tries",
                    "You have tried this too many times in a short while. Wait a few minutes, "
                    "then try again.")

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        app.logger.error("500 on %s %s", request.method, request.path)
        return page(500, "Sorry, there is a problem with the service", "Try again later.")
