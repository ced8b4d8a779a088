"""The user's own page "To-trins-login": set up an authenticator app, or remove it."""

import logging

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhedsplan.accounts import two_factor
from helhedsplan.accounts.login_views import WRONG_CODE, safe_next, verify, wait_message
from helhedsplan.accounts.two_factor_forms import CodeForm

logger = logging.getLogger("helhedsplan.security")

WRONG_SET_UP_CODE = (
    "Koden passer ikke. Tjek, at appen har fået QR-koden eller hemmeligheden fra denne side "
    "(en ældre virker ikke), at du skriver den nyeste kode, og at uret på telefonen går rigtigt."
)


def _check(form, user, device, wrong: str) -> bool:
    """A valid form whose code the device accepts; otherwise the reason on the form."""
    if not form.is_valid():
        return False
    waiting = wait_message(device)
    if waiting:
        form.add_error("code", waiting)
        return False
    if not verify(user, device, form.cleaned_data["code"]):
        form.add_error("code", wrong)
        return False
    return True


@login_required
@never_cache
@sensitive_post_parameters("code", "remove-code")
def two_factor_page(request):
    user = request.user
    device = two_factor.confirmed_device(user)
    next_url = safe_next(request, "")
    if device is not None:
        return _enabled(request, user, device)
    setup = two_factor.unconfirmed_device(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and setup.pk is None:
        setup.save()  # a code is tried: the device is kept (its brake on wrong codes with it)
    if request.method == "POST" and _check(form, user, setup, WRONG_SET_UP_CODE):
        setup.confirmed = True
        setup.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        request.session.pop(two_factor.SETUP_KEY, None)
        request.session.cycle_key()
        django_otp.login(request, setup)
        logger.warning("To-trins-login slået til: %r", user.get_username())
        messages.success(
            request,
            "To-trins-login er slået til. Når du logger ind, skal du nu også skrive koden fra "
            "appen.",
        )
        return redirect(next_url or "account:two_factor")
    context = {
        "form": form,
        "secret": two_factor.secret_of(setup),
        "forced": two_factor.required_for(user),
        "next": next_url,
    }
    return render(request, "accounts/two_factor.html", context, status=422 if form.errors else 200)


def _enabled(request, user, device):
    required = two_factor.required_for(user)
    form = CodeForm(request.POST or None, prefix="remove")
    if request.method == "POST" and not required and _check(form, user, device, WRONG_CODE):
        TOTPDevice.objects.filter(user=user).delete()
        logger.warning("To-trins-login slået fra: %r", user.get_username())
        messages.success(
            request, "To-trins-login er slået fra. Du logger nu ind med adgangskoden alene."
        )
        return redirect("account:two_factor")
    context = {"device": device, "remove_form": form, "required": required}
    return render(request, "accounts/two_factor.html", context, status=422 if form.errors else 200)


@login_required
@never_cache
def qr_code(request):
    """The QR code of the secret being set up, as an SVG image (an <img>, so no inline markup
    that a Content-Security-Policy would have to allow). Gone once the device is confirmed."""
    if two_factor.confirmed_device(request.user) is not None:
        raise Http404("Der er ingen opsætning i gang.")
    device = two_factor.unconfirmed_device(request)
    response = HttpResponse(two_factor.qr_svg(device), content_type="image/svg+xml")
    return response
