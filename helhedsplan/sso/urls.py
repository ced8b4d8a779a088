"""The addresses of the municipality's login; helhedsplan/urls.py mounts them only for the
protocols that are switched on."""

from django.urls import include, path

from helhedsplan.sso import oidc, saml, views

app_name = "sso"
urlpatterns = [
    path("ingen-adgang/", views.no_access, name="no_access"),
]

# mozilla-django-oidc and djangosaml2 look their addresses up by these names, without a namespace.
oidc_urlpatterns = [
    path(
        "authenticate/", oidc.AuthenticationRequestView.as_view(), name="oidc_authentication_init"
    ),
    path("callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
]


def _saml_urlpatterns():
    from djangosaml2.views import MetadataView

    return [
        path("login/", saml.SAMLLoginView.as_view(), name="saml2_login"),
        path("acs/", saml.AssertionConsumerView.as_view(), name="saml2_acs"),
        # The address the municipality's IT department gives its IdP (ADFS, FK Adgangsstyring).
        path("metadata/", MetadataView.as_view(), name="saml2_metadata"),
    ]


def patterns(*, oidc_on: bool, saml_on: bool) -> list:
    """The URL patterns to add to the root URLconf."""
    result = []
    if oidc_on:
        result.append(path("oidc/", include(oidc_urlpatterns)))
    if saml_on:
        result.append(path("saml2/", include(_saml_urlpatterns())))
    if oidc_on or saml_on:
        result.append(path("sso/", include("helhedsplan.sso.urls")))
    return result
