"""E-mail from the accounts: the invitation's link. (The password reset's e-mail is built and
sent in password_reset_forms.)"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from helhedsplan.accounts.models import Invitation


def send_invitation(invitation: Invitation, link: str) -> tuple[bool, str]:
    """E-mail the link when a mail server is set up (EMAIL_HOST); otherwise the secretariat
    sends the link it is shown. A failing server never undoes the invitation."""
    if not settings.EMAIL_HOST:
        return False, ""
    context = {
        "invitation": invitation,
        "plan": invitation.plan,
        "link": link,
        "role": invitation.role_label,
        "inviter": invitation.created_by,
        "days": settings.HELHEDSPLAN_INVITATION_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation.txt", context)
    try:
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
            fail_silently=False,
        )
    except (OSError, smtplib.SMTPException) as error:
        return False, str(error) or error.__class__.__name__
    return True, ""
