"""The login page's part for the municipality's login: `{% load sso %}{% sso_login_buttons %}`
and `{% local_login_enabled as local_login %}` (whether to show the password form)."""

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def local_login_enabled(context) -> bool:
    """The password form is shown when passwords are on; with them off, only at
    /login/?adgangskode=1 (and its answer) and only when HELHEDSPLAN_LOCAL_LOGIN_ADMIN=1 (superusers' way in)."""
    if getattr(settings, "HELHEDSPLAN_LOCAL_LOGIN", True):
        return True
    request = context.get("request")
    return bool(
        getattr(settings, "HELHEDSPLAN_LOCAL_LOGIN_ADMIN", False)
        and request is not None
        and (request.GET.get("adgangskode") or request.method == "POST")
    )


@register.inclusion_tag("sso/_login_buttons.html", takes_context=True)
def sso_login_buttons(context):
    buttons = []
    if getattr(settings, "HELHEDSPLAN_SSO_OIDC", False):
        buttons.append((reverse("oidc_authentication_init"), settings.HELHEDSPLAN_OIDC_LABEL))
    if getattr(settings, "HELHEDSPLAN_SSO_SAML", False):
        buttons.append((reverse("saml2_login"), settings.HELHEDSPLAN_SAML_LABEL))
    return {
        "buttons": buttons,
        "next": context.get("next") or "",
        "local_login": local_login_enabled(context),
    }
