"""Municipal single sign-on: OpenID Connect and SAML 2.0 logins matched to invited people."""
