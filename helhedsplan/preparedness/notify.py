"""Notifying the beredskab's people that the plan is activated, through pluggable channels.

The channels are listed in the setting ``HELHEDSPLAN_PREPAREDNESS_CHANNELS`` (environment variable
of the same name, comma-separated dotted paths). The default is e-mail, which goes through
Django's e-mail backend: printed on the console until ``EMAIL_HOST`` is set.

A channel is a class with a ``name`` (stored on each Notification, at most 20 characters), a
``recipient(contact)`` giving the address it sends to, and ``send(contact, subject, text)``, which
returns nothing and raises on failure. An SMS gateway is added by writing such a class, e.g.::

    class GatewaySmsChannel(Channel):
        name = "sms"

        def recipient(self, contact):
            return contact.phone

        def send(self, contact, subject, text):
            if not contact.phone:
                raise ChannelError("Intet telefonnummer registreret.")
            response = requests.post(GATEWAY_URL, data={"to": contact.phone, "text": text},
                                     timeout=10)
            response.raise_for_status()

and listing it: ``HELHEDSPLAN_PREPAREDNESS_CHANNELS=helhedsplan.preparedness.notify.EmailChannel,
mymodule.GatewaySmsChannel``. Every contact gets one Notification per channel, delivered or not;
a channel that fails never stops the activation.
"""

import logging
import sys
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from helhedsplan.preparedness.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_CHANNELS = ["helhedsplan.preparedness.notify.EmailChannel"]


class ChannelError(Exception):
    """A message could not be delivered; the text is shown to the secretariat."""


class Channel(ABC):
    name = "kanal"

    def recipient(self, contact) -> str:
        return contact.email or contact.phone or ""

    @abstractmethod
    def send(self, contact, subject: str, text: str) -> None:
        """Deliver the message or raise (ChannelError for a reason the secretariat should see)."""


class EmailChannel(Channel):
    name = "e-mail"

    def recipient(self, contact) -> str:
        return contact.email

    def send(self, contact, subject: str, text: str) -> None:
        if not contact.email:
            raise ChannelError("Ingen e-mailadresse registreret.")
        send_mail(subject, text, None, [contact.email], fail_silently=False)


class ConsoleChannel(Channel):
    """For development without an SMS gateway: the message is written to standard output."""

    name = "konsol"

    def recipient(self, contact) -> str:
        return contact.phone or contact.email or contact.name

    def send(self, contact, subject: str, text: str) -> None:
        sys.stdout.write(f"[beredskab] til {self.recipient(contact)}: {subject}\n{text}\n\n")
        sys.stdout.flush()


def _paths() -> list[str]:
    return list(getattr(settings, "HELHEDSPLAN_PREPAREDNESS_CHANNELS", DEFAULT_CHANNELS))


class _BrokenSetting(Channel):
    """Stands in for a channel whose class cannot be loaded, so the failure is recorded."""

    def __init__(self, path: str, error: Exception):
        self.name = path.rsplit(".", 1)[-1][:20] or "ukendt"
        self.error = f"Kanalen {path!r} kunne ikke indlæses: {error}"

    def recipient(self, contact) -> str:
        return ""

    def send(self, contact, subject: str, text: str) -> None:
        raise ChannelError(self.error)


def _load_channels() -> list[Channel]:
    channels = []
    for path in _paths():
        try:
            channels.append(import_string(path)())
        except Exception as error:  # a bad setting must not stop an activation
            logger.error("HELHEDSPLAN_PREPAREDNESS_CHANNELS: %s kan ikke indlæses: %s", path, error)
            channels.append(_BrokenSetting(path, error))
    return channels


def notify_contacts(*, activation, contacts, subject: str, text: str) -> list[Notification]:
    """Sends to every contact through every channel; records each attempt, never raises."""
    notifications = []
    for channel in _load_channels():
        for contact in contacts:
            recipient = ""
            try:
                recipient = channel.recipient(contact) or ""
                channel.send(contact, subject, text)
            except Exception as error:  # any failure is recorded, not raised
                logger.warning(
                    "Beredskabsbesked via %s til kontakt %s fejlede: %s",
                    channel.name,
                    contact.pk,
                    error,
                )
                ok, message = False, str(error) or error.__class__.__name__
            else:
                ok, message = True, ""
            notifications.append(
                Notification.objects.create(
                    activation=activation,
                    contact=contact,
                    channel=channel.name[:20],
                    recipient=(recipient or str(contact))[:200],
                    ok=ok,
                    error=message,
                )
            )
    return notifications
