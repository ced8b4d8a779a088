"""Forms for logging in: the password step (user name or e-mail) and the code step."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's form; invited people log in with their e-mail, so the label says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Brugernavn eller e-mail"
        self.fields["password"].label = "Adgangskode"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Kode fra din app",
        max_length=20,
        help_text="De 6 cifre, som godkendelses-appen på din telefon (fx Microsoft "
        "Authenticator eller Google Authenticator) viser for Helhedsplan lige nu.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, autofocus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only where the code is all the page asks for (not below the set-up instructions).
        if autofocus:
            self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Skriv de 6 cifre, appen viser, fx 123456.")
        return code
