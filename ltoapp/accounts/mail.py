"""Sending sign-in links and reminders by email, when a mail server is configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from typing import Any


def mail_configured(config: dict[str, Any]) -> bool:
    """Say whether an SMTP server is configured."""
    return bool(config.get("MAIL_SERVER"))


def send_invitation(config: dict[str, Any], name: str, email: str, link: str) -> bool:
    """Email an invitation link, if mail is configured; say whether it went.

    Without a mail server the inviter is shown the link to pass on by hand.
    """
    if not mail_configured(config):
        return False
    product = config["PRODUCT_NAME"]
    send_mail(
        config,
        email,
        f"You are invited to {product}",
        f"Hello {name},\n\nYou have been invited to {product}. Open this link "
        f"within seven days to choose your password:\n\n{link}\n",
    )
    return True


def send_password_reset(
    config: dict[str, Any], name: str, email: str, link: str
) -> None:
    """Email a link to choose a new password (the caller checks mail is set up)."""
    send_mail(
        config,
        email,
        f"Choose a new password for {config['PRODUCT_NAME']}",
        f"Hello {name},\n\nTo choose a new password, open this link within two "
        f"hours:\n\n{link}\n\nIf you did not ask for this, ignore this email: "
        "your password has not changed.\n",
    )


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
