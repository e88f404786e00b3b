"""«Send a test e-mail to me»: one message over the SMTP settings, before any real sending."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from outreach.channels.errors import DeliveryError
from outreach.common.errors import OutreachError
from outreach.common.i18n import t
from outreach.messages.delivery.smtp import SmtpSender, build_email, smtp_config
from outreach.settings.values import check_address


def send_test_email(settings: dict[str, str], to: str, password: str | None = None) -> str:
    """Send one test message to `to` with `settings` (the environment still wins); a password
    typed but not saved yet replaces the stored one. Returns the Message-ID; any failure is
    an OutreachError in one sentence (refused login, no host, untrusted certificate…)."""
    address = check_address(to, t("Send to"))
    if not address:
        raise OutreachError(t("Type the address to send the test e-mail to."))
    config = smtp_config(settings)
    if config is None:
        raise OutreachError(t("Set the mail server (smtp.host) first."))
    if password and config.user:
        config = replace(config, password=password)
    text = t("This is a test e-mail from outreach. If you can read it, e-mail to parents will go out from {teacher}.", teacher=settings.get("teacher_name") or config.sender)
    mail = build_email(config, "", address, t("outreach: test e-mail"), text,
                       f"<p>{escape(text)}</p>")
    try:
        with SmtpSender(config) as sender:
            return sender.send(mail)
    except DeliveryError as exc:
        raise OutreachError(t("The test e-mail was not sent: {reason}", reason=exc.text)) from None
