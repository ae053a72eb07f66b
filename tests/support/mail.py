"""A real SMTP server on loopback (aiosmtpd) and the fixture that points Django at it."""

import socket
import threading

import pytest


class _Inbox:
    def __init__(self):
        self.messages = []  # list of email.message.EmailMessage
        self.refuse_once: set[str] = set()  # recipients refused (550) the first time
        self.defer_once: set[str] = set()  # recipients answered "451 try again later" the first time
        self.lock = threading.Lock()

    def clear(self):
        with self.lock:
            self.messages.clear()
            self.refuse_once.clear()
            self.defer_once.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    """An aiosmtpd server on 127.0.0.1; yields an object with ``port`` and ``inbox``."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    inbox = _Inbox()

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            with inbox.lock:
                if address in inbox.refuse_once:
                    inbox.refuse_once.discard(address)
                    return "550 refused once by the test"
                if address in inbox.defer_once:
                    inbox.defer_once.discard(address)
                    return "451 try again later (the test)"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            msg = message_from_bytes(envelope.content, policy=policy.default)
            msg["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            with inbox.lock:
                inbox.messages.append(msg)
            return "250 Message accepted"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    controller.inbox = inbox
    controller.port = port
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django sends through the loopback SMTP server for this test; inbox starts empty."""
    smtp_server.inbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    return smtp_server
