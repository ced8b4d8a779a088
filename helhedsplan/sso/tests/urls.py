"""The root URLconf with every SSO address, for tests that switch SSO on after start-up (the
real helhedsplan/urls.py adds them only when the environment switched them on)."""

from helhedsplan.sso.urls import patterns
from helhedsplan.urls import urlpatterns as root

urlpatterns = [*root, *patterns(oidc_on=True, saml_on=True)]
