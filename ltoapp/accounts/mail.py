"""Sending sign-in links and reminders by email, when a mail server is configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any


def mail_configured(config: dict[str, Any]) -> bool:
    """Say whether an SMTP server is configured."""
    return bool(config.get("MAIL_SERVER"))


def send_mail(
    config: dict[str, Any], to: str, subject: str, body: str, html: str | None = None
) -> None:
    """Send an email through the configured SMTP server: plain text, and HTML too."""
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 587)) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
