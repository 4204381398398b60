"""Fixtures of the alerts tests: a real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the SMTP server received: parsed messages, with their envelope recipients."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpts, m in self.messages if address in rcpts]


def smtp_settings(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def mailbox(settings):
    """Start an SMTP server on a free loopback port, point Django's e-mail at it, and return its Mailbox."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    smtp_settings(settings, port)
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Point Django's e-mail at a loopback port where no server listens (connection refused)."""
    smtp_settings(settings, free_port())


@pytest.fixture
def person(user_factory):
    """Return a function creating a user with an e-mail address and the given roles."""

    def make(*roles, username=None):
        user = user_factory(*roles, username=username)
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        return user

    return make

